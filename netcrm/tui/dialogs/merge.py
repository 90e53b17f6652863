"""Merge people into one: who to keep, what would move into them, and yes.

The list offers who to keep (``↑``/``↓``; the first is highlighted unless told otherwise);
for the one highlighted, the merge is worked out without writing anything (a dry run, in a
thread) and what would move is listed under it. ``enter`` merges, ``escape`` cancels. With
``fixed`` the one kept is the first, and only the dry run is shown (the contact screen's
"merge with…"). Dismisses with the :class:`Candidate` to keep; the caller merges.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from netcrm.domain.errors import NetcrmError
from netcrm.domain.name_list import names_in_words
from netcrm.services.records import MergeResult
from netcrm.tui.dialogs.choose_person import Candidate, candidate_prompt
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.user_error import user_error


def preview_text(keep: Candidate, others: Sequence[Candidate], result: MergeResult) -> Text:
    """ "Would move into Budi Santoso (#1):" and a line for each kind of thing moved."""
    text = Text.assemble(("Would move into ", "bold"), (keep.label, "bold"), (":", "bold"))
    for line in result.moved or ("nothing but the record itself",):
        text.append(f"\n  {line}")
    gone = names_in_words([o.label for o in others])
    verb = "is" if len(others) == 1 else "are"
    text.append(f"\n{gone} {verb} then gone; u undoes it.", style="dim")
    return text


class MergeDialog(ModalScreen[Candidate | None]):
    """``people``: two or more; ``keep``: who is highlighted first."""

    shell = ShellOf()

    DEFAULT_CSS = """
    MergeDialog { align: center middle; }
    MergeDialog .merge-dialog { width: 80; padding: 1 2; }
    MergeDialog .merge-about { margin-bottom: 1; }
    MergeDialog OptionList { height: auto; max-height: 10; margin-bottom: 1; }
    MergeDialog #merge-preview { height: auto; min-height: 3; }
    MergeDialog #merge-preview.-invalid { color: $text-error; }
    MergeDialog .dialog-buttons { height: 1; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "merge", "Merge", id="merge.yes", priority=True),
        Binding("escape", "cancel", "Cancel", id="merge.cancel"),
    ]

    def __init__(self, people: Sequence[Candidate], *, keep: int = 0, fixed: bool = False) -> None:
        super().__init__()
        self.people = tuple(people)
        self.fixed = fixed
        self.start = 0 if fixed else min(max(keep, 0), len(self.people) - 1)
        self.failed: dict[int, str] = {}  # keep id → why that merge cannot be done

    def compose(self) -> ComposeResult:
        count = len(self.people)
        with Vertical(classes="dialog merge-dialog") as dialog:
            if self.fixed:
                keep, others = self.people[0], self.people[1:]
                dialog.border_title = f"Merge into {keep.name}"
                yield Static(
                    f"Keep {keep.label}; fold {names_in_words([o.label for o in others])} "
                    "into them: handles, conversations and details move, the duplicate goes.",
                    classes="merge-about",
                    markup=False,
                )
            else:
                dialog.border_title = (
                    "Merge two people into one" if count == 2 else f"Merge {count} people into one"
                )
                yield Static(
                    "Who to keep? The others fold into them: their handles, conversations and "
                    "details move, and they are gone.",
                    classes="merge-about",
                    markup=False,
                )
                width = max(len(c.name) for c in self.people)
                yield OptionList(
                    *(Option(candidate_prompt(c, width), id=str(c.id)) for c in self.people),
                    id="merge-keep",
                )
            yield Static("Working out what would move…", id="merge-preview", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Static(
                    "enter merges · esc cancels"
                    if self.fixed
                    else "↑ ↓ who to keep · enter merges",
                    classes="dialog-hint",
                )
                yield Button("Merge  enter", id="merge-yes", variant="primary", compact=True)
                yield Button("Cancel  esc", id="merge-no", compact=True)

    def on_mount(self) -> None:
        if self.fixed:
            self._preview(self.people[0])
            return
        options = self.query_one(OptionList)
        options.highlighted = self.start
        options.focus()

    # --- who is kept, and what would move --------------------------------------------------

    @property
    def keep(self) -> Candidate | None:
        if self.fixed:
            return self.people[0]
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.people):
            return None
        return self.people[index]

    def others(self, keep: Candidate) -> tuple[Candidate, ...]:
        return tuple(p for p in self.people if p.id != keep.id)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        keep = self.keep
        if keep is not None:
            self._preview(keep)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_merge()

    def _preview(self, keep: Candidate) -> None:
        self._show(Text("Working out what would move…", style="dim"), invalid=False)
        others = self.others(keep)
        self.run_worker(
            lambda: self._dry_run(keep, others),
            group="merge.preview",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _dry_run(self, keep: Candidate, others: tuple[Candidate, ...]) -> None:
        from netcrm.services.merging import merge_people

        worker = get_current_worker()
        shell = self.shell
        try:
            result = merge_people(
                shell.store, keep.ref, [o.ref for o in others], shell.clock, dry_run=True
            )
        except Exception as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, keep, user_error(error, "merging"))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._previewed, keep, others, result)

    def _previewed(
        self, keep: Candidate, others: tuple[Candidate, ...], result: MergeResult
    ) -> None:
        if not self.is_mounted or self.keep != keep:
            return
        self.failed.pop(keep.id, None)
        self._show(preview_text(keep, others, result), invalid=False)

    def _failed(self, keep: Candidate, error: NetcrmError) -> None:
        if not self.is_mounted:
            return
        self.failed[keep.id] = str(error)
        if self.keep == keep:
            self._show(Text(f"✗ {error}"), invalid=True)

    def _show(self, text: Text, *, invalid: bool) -> None:
        preview = self.query_one("#merge-preview", Static)
        preview.set_class(invalid, "-invalid")
        preview.update(text)
        self.query_one("#merge-yes", Button).disabled = invalid

    # --- answering --------------------------------------------------------------------------

    @on(Button.Pressed, "#merge-yes")
    def _yes(self) -> None:
        self.action_merge()

    @on(Button.Pressed, "#merge-no")
    def _no(self) -> None:
        self.action_cancel()

    def action_merge(self) -> None:
        keep = self.keep
        if keep is None or keep.id in self.failed:
            return  # the sentence under the list says why
        self.dismiss(keep)

    def action_cancel(self) -> None:
        self.dismiss(None)
