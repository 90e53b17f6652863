"""Human output for the CLI, and its JSON shapes.

Every listing (due, the review, search, who-can, trash, me, show's follow-ups and timeline) is
laid out by ``table``, and so are the lines printed around them: a listing may have thousands of
rows, and ``netcrm due`` loads this module on its start-up path, so nothing heavy is imported
here. rich draws the ladder, a small table with a bar chart, and is imported when it prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from netcrm.cli.table import Column, Rows, console_width, print_table, print_text
from netcrm.domain.dates import describe_due, describe_relative
from netcrm.domain.display import one_line
from netcrm.domain.snippet import SNIPPET_WIDTH, narrower
from netcrm.domain.text import fold
from netcrm.domain.vocabulary import direction_words

if TYPE_CHECKING:
    from netcrm.services.due.items import DueItem
    from netcrm.services.records import (
        ContactDetail,
        ContactRow,
        ExchangeRecord,
        LadderCounts,
        MyStrengthRecord,
        Review,
        TrashRow,
    )


def people(count: int) -> str:
    """ "1 person", "2 people"."""
    return "1 person" if count == 1 else f"{count:,} people"


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def score_bar(score: int, width: int = 10) -> str:
    full = round(score / 100 * width)
    return "█" * full + "·" * (width - full)


def when_text(day: date | None, today: date) -> str:
    return describe_relative(day, today) if day else "never"


def print_listing(
    title: str | None,
    columns: Sequence[Column],
    rows: Rows,
    empty: str,
    stream: TextIO | None = None,
) -> None:
    """A table, or the sentence ``empty`` when there is nothing to list."""
    if rows:
        print_table(title, columns, rows, stream)
    else:
        print_text((empty, ""), stream=stream)


# --- what needs me -------------------------------------------------------------------------------

KIND_LABEL = {"follow-up": "follow-up", "keep-in-touch": "keep in touch", "birthday": "birthday"}
DUE_COLUMNS = (
    Column("id", justify="right", no_wrap=True, style="dim"),
    Column("when", no_wrap=True),
    Column("who", overflow="fold"),
    Column("what", overflow="fold"),
)
RECONNECT_COLUMNS = (Column("who", overflow="fold"), Column("why", overflow="fold"))
REVIEW_HINT = "Log a conversation: netcrm log NAME --note '...'   Done: netcrm done ID"


def due_json(items: Sequence[DueItem]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.id,
            "contact": item.contact,
            "contact_id": item.contact_id,
            "kind": item.kind,
            "due": item.due.isoformat(),
            "overdue_days": item.overdue_days,
            "title": item.title,
        }
        for item in items
    ]


def due_rows(items: Sequence[DueItem], today: date) -> list[tuple[tuple[str, ...], str]]:
    """The cells of the due table, and each row's style (overdue rows in bold red)."""
    rows: list[tuple[tuple[str, ...], str]] = []
    for item in items:
        when = (
            describe_due(item.due, today) if item.kind != "birthday" else when_text(item.due, today)
        )
        what = f"{KIND_LABEL[item.kind]}: {item.title}" if item.kind == "follow-up" else item.title
        rows.append(
            (
                (
                    str(item.id) if item.id is not None else "",
                    f"! {when}" if item.overdue_days else when,
                    item.contact,
                    what,
                ),
                "bold red" if item.overdue_days else "",
            )
        )
    return rows


def print_due(
    items: Sequence[DueItem], today: date, days: int, stream: TextIO | None = None
) -> None:
    if not items:  # one line as it is, however narrow the terminal
        stream = stream or sys.stdout
        stream.write(f"Nothing due in the next {days} days. Time to reconnect with someone?\n")
        return
    overdue = sum(1 for item in items if item.overdue_days)
    title = f"Due in the next {days} days" + (f" ({overdue} overdue)" if overdue else "")
    print_table(title, DUE_COLUMNS, due_rows(items, today), stream)


def review_json(review: Review) -> dict[str, Any]:
    """The review as data: the window, what is due (as ``due --json``), the suggestions."""
    return {
        "from": review.today.isoformat(),
        "until": review.until.isoformat(),
        "due": due_json(review.due),
        "suggestions": [
            {"contact_id": s.contact_id, "contact": s.contact, "kind": s.kind, "reason": s.reason}
            for s in review.suggestions
        ],
    }


