"""What the Duplicates screen and its dialogs show: each a renderable of plain records.

Plain functions of the :class:`DuplicateGroup` records (and, once read, each person's
:class:`ContactDetail`), so they are tested without an app. Everything from the store is put
in as text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from netcrm.domain.dates import describe_relative
from netcrm.domain.name_list import names_in_words
from netcrm.services.records import ContactDetail, DuplicateGroup, DuplicatePerson

RECENT_SHOWN = 2
SUMMARY_SHOWN = 40


def group_prompt(group: DuplicateGroup) -> Text:
    """Two lines of the list of groups: score and names, then the strongest reasons."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{group.score:>3}", style="bold")
    text.append("  ")
    text.append(" · ".join(p.name for p in group.people))
    text.append("\n     ")
    text.append(", ".join(r.text for r in group.reasons), style="dim")
    return text


def group_heading(group: DuplicateGroup) -> Text:
    count = len(group.people)
    people = "Two people" if count == 2 else f"{count} people"
    text = Text.assemble((f"{people} who may be one: ", "bold"))
    text.append(names_in_words([p.name for p in group.people]))
    return text


def conversations_count(count: int) -> str:
    return "1 conversation" if count == 1 else f"{count} conversations"


def person_about(person: DuplicatePerson) -> str:
    """ "#1 · follower · 3 conversations · linkedin": one line, for the dialogs."""
    parts = [f"#{person.id}", person.stage, conversations_count(person.conversation_count)]
    parts += [part for part in (person.company, person.source) if part]
    return " · ".join(parts)


def _section(parts: list[RenderableType], title: str, lines: Sequence[str]) -> None:
    """A dim heading, then each line; one too long for the column folds onto the next."""
    if not lines:
        return
    parts.append(Text(title, style="dim"))
    parts.extend(Text(line, overflow="fold") for line in lines)


def person_card(
    person: DuplicatePerson, detail: ContactDetail | None, today: date, *, most_history: bool
) -> RenderableType:
    """One column of a group: who they are, where they came from, and their recent history."""
    head = Text(overflow="fold")
    head.append(person.name, style="bold")
    head.append(f"\n#{person.id} · {person.stage}", style="dim")
    work = " · ".join(part for part in (person.company, person.location) if part)
    if work:
        head.append(f"\n{work}")
    head.append(f"\nfrom {person.source}" if person.source else "\nno source", style="dim")
    head.append(f"\n{conversations_count(person.conversation_count)}")
    if detail is not None and detail.last_talked is not None:
        head.append(f"\ntalked {describe_relative(detail.last_talked, today)}")
    if most_history:
        head.append("\n◆ best to keep", style="bold")
    parts: list[RenderableType] = [head]
    _section(parts, "handles", person.handles)
    if detail is None:
        parts.append(Text("…", style="dim"))
        return Group(*parts)
    _section(parts, "phones", detail.phones)
    _section(parts, "e-mails", detail.emails)
    _section(parts, "tags", (", ".join(detail.tags),) if detail.tags else ())
    if detail.conversations:
        parts.append(Text("recent", style="dim"))
    for talk in detail.conversations[:RECENT_SHOWN]:
        when = describe_relative(talk.at.astimezone().date(), today)
        line = Text(f"{when} · {talk.channel}", overflow="fold")
        if talk.summary:
            line.append(f"\n{_short(talk.summary)}", style="italic")
        parts.append(line)
    more = len(detail.conversations) - RECENT_SHOWN
    if more > 0:
        parts.append(Text(f" and {more} more", style="dim"))
    return Group(*parts)


def _short(summary: str) -> str:
    line = summary.splitlines()[0] if summary else ""
    return line if len(line) <= SUMMARY_SHOWN else line[: SUMMARY_SHOWN - 1] + "…"


def reasons_table(group: DuplicateGroup) -> RenderableType:
    """Why they look alike, each reason with how much it alone says "one person" (0-100)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=3, justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for reason in group.reasons:
        table.add_row(Text(str(reason.weight), style="bold"), Text(reason.text))
    heading = Text.assemble(
        ("Why they look alike", "bold"), (f" · score {group.score} · each reason's weight", "dim")
    )
    return Group(heading, table)
