"""The review's list: the week's entries under section headings, one line each, in columns.

Each row says what it is in a word and a symbol (``! follow-up``, ``♡ say hello``), so nothing
rests on colour. The rows are laid out in fixed columns for the list's width: a row is built
only when it is drawn, and :class:`ReviewList` says when its width changes so the screen can
lay the rows out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import cached_cell_len, set_cell_size
from textual import events
from textual.content import Content, Span
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netcrm.domain.dates import describe_due
from netcrm.services.due.items import DueItem
from netcrm.services.records import Review, Suggestion
from netcrm.tui.day_labels import day_label

Entry = DueItem | Suggestion
KIND_WIDTH = 15
WHEN_WIDTH = 16
GUESSED_WIDTH = 112  # the list's width in a 120-column terminal

SUGGESTION_LABELS = {
    "fading": "♡ catch up",
    "doesnt-know-you": "♡ share yours",
    "never-talked": "♡ say hello",
}


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


def when_label(item: DueItem, today: date) -> str:
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
    strings: a long review is laid out row by row, and building a Content for every cell of
    every row would hold up its first frame.
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
) -> Content:
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

    A week of a large network holds thousands of entries. OptionList measures the height of
    every option it is given but draws only the ones on screen, so a row that fits the list
    says it is one line without being built.
    """

    def __init__(self, entry: Entry, today: date, width: int) -> None:
        self.entry = entry
        self.today = today
        self.width = width
        self.what = entry.reason if isinstance(entry, Suggestion) else entry.title
        self._one_line = (
            what_width(width, with_when=not isinstance(entry, Suggestion)) >= 1
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


class ReviewList(OptionList):
    """The week's items under section headings (disabled options the cursor skips)."""

    class Resized(Message):
        """The list changed size: its rows are laid out for a width and must follow it."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())