def print_review(review: Review, stream: TextIO | None = None) -> None:
    week = f"  {review.today:%a %d %b} – {review.until:%a %d %b %Y}"
    print_text(("This week", "bold"), (week, ""), stream=stream)
    print_listing(
        "Needs you",
        DUE_COLUMNS,
        due_rows(review.due, review.today),
        "Nothing is due this week.",
        stream,
    )
    if review.suggestions:
        rows = [((s.contact, s.reason), "") for s in review.suggestions]
        print_table("Reconnect", RECONNECT_COLUMNS, rows, stream)
    print_text((REVIEW_HINT, "dim"), stream=stream)


# --- people --------------------------------------------------------------------------------------


def row_json(row: ContactRow) -> dict[str, Any]:
    value: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "stage": row.stage,
        "score": row.score,
        "company": row.company,
        "last_talked": row.last_talked.isoformat() if row.last_talked else None,
        "next_due": row.next_due.isoformat() if row.next_due else None,
        "tags": list(row.tags),
    }
    if row.matched:
        value["matched"] = row.matched
    if row.evidence:
        value["evidence"] = row.evidence
    return value


#: Cells of a search snippet in the narrowest terminals (40 from 100 columns up).
SEARCH_SNIPPET_LEAST = 20


def search_json(row: ContactRow) -> dict[str, Any]:
    """A search result: ``row_json`` with where it matched beyond the name, and the text around
    the match (both ``None`` for a name match)."""
    return {**row_json(row), "where": row.where, "snippet": row.snippet}


def matched_text(row: ContactRow, key: str = "", width: int = SNIPPET_WIDTH) -> str:
    """ "conversation on 12 Nov: …zeppelin…", on one line, with nothing that can drive the
    terminal; "" for a row matched by its name. The snippet is cut again around ``key`` (the
    folded query) to ``width`` cells."""
    if not row.where:
        return ""
    if not row.snippet:
        return one_line(row.where)
    shown = narrower(row.snippet, key, width) if key else row.snippet
    return one_line(f"{row.where}: {shown}")


def contact_columns(evidence: bool = False, matched: bool = False) -> tuple[Column, ...]:
    return (
        Column("name", overflow="fold"),
        Column("stage", no_wrap=True),
        Column("score", justify="right", no_wrap=True),
        Column("last talked", no_wrap=True),
        Column("evidence" if evidence else "company", overflow="fold"),
        *((Column("matched", overflow="fold"),) if matched else ()),
    )


def contact_rows(
    rows: Sequence[ContactRow],
    today: date,
    evidence: bool = False,
    matched: Callable[[ContactRow], str] | None = None,
) -> list[tuple[tuple[str, ...], str]]:
    """The cells of a list of people (search, who-can); ``matched`` gives a last cell."""
    return [
        (
            (
                row.name,
                row.stage,
                f"{score_bar(row.score, 5)} {row.score:>3}",
                when_text(row.last_talked, today),
                (row.evidence if evidence else row.company) or "",
                *((matched(row),) if matched else ()),
            ),
            "",
        )
        for row in rows
    ]


def print_contacts(
    rows: Sequence[ContactRow], today: date, evidence: bool = False, stream: TextIO | None = None
) -> None:
    print_table(None, contact_columns(evidence), contact_rows(rows, today, evidence), stream)


def print_search(
    rows: Sequence[ContactRow], today: date, query: str, stream: TextIO | None = None
) -> None:
    """Search results for ``query``, with a "matched" column when some row matched beyond its
    name; its snippets are shorter in a narrow terminal."""
    if not any(row.where for row in rows):
        print_table(None, contact_columns(), contact_rows(rows, today), stream)
        return
    width = max(SEARCH_SNIPPET_LEAST, min(SNIPPET_WIDTH, console_width() - 60))
    key = fold(query)
    cells = contact_rows(rows, today, matched=lambda row: matched_text(row, key, width))
    print_table(None, contact_columns(matched=True), cells, stream)


# --- one person ----------------------------------------------------------------------------------

FOLLOW_UP_COLUMNS = (
    Column("id", justify="right", style="dim"),
    Column("due", no_wrap=True),
    Column("what", overflow="fold"),
)
TIMELINE_COLUMNS = (
    Column("id", justify="right", style="dim"),
    Column("when", no_wrap=True),
    Column("via", no_wrap=True),
    Column("summary", overflow="fold"),
)
EXCHANGE_COLUMNS = (
    Column("id", justify="right", style="dim"),
    Column("when", no_wrap=True),
    Column("gave/got", no_wrap=True),
    Column("what", overflow="fold"),
)
TIMELINE_ROWS = 20


