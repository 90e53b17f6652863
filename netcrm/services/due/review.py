"""The weekly review: what is due this week, and people worth reconnecting with.

The review is the TUI's first screen and is read again on every change, so it reads through
SQLAlchemy Core on one connection: no SQLModel, pydantic or mapped models to import, and no
sessions or ORM rows for a handful of suggestion rows.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Select, select

from netcrm.services.clock import Clock
from netcrm.services.due.items import WEEK_DAYS, DueItem, due_items
from netcrm.services.records import Review, Suggestion
from netcrm.store.engine import Store
from netcrm.store.tables import CONTACT
from netcrm.store.trash import live

SUGGESTIONS_PER_KIND = 3
SUGGESTION_PAGE = 16
FADING_AFTER_DAYS = 45


def weekly_review(store: Store, clock: Clock, days: int = WEEK_DAYS) -> Review:
    today = clock.today()
    until = today + timedelta(days=days - 1)
    with store.connection() as connection:
        due = due_items(connection, today, until)
        suggestions = _suggestions(connection, clock, due)
    return Review(today, until, tuple(due), tuple(suggestions))


def _suggestions(connection: Connection, clock: Clock, due: list[DueItem]) -> list[Suggestion]:
    """Up to three people of each kind, none of them already in the review.

    Each kind reads its index in order a page at a time and stops at three people who are not
    in the review yet, so it reads a handful of rows however large the network. Ties are broken
    by id (newest first), as the index scan already returned them, so pages never overlap.
    """
    now = clock.now()
    busy = {item.contact_id for item in due}
    suggestions: list[Suggestion] = []

    def take(
        kind: str, rows: Iterable[Sequence[Any]], reason: Callable[[Sequence[Any]], str]
    ) -> None:
        fresh = (row for row in rows if row[0] not in busy)
        for row in itertools.islice(fresh, SUGGESTIONS_PER_KIND):
            busy.add(row[0])
            suggestions.append(Suggestion(kind, row[0], row[1], reason(row)))

    fading_cutoff = now - timedelta(days=FADING_AFTER_DAYS)
    c = CONTACT.c
    take(
        "fading",
        _pages(
            connection,
            select(c.id, c.name, c.last_talked_at, c.conversation_count)
            .where(
                live(c),
                c.stage != "follower",
                c.last_talked_at < fading_cutoff,
                c.conversation_count >= 2,
            )
            .order_by(c.warmth_mass.desc(), c.id.desc()),
        ),
        lambda r: (
            f"{r[3]} conversations so far, the last one {(now - r[2]).days // 7} weeks ago: "
            "a good moment to reconnect."
        ),
    )
    # One query per stage, merged: each reads the (stage, last_talked_at) index in order, where
    # "stage IN (...)" would sort every talked and known contact.
    per_stage = [
        _pages(
            connection,
            select(c.id, c.name, c.last_talked_at)
            .where(live(c), c.stage == stage, c.disclosure_count == 0)
            .order_by(c.last_talked_at.desc(), c.id.desc()),
        )
        for stage in ("talked", "known")
    ]
    take(
        "doesnt-know-you",
        heapq.merge(*per_stage, key=lambda r: r[2], reverse=True),
        lambda r: "You talk, but they don't know your strengths yet: tell them what you do.",
    )
    take(
        "never-talked",
        _pages(
            connection,
            select(c.id, c.name, c.source)
            .where(live(c), c.stage == "follower")
            .order_by(c.last_talked_at.desc(), c.id.desc()),
        ),
        lambda r: (
            (f"Connected on {r[2]}" if r[2] else "In your network")
            + " but you have never talked: say hello."
        ),
    )
    return suggestions


def _pages(
    connection: Connection, query: Select[Any], size: int = SUGGESTION_PAGE
) -> Iterator[Sequence[Any]]:
    """The rows of ``query`` in order, read a page at a time (each twice the last) as needed."""
    offset = 0
    while True:
        rows = connection.execute(query.offset(offset).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        offset += size
        size *= 2
