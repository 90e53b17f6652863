"""What the tabs of one contact show: each a renderable built from the contact's detail.

Plain functions of the :class:`ContactDetail` and today, so they are tested without an app; the
screen puts each into its tab's ``Static``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from netcrm.domain.dates import describe_due, describe_relative
from netcrm.domain.vocabulary import direction_words
from netcrm.services.records import (
    ContactDetail,
    FollowUpRecord,
    HandleRecord,
    StrengthRecord,
)
from netcrm.tui.day_labels import day_label, full_day_label

INITIATED = {"me": "you reached out", "them": "they reached out"}
GAVE_GOT = {"gave": "you gave", "got": "you got"}

View = Callable[[ContactDetail, date], RenderableType]
Item = TypeVar("Item")


def when_label(day: date, today: date) -> Text:
    """ "7 days ago" over "Wed 18 Nov"."""
    return Text.assemble(describe_relative(day, today), "\n", (day_label(day), "dim"))


def grid(*widths: int | None) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    for width in widths:
        if width is None:
            table.add_column(ratio=1, overflow="fold")
        else:
            table.add_column(width=width, no_wrap=True)
    return table


Column = tuple[str, int | None]  # heading, width (None: the rest of the line)


def listing(
    items: Sequence[Item],
    empty: str,
    columns: Sequence[Column],
    cells: Callable[[Item], Sequence[RenderableType]],
) -> RenderableType:
    """A table of ``items`` under dim headings, or what to say when there are none."""
    if not items:
        return Text(empty)
    table = grid(*(width for _, width in columns))
    table.add_row(*(Text(heading, style="dim") for heading, _ in columns))
    for item in items:
        table.add_row(*cells(item))
    return table


def timeline_view(detail: ContactDetail, today: date) -> RenderableType:
    if not detail.conversations:
        return Text(
            f"No conversation with {detail.name} logged yet.\n\n"
            "Press l to log one: who, when, what you talked about, what you learned."
        )
    table = grid(14, None)
    for index, talk in enumerate(detail.conversations):
        heading = Text.assemble((talk.channel, "bold"))
        if talk.initiated in INITIATED:
            heading.append(f" · {INITIATED[talk.initiated]}", style="dim")
        if talk.has_time:
            heading.append(f" · {talk.at:%H:%M}", style="dim")
        body = Text.assemble(heading, "\n", talk.summary or Text("(no summary)", style="dim"))
        others = [name for name in talk.participants if name != detail.name]
        extras = []
        if others:
            extras.append("with " + ", ".join(others))
        if talk.place:
            extras.append(f"at {talk.place}")
        if extras:
            body.append("\n" + " · ".join(extras), style="dim")
        if index:
            table.add_row("", "")
        table.add_row(when_label(talk.at.date(), today), body)
    return table


def strengths_view(detail: ContactDetail, today: date) -> RenderableType:
    def cells(strength: StrengthRecord) -> tuple[RenderableType, ...]:
        if strength.evidence:
            evidence = Text(f'in "{strength.evidence}"')
        elif strength.conversation_id:
            evidence = Text("in a conversation")
        else:
            evidence = Text("noted by hand", style="dim")
        return Text(strength.name, style="bold"), when_label(strength.noted_on, today), evidence

    return listing(
        detail.strengths,
        f"You have not noted what {detail.name} is good at yet.\n\n"
        "Press a to add a strength, or note it when you log a conversation (learned).",
        (("strength", 24), ("learned", 14), ("evidence", None)),
        cells,
    )


def knows_view(detail: ContactDetail, today: date) -> RenderableType:
    return listing(
        detail.knows_mine,
        f"{detail.name} does not know any of your strengths yet.\n\n"
        "Next time you talk, tell them what you are good at, and add it when you log "
        "the conversation (shared).",
        (("my strength", 24), ("told", None)),
        lambda told: (Text(told.strength, style="bold"), when_label(told.on, today)),
    )


def exchanges_view(detail: ContactDetail, today: date) -> RenderableType:
    return listing(
        detail.exchanges,
        "No support has flowed either way yet: no favour, intro, referral or order.\n\n"
        'Log one with a conversation ("gave: intro to Sari" or "got: referral: a designer").',
        (("when", 14), ("direction", 10), ("kind", 9), ("what", None)),
        lambda exchange: (
            when_label(exchange.on, today),
            GAVE_GOT.get(exchange.direction, exchange.direction),
            exchange.kind,
            Text(exchange.description),
        ),
    )


def details_view(detail: ContactDetail, today: date) -> RenderableType:
    table = grid(16, None)

    def row(label: str, value: Any) -> None:
        if value in (None, "", ()):
            value = Text("—", style="dim")
        table.add_row(Text(label, style="dim"), value if isinstance(value, Text) else Text(value))

    row("handles", "\n".join(_handle_line(h) for h in detail.handles))
    row("emails", "\n".join(detail.emails))
    row("phones", "\n".join(detail.phones))
    row("birthday", full_day_label(detail.birthday) if detail.birthday else None)
    row("how we met", detail.how_met)
    row("source", detail.source)
    row("since", full_day_label(detail.since) if detail.since else None)
    row("location", detail.location)
    row("tags", ", ".join(detail.tags))
    if detail.cadence:
        due = (
            describe_due(detail.next_touch_due, today)
            if detail.next_touch_due
            else "due once you log a conversation"
        )
        row("keep in touch", f"{detail.cadence} · {due}")
    else:
        row("keep in touch", Text("no reminder · press k to set one", style="dim"))
    row("notes", detail.notes)
    row("stage", detail.stage_why)
    row("warmth", detail.score_why)
    return table


def _handle_line(handle: HandleRecord) -> str:
    line = handle.label
    if handle.direction:
        line += f" ({direction_words(handle.direction)})"
    if handle.url:
        line += f" {handle.url}"
    return line


def follow_up_cells(follow_up: FollowUpRecord, today: date) -> tuple[Text, ...]:
    if follow_up.status == "open":
        overdue = follow_up.due < today
        due = Text(describe_due(follow_up.due, today), style="bold red" if overdue else "")
        status = Text("open")
        if follow_up.snoozed_from:
            status.append(f", snoozed from {day_label(follow_up.snoozed_from)}", style="dim")
    else:
        due = Text(day_label(follow_up.due), style="dim")
        status = Text(follow_up.status, style="dim")
    title_style = "" if follow_up.status == "open" else "dim"
    return (
        due,
        Text(follow_up.title, style=title_style),
        Text(follow_up.recurrence or "", style="dim"),
        status,
    )


# The tabs drawn from a view, by pane id; the follow-ups are a table of their own.
TAB_VIEWS: dict[str, View] = {
    "timeline": timeline_view,
    "strengths": strengths_view,
    "knows": knows_view,
    "exchanges": exchanges_view,
    "details": details_view,
}