def detail_json(detail: ContactDetail) -> dict[str, Any]:
    return {
        "id": detail.id,
        "name": detail.name,
        "stage": detail.stage,
        "why": detail.stage_why,
        "score": detail.score,
        "score_why": detail.score_why,
        "company": detail.company,
        "role": detail.role,
        "location": detail.location,
        "emails": list(detail.emails),
        "phones": list(detail.phones),
        "birthday": detail.birthday.isoformat() if detail.birthday else None,
        "how_met": detail.how_met,
        "source": detail.source,
        "since": detail.since.isoformat() if detail.since else None,
        "tags": list(detail.tags),
        "cadence": detail.cadence,
        "next_touch_due": detail.next_touch_due.isoformat() if detail.next_touch_due else None,
        "last_talked": detail.last_talked.isoformat() if detail.last_talked else None,
        "strengths": [s.name for s in detail.strengths],
        "knows_my_strengths": [d.strength for d in detail.knows_mine],
        "conversations": [
            {
                "id": c.id,
                "when": c.at.date().isoformat(),
                "time": c.at.strftime("%H:%M") if c.has_time else None,
                "via": c.channel,
                "summary": c.summary,
                "with": [p for p in c.participants if p != detail.name],
            }
            for c in detail.conversations
        ],
        "exchanges": [
            {
                "id": e.id,
                "direction": e.direction,
                "kind": e.kind,
                "description": e.description,
                "on": e.on.isoformat(),
            }
            for e in detail.exchanges
        ],
        "follow_ups": [
            {
                "id": f.id,
                "title": f.title,
                "due": f.due.isoformat(),
                "status": f.status,
                "recurrence": f.recurrence,
            }
            for f in detail.follow_ups
        ],
        "handles": [
            {"platform": h.platform, "username": h.username, "url": h.url, "direction": h.direction}
            for h in detail.handles
        ],
        "trashed": detail.trashed,
        "notes": detail.notes,
    }


def detail_facts(detail: ContactDetail, today: date) -> list[str]:
    """The lines under the headline: stage, next step, score, the facts, strengths."""
    lines = [f"Stage  {detail.stage_why}"]
    if detail.next_step:
        lines.append(f"Next   {detail.next_step}")
    lines.append(f"Score  {score_bar(detail.score)} {detail.score} — {detail.score_why}")
    facts = []
    if detail.cadence:
        due = describe_due(detail.next_touch_due, today) if detail.next_touch_due else ""
        facts.append(f"keep in touch {detail.cadence} ({due})")
    if detail.birthday:
        facts.append(f"birthday {detail.birthday:%d %b %Y}")
    if detail.location:
        facts.append(f"in {detail.location}")
    for handle in detail.handles:
        direction = direction_words(handle.direction)
        facts.append(handle.label + (f" ({direction})" if direction else ""))
        if handle.url:
            facts.append(f"  {handle.url}")
    if detail.emails:
        facts.append(", ".join(detail.emails))
    if detail.phones:
        facts.append(", ".join(detail.phones))
    if detail.tags:
        facts.append("tags: " + ", ".join(detail.tags))
    if detail.how_met:
        facts.append(f"met: {detail.how_met}")
    origin = [f"from {detail.source}"] if detail.source else []
    if detail.since:
        origin.append(f"since {detail.since:%d %b %Y}")
    if origin:
        facts.append(", ".join(origin))
    lines.extend(f"       {fact}" for fact in facts)
    if detail.strengths:
        lines.append(
            "Good at  " + ", ".join(f"{s.name} ({s.noted_on:%d %b %Y})" for s in detail.strengths)
        )
    if detail.knows_mine:
        lines.append("Knows my " + ", ".join(d.strength for d in detail.knows_mine))
    if detail.notes:
        lines.append("Notes  " + detail.notes)
    return lines


def timeline_rows(detail: ContactDetail, today: date) -> list[tuple[tuple[str, ...], str]]:
    """The latest conversations, each with the others who took part."""
    rows: list[tuple[tuple[str, ...], str]] = []
    for c in detail.conversations[:TIMELINE_ROWS]:
        others = [p for p in c.participants if p != detail.name]
        summary = (c.summary or "").splitlines()[0] if c.summary else ""
        if others:
            summary += f" (with {', '.join(others)})"
        if c.place:
            summary += f" · at {c.place}" if summary else f"at {c.place}"
        rows.append(((str(c.id), when_text(c.at.date(), today), c.channel, summary), ""))
    return rows


