"""Human output for the CLI: rich tables that read well in 80 columns, and JSON shapes."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

# The due list renders without rich (same look): it is on the start-up path of `netcrm due`.
from netcrm.cli.plain import (  # noqa: F401
    KIND_LABEL,
    due_json,
    people,
    print_json,
    row_json,
    score_bar,
)
from netcrm.domain.dates import describe_due, describe_relative
from netcrm.services.due.items import DueItem
from netcrm.services.records import (
    ContactDetail,
    ContactRow,
    LadderCounts,
    MyStrengthRecord,
    Review,
    TrashRow,
)


def console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def when_text(day: date | None, today: date) -> str:
    return describe_relative(day, today) if day else "never"


# --- due and review ---------------------------------------------------------------------------


def due_table(items: list[DueItem] | tuple[DueItem, ...], today: date, title: str) -> Table:
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("id", justify="right", style="dim", no_wrap=True)
    table.add_column("when", no_wrap=True)
    table.add_column("who", overflow="fold")
    table.add_column("what", overflow="fold")
    for item in items:
        when = (
            describe_due(item.due, today) if item.kind != "birthday" else when_text(item.due, today)
        )
        style = "bold red" if item.overdue_days else None
        marker = "! " if item.overdue_days else ""
        table.add_row(
            str(item.id) if item.id is not None else "",
            f"{marker}{when}",
            item.contact,
            f"{KIND_LABEL[item.kind]}: {item.title}" if item.kind == "follow-up" else item.title,
            style=style,
        )
    return table


def print_due(items: list[DueItem], today: date, days: int) -> None:
    from netcrm.cli import plain

    plain.print_due(items, today, days)


def print_review(review: Review) -> None:
    out = console()
    out.print(f"[bold]This week[/bold]  {review.today:%a %d %b} – {review.until:%a %d %b %Y}")
    if review.due:
        out.print(due_table(review.due, review.today, "Needs you"))
    else:
        out.print("Nothing is due this week.")
    if review.suggestions:
        table = Table(title="Reconnect", title_justify="left")
        table.add_column("who", overflow="fold")
        table.add_column("why", overflow="fold")
        for suggestion in review.suggestions:
            table.add_row(suggestion.contact, suggestion.reason)
        out.print(table)
    out.print("[dim]Log a conversation: netcrm log NAME --note '...'   Done: netcrm done ID[/dim]")


# --- contacts -----------------------------------------------------------------------------------


def rows_table(rows: list[ContactRow], today: date, evidence: bool = False) -> Table:
    table = Table()
    table.add_column("name", overflow="fold")
    table.add_column("stage", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("last talked", no_wrap=True)
    table.add_column("evidence" if evidence else "company", overflow="fold")
    for row in rows:
        table.add_row(
            row.name,
            row.stage,
            f"{score_bar(row.score, 5)} {row.score:>3}",
            when_text(row.last_talked, today),
            (row.evidence if evidence else row.company) or "",
        )
    return table


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
        "notes": detail.notes,
    }


def print_detail(detail: ContactDetail, today: date) -> None:
    out = console()
    headline = detail.name
    if detail.company or detail.role:
        headline += f" · {' at '.join(p for p in (detail.role, detail.company) if p)}"
    out.print(
        f"[bold]{headline}[/bold]" + ("  [red](in the trash)[/red]" if detail.trashed else "")
    )
    out.print(f"Stage  {detail.stage_why}")
    if detail.next_step:
        out.print(f"Next   {detail.next_step}")
    out.print(f"Score  {score_bar(detail.score)} {detail.score} — {detail.score_why}")
    facts = []
    if detail.cadence:
        due = describe_due(detail.next_touch_due, today) if detail.next_touch_due else ""
        facts.append(f"keep in touch {detail.cadence} ({due})")
    if detail.birthday:
        facts.append(f"birthday {detail.birthday:%d %b}")
    if detail.handles:
        facts.append(", ".join(h.label for h in detail.handles))
    if detail.emails:
        facts.append(", ".join(detail.emails))
    if detail.tags:
        facts.append("tags: " + ", ".join(detail.tags))
    for fact in facts:
        out.print(f"       {fact}")
    if detail.strengths:
        out.print(
            "Good at  " + ", ".join(f"{s.name} ({s.noted_on:%d %b %Y})" for s in detail.strengths)
        )
    if detail.knows_mine:
        out.print("Knows my " + ", ".join(d.strength for d in detail.knows_mine))
    open_follow_ups = [f for f in detail.follow_ups if f.status == "open"]
    if open_follow_ups:
        table = Table(title="Follow-ups", title_justify="left")
        table.add_column("id", justify="right", style="dim")
        table.add_column("due", no_wrap=True)
        table.add_column("what", overflow="fold")
        for f in open_follow_ups:
            table.add_row(str(f.id), describe_due(f.due, today), f.title)
        out.print(table)
    if detail.conversations:
        table = Table(title="Timeline", title_justify="left")
        table.add_column("when", no_wrap=True)
        table.add_column("via", no_wrap=True)
        table.add_column("summary", overflow="fold")
        for c in detail.conversations[:20]:
            others = [p for p in c.participants if p != detail.name]
            summary = (c.summary or "").splitlines()[0] if c.summary else ""
            if others:
                summary += f" (with {', '.join(others)})"
            table.add_row(when_text(c.at.date(), today), c.channel, summary)
        out.print(table)
        if len(detail.conversations) > 20:
            out.print(f"[dim]… and {len(detail.conversations) - 20} earlier conversations[/dim]")
    else:
        out.print(
            "No conversation logged yet: netcrm log "
            f"{json.dumps(detail.name, ensure_ascii=False)} --note '...'"
        )


def ladder_json(counts: LadderCounts) -> dict[str, int]:
    return dict(counts.counts)


def print_ladder(counts: LadderCounts) -> None:
    out = console()
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
    out.print(table)


def me_json(records: list[MyStrengthRecord]) -> list[dict[str, Any]]:
    return [
        {"strength": r.name, "known_by": list(r.known_by), "not_yet": list(r.not_yet)}
        for r in records
    ]


def print_me(records: list[MyStrengthRecord]) -> None:
    out = console()
    if not records:
        out.print("You have not recorded your own strengths yet: netcrm me add 'public speaking'")
        return
    table = Table(title="Your strengths", title_justify="left")
    table.add_column("strength", overflow="fold")
    table.add_column("who knows it", overflow="fold")
    table.add_column("close ties who don't yet", overflow="fold")
    for r in records:
        table.add_row(r.name, ", ".join(r.known_by) or "nobody yet", ", ".join(r.not_yet))
    out.print(table)


def trash_json(rows: list[TrashRow]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": r.name,
            "trashed_at": r.trashed_at.isoformat(),
            "conversations": r.conversations,
        }
        for r in rows
    ]


def print_trash(rows: list[TrashRow]) -> None:
    out = console()
    if not rows:
        out.print("The trash is empty.")
        return
    table = Table(title="Trash (netcrm restore NAME brings one back)", title_justify="left")
    table.add_column("name")
    table.add_column("deleted", no_wrap=True)
    table.add_column("conversations", justify="right")
    for r in rows:
        table.add_row(r.name, f"{r.trashed_at.astimezone():%Y-%m-%d %H:%M}", str(r.conversations))
    out.print(table)
