"""Choose one person of a few: ``↑``/``↓`` move, ``enter`` chooses, ``escape`` cancels.

The Duplicates screen asks it which person of a group is not the same as the others.
Dismisses with the :class:`Candidate` chosen, or None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Candidate:
    """One person as a dialog lists them and the services name them (``#id``)."""

    id: int
    name: str
    about: str = ""  # "#1 · follower · 3 conversations · linkedin"

    @property
    def ref(self) -> str:
        return f"#{self.id}"

    @property
    def label(self) -> str:
        return f"{self.name} (#{self.id})"


def candidate_prompt(candidate: Candidate, width: int = 0) -> Text:
    """The name (padded to ``width``, so that what follows lines up), then about them, dim."""
    return Text.assemble(
        candidate.name.ljust(width), ("  " + candidate.about if candidate.about else "", "dim")
    )


class ChoosePersonDialog(ModalScreen[Candidate | None]):
    DEFAULT_CSS = """
    ChoosePersonDialog { align: center middle; }
    ChoosePersonDialog .choose-dialog { width: 76; padding: 1 2; }
    ChoosePersonDialog .choose-about { margin-bottom: 1; }
    ChoosePersonDialog OptionList { height: auto; max-height: 12; margin-bottom: 1; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "choose", "Choose", id="choose.yes", priority=True),
        Binding("escape", "cancel", "Cancel", id="choose.cancel"),
    ]

    def __init__(
        self,
        title: str,
        about: str,
        people: Sequence[Candidate],
        *,
        highlighted: int = 0,
        hint: str = "↑ ↓ move · enter chooses · esc cancels",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.people = tuple(people)
        self.start = min(max(highlighted, 0), len(self.people) - 1)
        self.hint = hint

    def compose(self) -> ComposeResult:
        width = max(len(c.name) for c in self.people)
        with Vertical(classes="dialog choose-dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.about, classes="choose-about", markup=False)
            yield OptionList(
                *(Option(candidate_prompt(c, width), id=str(c.id)) for c in self.people),
                id="choose-people",
            )
            yield Static(self.hint, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.start
        options.focus()

    @property
    def highlighted(self) -> Candidate | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.people):
            return None
        return self.people[index]

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def action_choose(self) -> None:
        chosen = self.highlighted
        if chosen is not None:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