def _exchange_text(exchange: ExchangeRecord) -> str:
    kind = "" if exchange.kind == "favour" else f"{exchange.kind}: "
    return kind + exchange.description


def print_detail(detail: ContactDetail, today: date, stream: TextIO | None = None) -> None:
    headline = detail.name
    if detail.company or detail.role:
        headline += f" · {' at '.join(p for p in (detail.role, detail.company) if p)}"
    trashed = ("  ", ""), ("(in the trash)", "red")
    print_text((headline, "bold"), *(trashed if detail.trashed else ()), stream=stream)
    if detail.trashed:
        print_text(
            (f'{detail.name} is in the trash: netcrm restore "#{detail.id}" brings them back.', ""),
            stream=stream,
        )
    for line in detail_facts(detail, today):
        print_text((line, ""), stream=stream)
    follow_ups = [
        ((str(f.id), describe_due(f.due, today), f.title), "")
        for f in detail.follow_ups
        if f.status == "open"
    ]
    if follow_ups:
        print_table("Follow-ups", FOLLOW_UP_COLUMNS, follow_ups, stream)
    exchanges = [
        ((str(e.id), when_text(e.on, today), e.direction, _exchange_text(e)), "")
        for e in detail.exchanges
    ]
    if exchanges:
        print_table("Exchanges", EXCHANGE_COLUMNS, exchanges, stream)
    earlier = len(detail.conversations) - TIMELINE_ROWS
    print_listing(
        "Timeline",
        TIMELINE_COLUMNS,
        timeline_rows(detail, today),
        "No conversation logged yet: netcrm log "
        f"{json.dumps(detail.name, ensure_ascii=False)} --note '...'",
        stream,
    )
    if earlier > 0:
        print_text((f"… and {earlier} earlier conversations", "dim"), stream=stream)


# --- the ladder, my strengths, the trash ---------------------------------------------------------


def ladder_json(counts: LadderCounts) -> dict[str, int]:
    return dict(counts.counts)


def print_ladder(counts: LadderCounts) -> None:
    from rich.console import Console
    from rich.table import Table

    biggest = max(counts.counts.values(), default=0) or 1
    table = Table(title=f"Your network: {people(counts.total)}", title_justify="left")
    table.add_column("stage")
    table.add_column("people", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("up in 30 days", justify="right")
    for stage, count in counts.counts.items():
        bar = "█" * max(1 if count else 0, round(count / biggest * 30))
        moved = counts.moved_up_30_days.get(stage, 0)
        table.add_row(stage, str(count), bar, f"+{moved}" if moved else "")
    Console(highlight=False, soft_wrap=False).print(table)


ME_COLUMNS = (
    Column("strength", overflow="fold"),
    Column("who knows it", overflow="fold"),
    Column("close ties who don't yet", overflow="fold"),
)
TRASH_COLUMNS = (
    Column("name"),
    Column("deleted", no_wrap=True),
    Column("conversations", justify="right"),
)


def me_json(records: Sequence[MyStrengthRecord]) -> list[dict[str, Any]]:
    return [
        {"strength": r.name, "known_by": list(r.known_by), "not_yet": list(r.not_yet)}
        for r in records
    ]


def print_me(records: Sequence[MyStrengthRecord], stream: TextIO | None = None) -> None:
    rows = [
        ((r.name, ", ".join(r.known_by) or "nobody yet", ", ".join(r.not_yet)), "") for r in records
    ]
    print_listing(
        "Your strengths",
        ME_COLUMNS,
        rows,
        "You have not recorded your own strengths yet: netcrm me add 'public speaking'",
        stream,
    )


def trash_json(rows: Sequence[TrashRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "trashed_at": r.trashed_at.isoformat(),
            "conversations": r.conversations,
        }
        for r in rows
    ]


def print_trash(rows: Sequence[TrashRow], stream: TextIO | None = None) -> None:
    cells = [
        ((r.name, f"{r.trashed_at.astimezone():%Y-%m-%d %H:%M}", str(r.conversations)), "")
        for r in rows
    ]
    title = "Trash (netcrm restore NAME brings one back)"
    print_listing(title, TRASH_COLUMNS, cells, "The trash is empty.", stream)
