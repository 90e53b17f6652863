"""The home screen: this week at a glance, and who to reconnect with.

Overdue follow-ups first, then the ones due this week, keep-in-touch cadences that slipped,
birthdays, and a few warm suggestions. Each row says what it is in a word and a symbol, so
nothing rests on colour. Keys act on the highlighted row: done, snooze, open, log, undo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.cells import cached_cell_len, set_cell_size
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content, Span
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.dates import describe_due, describe_relative
from netcrm.services import agenda
from netcrm.services.due import DueItem
from netcrm.services.records import DoneResult, Review, SnoozeResult, Suggestion
from netcrm.tui.day_labels import day_label, full_day_label, week_label
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.user_error import user_error

Entry = DueItem | Suggestion
KIND_WIDTH = 15
WHEN_WIDTH = 16
GUESSED_WIDTH = 112  # the list's width in a 120-column terminal

SUGGESTION_LABELS = {
    "fading": "♡ catch up",
    "doesnt-know-you": "♡ share yours",
    "never-talked": "♡ say hello",
}


@dataclass(frozen=True)
class UndoStep:
    kind: str  # "done" | "snooze"
    result: DoneResult | SnoozeResult
    what: str


def entry_key(entry: Entry) -> tuple[object, ...]:
    if isinstance(entry, DueItem):
        return (entry.kind, entry.contact_id, entry.id, entry.title)
    return (entry.kind, entry.contact_id)


def kind_label(entry: Entry) -> str:
    if isinstance(entry, Suggestion):
        return SUGGESTION_LABELS.get(entry.kind, "♡ reconnect")
    if entry.kind == "follow-up":
        return "! follow-up" if entry.overdue_days > 0 else "→ follow-up"
    if entry.kind == "keep-in-touch":
        return "↻ keep in touch"
    return "✦ birthday"


def when_label(item: DueItem, today) -> str:
    if item.overdue_days > 0:
        return describe_due(item.due, today)
    if item.kind == "birthday":
        return "today" if item.due == today else day_label(item.due)
    days = (item.due - today).days
    return describe_due(item.due, today) if days <= 1 else f"due {day_label(item.due)}"


def who_width(list_width: int) -> int:
    """A fifth of the row for names, within reason: 14 columns at 80, 22 at 120."""
    return max(12, min(26, list_width // 5))


def what_width(list_width: int, *, with_when: bool) -> int:
    """The cells left for what the row is about, beside the kind, the name and the when."""
    when = WHEN_WIDTH + 1 if with_when else 0
    return list_width - KIND_WIDTH - who_width(list_width) - 2 - when


# The control codes Content drops from text (bell, backspace, vertical tab, form feed, CR).
CONTROL_CODES = dict.fromkeys((7, 8, 11, 12, 13))


def fit(text: str, width: int, *, right: bool = False) -> tuple[str, int, int, int]:
    """``text`` cut (with …) or padded to ``width`` cells: the string, where the text starts
    and ends in it, and its length in cells.

    What ``Content.styled(text).truncate(width, ellipsis=True)`` and a pad would make, on plain
    strings: a review of two thousand rows builds in a blink.
    """
    if text.isascii() and text.isprintable():
        length = len(text)  # one cell a character
    else:
        text = text.translate(CONTROL_CODES)
        length = cached_cell_len(text)
    if length > max(width, 1):
        length = max(width, 1)
        text = set_cell_size(text, length - 1) + "…"
    gap = " " * max(0, width - length)
    if right:
        return gap + text, len(gap), len(gap) + len(text), length + len(gap)
    return text + gap, 0, len(text), length + len(gap)


def row_prompt(
    kind: str, who: str, what: str, when: str | None, *, width: int, urgent: bool = False
) -> Row:
    """One row in fixed columns, so every row lines up, with or without a when column."""
    strong = "bold" if urgent else ""
    cells = [(kind, KIND_WIDTH, strong, False), (who, who_width(width), "bold", False)]
    cells.append((what, what_width(width, with_when=when is not None), "", False))
    if when is not None:
        cells.append((when, WHEN_WIDTH, strong, True))
    parts: list[str] = []
    spans: list[Span] = []
    position = row_width = 0  # in characters, in cells
    for text, cell_width, style, right in cells:
        if parts:
            parts.append(" ")
            position += 1
            row_width += 1
        padded, start, end, cell_length = fit(text, cell_width, right=right)
        if style and end > start:
            spans.append(Span(position + start, position + end, style))
        parts.append(padded)
        position += len(padded)
        row_width += cell_length
    return Content("".join(parts), spans, row_width, strip_control_codes=False)


class Row(Visual):
    """The row of one review entry, laid out by :func:`row_prompt` when it is first drawn.

    A week can hold thousands of entries (20k at 100k contacts). OptionList measures the height
    of every option it is given but draws only the ones on screen, so a row that fits the list
    says it is one line without being built.
    """

    def __init__(self, entry: Entry, today: date, width: int) -> None:
        self.entry = entry
        self.today = today
        self.width = width
        suggestion = isinstance(entry, Suggestion)
        self.what = entry.reason if suggestion else entry.title
        self._one_line = (
            what_width(width, with_when=not suggestion) >= 1
            and "\n" not in entry.contact
            and "\n" not in self.what
        )
        self._content: Content | None = None

    @property
    def content(self) -> Content:
        if self._content is None:
            entry = self.entry
            if isinstance(entry, Suggestion):
                self._content = row_prompt(
                    kind_label(entry), entry.contact, self.what, None, width=self.width
                )
            else:
                self._content = row_prompt(
                    kind_label(entry),
                    entry.contact,
                    self.what,
                    when_label(entry, self.today),
                    width=self.width,
                    urgent=entry.overdue_days > 0,
                )
        return self._content

    def __str__(self) -> str:
        return str(self.content)

    @property
    def cell_length(self) -> int:
        return self.content.cell_length

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._one_line and width >= self.width:
            return 1
        return self.content.get_height(rules, width)


def section_heading(title: str, count: int | None = None) -> Option:
    label = title if count is None else f"{title} ({count})"
    return Option(Content(label), disabled=True)


def review_rows(review: Review, width: int = GUESSED_WIDTH) -> list[tuple[Option, Entry | None]]:
    """The options of the list, each with the item it stands for (None for headings)."""
    today = review.today
    overdue = [i for i in review.due if i.kind == "follow-up" and i.overdue_days > 0]
    due = [i for i in review.due if i.kind == "follow-up" and i.overdue_days == 0]
    touch = sorted(
        (i for i in review.due if i.kind == "keep-in-touch"), key=lambda i: -i.overdue_days
    )
    birthdays = [i for i in review.due if i.kind == "birthday"]
    rows: list[tuple[Option, Entry | None]] = []

    def add(title: str, entries: Sequence[Entry]) -> None:
        if entries:
            rows.append((section_heading(title, len(entries)), None))
            rows.extend((Option(Row(entry, today, width)), entry) for entry in entries)

    add("Overdue", overdue)
    add("Due this week", due)
    add("Keep in touch", touch)
    add("Birthdays", birthdays)
    add("Reconnect", review.suggestions)
    return rows


def empty_message(review: Review) -> str:
    """What to say when nothing is due: calm, and what to do next."""
    if review.due:
        return ""
    if review.suggestions:
        return "✓ Nothing due this week. Enjoy the quiet, or reach out to someone below."
    return (
        "✓ Nothing due this week, and nobody waiting for a reply.\n\n"
        "After your next conversation, press l to log it and promise a follow-up: "
        "it will show up here when it is due. People you add or import from the command "
        "line (netcrm add NAME, netcrm import instagram FILE) appear here when it is a "
        "good moment to reconnect."
    )


def review_summary(review: Review) -> str:
    overdue = sum(1 for i in review.due if i.kind == "follow-up" and i.overdue_days > 0)
    due = sum(1 for i in review.due if i.kind == "follow-up" and i.overdue_days == 0)
    touch = sum(1 for i in review.due if i.kind == "keep-in-touch")
    birthdays = sum(1 for i in review.due if i.kind == "birthday")
    parts = [
        f"{overdue} overdue" if overdue else "",
        f"{due} due" if due else "",
        f"{touch} to keep in touch" if touch else "",
        f"{birthdays} birthday{'s' if birthdays > 1 else ''}" if birthdays else "",
        f"{len(review.suggestions)} to reconnect" if review.suggestions else "",
    ]
    text = " · ".join(p for p in parts if p)
    return text or "A quiet week."


def entry_details(entry: Entry, today) -> str:
    if isinstance(entry, Suggestion):
        return f"{entry.contact} · {entry.reason}"
    when = f"{full_day_label(entry.due)} ({describe_relative(entry.due, today)})"
    if entry.kind == "birthday":
        head = f"{entry.contact} · {entry.title} on {when}"
    elif entry.overdue_days > 0:
        head = (
            f"{entry.contact} · was due {full_day_label(entry.due)} · "
            f"{describe_due(entry.due, today)}"
        )
    else:
        head = f"{entry.contact} · due {when}"
    if entry.kind == "follow-up":
        repeat = f" · repeats {entry.recurrence}" if entry.recurrence else ""
        return f"{head}{repeat}\n{entry.title}"
    if entry.kind == "keep-in-touch":
        return f"{head}\n{entry.title}: logging a conversation with them resets it."
    return f"{head}\nWish them well, then log it with l."


class ReviewList(OptionList):
    """The week's items under section headings (disabled options the cursor skips)."""

    class Resized(Message):
        """The list changed size: its rows are laid out for a width and must follow it."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())


class ReviewScreen(Screen):
    """The weekly review; the app's home."""

    shell = ShellOf()

    class Shown(Message):
        """The review is on screen with its data: the app may do what it deferred."""

    TITLE = "Review"

    BINDINGS = [  # noqa: RUF012
        Binding("d", "done", "Done", id="review.done", tooltip="Mark the follow-up done"),
        Binding("s", "snooze", "Snooze", id="review.snooze", tooltip="Move the follow-up later"),
        Binding("o", "open", "Open", id="review.open", tooltip="Open the contact"),
        Binding(
            "l",
            "log_selected",
            "Log",
            id="review.log",
            tooltip="Log a conversation with the highlighted person",
        ),
        Binding("u", "undo", "Undo", id="review.undo", tooltip="Undo the last done or snooze"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.review: Review | None = None
        self._entries: list[Entry | None] = []
        self._undo: list[UndoStep] = []
        self._stale = False
        self._laid_out_for = 0
        self._writing = False  # one done/snooze/undo at a time

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-heading"):
            yield Static("This week", id="review-title")
            yield Static("Loading…", id="review-summary", markup=False)
        yield Static(id="review-empty", markup=False)
        yield ReviewList(id="review-list", markup=False)
        yield Static(id="review-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one(ReviewList)
        listing.loading = True
        listing.focus()
        self.watch(self.app, "revision", self._on_revision, init=False)
        self.reload()

    # --- loading --------------------------------------------------------------------------

    def _on_revision(self, _revision: int) -> None:
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self._load()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _load(self) -> None:
        app, shell = self.app, self.shell
        try:
            review = agenda.weekly_review(shell.store, shell.clock)
        except Exception as error:
            app.call_from_thread(self._load_failed, error)
        else:
            app.call_from_thread(self.show_review, review)

    def _load_failed(self, error: Exception) -> None:
        self.query_one(ReviewList).loading = False
        self.query_one("#review-summary", Static).update("The review could not be loaded.")
        self.shell.notify_error(user_error(error))

    def show_review(self, review: Review) -> None:
        listing = self.query_one(ReviewList)
        previous = self._selected()
        index = listing.highlighted
        self.review = review
        self.query_one("#review-title", Static).update(
            Text.assemble(
                ("This week", "bold"), "  ", (week_label(review.today, review.until), "dim")
            )
        )
        self.query_one("#review-summary", Static).update(review_summary(review))
        # Before its first layout the list has no width yet: guess the common one, and lay the
        # rows out again on the first resize only if the guess was wrong.
        self._laid_out_for = listing.scrollable_content_region.width or GUESSED_WIDTH
        rows = review_rows(review, self._laid_out_for)
        self._entries = [entry for _, entry in rows]
        empty = self.query_one("#review-empty", Static)
        empty.update(empty_message(review))
        empty.display = not review.due
        listing.display = bool(rows)
        listing.set_options(option for option, _ in rows)
        listing.loading = False
        listing.highlighted = self._restore_highlight(previous, index)
        self._update_detail()
        self.refresh_bindings()
        self.post_message(self.Shown())

    def on_review_list_resized(self, _message: ReviewList.Resized) -> None:
        # Also after the list first appears: a review that arrived before the list had a
        # width was laid out for a guess.
        if self.review is not None:
            self.call_after_refresh(self._rerender)

    def _rerender(self) -> None:
        """Rows are laid out for a width: lay them out again when it changes."""
        width = self.query_one(ReviewList).scrollable_content_region.width
        if self.review is not None and width != self._laid_out_for:
            self.show_review(self.review)

    def _restore_highlight(self, previous: Entry | None, index: int | None) -> int | None:
        selectable = [i for i, entry in enumerate(self._entries) if entry is not None]
        if not selectable:
            return None
        if previous is not None:
            key = entry_key(previous)
            for i in selectable:
                if entry_key(self._entries[i]) == key:
                    return i
        if index is None:
            return selectable[0]
        after = [i for i in selectable if i >= index]
        return after[0] if after else selectable[-1]

    # --- the highlighted row --------------------------------------------------------------

    def _selected(self) -> Entry | None:
        index = self.query_one(ReviewList).highlighted
        if index is None or index >= len(self._entries):
            return None
        return self._entries[index]

    @on(OptionList.OptionHighlighted, "#review-list")
    def _highlighted(self) -> None:
        self._update_detail()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#review-list")
    def _selected_row(self) -> None:
        self.action_open()

    def _update_detail(self) -> None:
        entry = self._selected()
        detail = self.query_one("#review-detail", Static)
        if entry is None or self.review is None:
            detail.update("")
            return
        detail.update(entry_details(entry, self.review.today))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self._selected()
        if action == "done":
            return isinstance(entry, DueItem) and entry.kind in ("follow-up", "keep-in-touch")
        if action == "snooze":
            return isinstance(entry, DueItem) and entry.kind == "follow-up"
        if action in ("open", "log_selected"):
            # With nothing highlighted, "l" falls through to the app's plain "Log".
            return entry is not None
        if action == "undo":
            return bool(self._undo)
        return True

    # --- actions --------------------------------------------------------------------------

    def action_open(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.shell.open_contact(entry.contact_id)

    def action_log_selected(self) -> None:
        entry = self._selected()
        if entry is None:
            self.shell.action_log()
        else:
            self.shell.action_log([entry.contact], known={entry.contact: entry.contact_id})

    def action_done(self) -> None:
        entry = self._selected()
        if not isinstance(entry, DueItem):
            return
        if entry.kind == "keep-in-touch":
            # Keeping in touch is done by talking: logging resets the cadence.
            self.action_log_selected()
            return
        if entry.kind == "follow-up" and entry.id is not None and not self._writing:
            self._writing = True
            self._mark_done(entry)

    @work(thread=True, group="review-write", exit_on_error=False)
    def _mark_done(self, item: DueItem) -> None:
        app, shell = self.app, self.shell
        try:
            result = agenda.mark_done(shell.store, item.id, shell.clock)
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "marking it done"))
        else:
            app.call_from_thread(self._done, item, result)

    def _write_failed(self, error: Exception) -> None:
        self._writing = False
        self.shell.notify_error(error)

    def _done(self, item: DueItem, result: DoneResult) -> None:
        self._writing = False
        self._undo.append(UndoStep("done", result, f'"{item.title}"'))
        self.shell.refresh_data()
        again = f" Next one: {day_label(result.next_due)}." if result.next_due else ""
        self.notify(f'Done: "{item.title}".{again} u undoes it.', title=item.contact, markup=False)
        self._offer_log(item)

    def _offer_log(self, item: DueItem) -> None:
        from netcrm.tui.dialogs.confirm import ConfirmScreen

        def answered(log: bool | None) -> None:
            if log:
                self.shell.action_log([item.contact], known={item.contact: item.contact_id})

        self.app.push_screen(
            ConfirmScreen(
                f'Done: "{item.title}".\n\nLog the conversation with {item.contact}?',
                yes="Log it",
                no="Not now",
            ),
            answered,
        )

    def action_snooze(self) -> None:
        entry = self._selected()
        if not (isinstance(entry, DueItem) and entry.kind == "follow-up" and entry.id):
            return
        from netcrm.tui.dialogs.snooze import SnoozeScreen

        def chosen(when: str | None) -> None:
            if when and not self._writing:
                self._writing = True
                self._snooze(entry, when)

        self.app.push_screen(
            SnoozeScreen(f'"{entry.title}" ({entry.contact})', self.shell.clock), chosen
        )

    @work(thread=True, group="review-write", exit_on_error=False)
    def _snooze(self, item: DueItem, when: str) -> None:
        app, shell = self.app, self.shell
        try:
            result = agenda.snooze(shell.store, item.id, when, shell.clock)
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "snoozing it"))
        else:
            app.call_from_thread(self._snoozed, item, result)

    def _snoozed(self, item: DueItem, result: SnoozeResult) -> None:
        self._writing = False
        self._undo.append(UndoStep("snooze", result, f'"{item.title}"'))
        self.shell.refresh_data()
        self.notify(
            f'Snoozed "{item.title}" to {full_day_label(result.due)}. u undoes it.',
            title=item.contact,
            markup=False,
        )

    def action_undo(self) -> None:
        if self._undo and not self._writing:
            self._writing = True
            self._run_undo(self._undo.pop())
            self.refresh_bindings()

    @work(thread=True, group="review-write", exit_on_error=False)
    def _run_undo(self, step: UndoStep) -> None:
        app, shell = self.app, self.shell
        try:
            if isinstance(step.result, DoneResult):
                agenda.undo_done(shell.store, step.result)
            else:
                agenda.undo_snooze(shell.store, step.result)
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "undoing it"))
        else:
            app.call_from_thread(self._undone, step)

    def _undone(self, step: UndoStep) -> None:
        self._writing = False
        self.shell.refresh_data()
        if isinstance(step.result, SnoozeResult):
            back = f"back to {full_day_label(step.result.previous_due)}"
        else:
            back = "open again"
        self.notify(f"Undone: {step.what} is {back}.", markup=False)
