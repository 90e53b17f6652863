"""Pick one item of a person's history to correct: ``enter`` edits it, ``x`` deletes it.

The contact screen fills the list with the items of the tab in view (conversations, strengths,
what they know of mine, exchanges, follow-ups). Dismisses with (the item, "edit" | "delete"),
or None when cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from netcrm.services.records import ContactDetail


@dataclass(frozen=True)
class Correctable:
    """One item as the dialog lists it and the services name it."""

    kind: str  # "conversation" | "strength" | "disclosure" | "exchange" | "follow-up"
    key: str  # the id, or the strength's name
    label: str  # as listed
    value: str  # the text an edit starts from
    what: str  # in a sentence: 'the conversation of 12 Nov', 'the strength "Figma"'


Choice = tuple[Correctable, str]


class CorrectItemScreen(ModalScreen[Choice | None]):
    DEFAULT_CSS = """
    CorrectItemScreen { align: center middle; }
    CorrectItemScreen .correct-dialog { width: 80; max-height: 80%; }
    CorrectItemScreen OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("enter", "choose('edit')", "Edit", id="correct.edit", priority=True),
        Binding("x,delete", "choose('delete')", "Delete", id="correct.delete"),
        Binding("escape", "cancel", "Cancel", id="correct.cancel"),
    ]

    def __init__(self, title: str, items: list[Correctable]) -> None:
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog correct-dialog") as dialog:
            dialog.border_title = self.title_text
            yield OptionList(
                *(
                    Option(Content(item.label), id=str(index))
                    for index, item in enumerate(self.items)
                ),
                id="correct-items",
            )
            yield Static("enter edits · x deletes · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("edit")

    def action_choose(self, action: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.items):
            self.dismiss((self.items[index], action))

    def action_cancel(self) -> None:
        self.dismiss(None)


def items_of(detail: ContactDetail, tab: str) -> list[Correctable]:
    """What the contact screen's tab ``tab`` shows that can be corrected, as listed there."""
    if tab == "timeline":
        return [
            Correctable(
                "conversation",
                str(c.id),
                f"{c.at.astimezone():%d %b %Y} · {c.channel} · {one_line(c.summary or '')}",
                c.summary or "",
                f"the conversation of {c.at.astimezone():%d %b %Y}",
            )
            for c in detail.conversations
        ]
    if tab == "strengths":
        return [
            Correctable("strength", s.name, s.name, s.name, f'the strength "{s.name}"')
            for s in detail.strengths
        ]
    if tab == "knows":
        return [
            Correctable(
                "disclosure", d.strength, d.strength, d.strength, f'that they know "{d.strength}"'
            )
            for d in detail.knows_mine
        ]
    if tab == "exchanges":
        return [
            Correctable(
                "exchange",
                str(e.id),
                f"{e.on:%d %b %Y} · {e.direction}: {one_line(e.description)}",
                exchange_text(e.direction, e.kind, e.description),
                f'the exchange "{e.direction}: {e.description}"',
            )
            for e in detail.exchanges
        ]
    if tab == "follow-ups":
        return [
            Correctable(
                "follow-up",
                str(f.id),
                f"{f.due:%d %b %Y} · {one_line(f.title)}",
                f.title,
                f'the follow-up "{f.title}"',
            )
            for f in detail.follow_ups
            if f.status == "open"
        ]
    return []


def one_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def exchange_text(direction: str, kind: str, description: str) -> str:
    """As ``log --exchange`` reads it back: "gave: TEXT", "got: referral: TEXT"."""
    return (
        f"{direction}: {description}" if kind == "favour" else f"{direction}: {kind}: {description}"
    )
