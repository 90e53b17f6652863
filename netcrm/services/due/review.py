"""The weekly review: what is due this week, and people worth reconnecting with.

The review is the TUI's first screen and is read again on every change, and ``netcrm review``
reads it once per run, so it stays off the ORM and reads a handful of suggestion rows on one
connection. Its queries are SQL text with named parameters, like the due items', run by the
same ``Run``: through SQLAlchemy on a ``Store``, or through ``sqlite3`` alone on a
``SqliteReader``, without importing SQLAlchemy.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from netcrm.services.clock import Clock
from netcrm.services.due.items import (
    WEEK_DAYS,
    DueItem,
    Parameters,
    Run,
    as_datetime,
    read_dismissed,
    read_due,
    running,
)
from netcrm.services.records import Review, Suggestion
from netcrm.store.trash import live_sql

if TYPE_CHECKING:
    from netcrm.store.engine import Store
    from netcrm.store.sqlite import SqliteReader

SUGGESTIONS_PER_KIND = 3
SUGGESTION_PAGE = 16
FADING_AFTER_DAYS = 45

#: Each query reads one page: ``LIMIT :limit OFFSET :offset`` (see ``_pages``).
PAGE = " LIMIT :limit OFFSET :offset"
#: (id, name, last talked at, conversations) of strong ties not talked to since ``:cutoff``.
FADING = (
    "SELECT id, name, last_talked_at, conversation_count FROM contact "
    f"WHERE {live_sql()} AND stage != 'follower' AND last_talked_at < :cutoff "
    "AND conversation_count >= 2 "
    "ORDER BY warmth_mass DESC, id DESC" + PAGE
)
#: (id, name, last talked at) of people at ``:stage`` who know none of my strengths.
DOESNT_KNOW_YOU = (
    "SELECT id, name, last_talked_at FROM contact "
    f"WHERE {live_sql()} AND stage = :stage AND disclosure_count = 0 "
    "ORDER BY last_talked_at DESC, id DESC" + PAGE
)
#: (id, name, source) of followers never talked to.
NEVER_TALKED = (
    "SELECT id, name, source FROM contact "
    f"WHERE {live_sql()} AND stage = 'follower' "
    "ORDER BY last_talked_at DESC, id DESC" + PAGE
)


def weekly_review(store: Store | SqliteReader, clock: Clock, days: int = WEEK_DAYS) -> Review:
    today = clock.today()
    until = today + timedelta(days=days - 1)
    with running(store) as run:
        due = read_due(run, today, until)
        suggestions = _suggestions(run, clock, due)
    return Review(today, until, tuple(due), tuple(suggestions))


def _suggestions(run: Run, clock: Clock, due: list[DueItem]) -> list[Suggestion]:
    """Up to three people of each kind, none of them already in the review.

    Each kind reads its index in order a page at a time and stops at three people who are not
    in the review yet, so it reads a handful of rows however large the network. Ties are broken
    by id (newest first), as the index scan already returned them, so pages never overlap.
    """
    now = clock.now()
    busy = {item.contact_id for item in due}
    busy.update(cid for cid, kind in read_dismissed(run, clock.today()) if kind == "suggestion")
    suggestions: list[Suggestion] = []

    def take(
        kind: str, rows: Iterable[Sequence[Any]], reason: Callable[[Sequence[Any]], str]
    ) -> None:
        fresh = (row for row in rows if row[0] not in busy)
        for row in itertools.islice(fresh, SUGGESTIONS_PER_KIND):
            busy.add(row[0])
            suggestions.append(Suggestion(kind, row[0], row[1], reason(row)))

    cutoff = now - timedelta(days=FADING_AFTER_DAYS)
    take(
        "fading",
        _pages(run, FADING, {"cutoff": cutoff}),
        lambda r: (
            f"{r[3]} conversations so far, the last one {(now - as_datetime(r[2])).days // 7} "
            "weeks ago: a good moment to reconnect."
        ),
    )
    # One query per stage, merged: each reads the (stage, last_talked_at) index in order, where
    # "stage IN (...)" would sort every talked and known contact.
    per_stage = [_pages(run, DOESNT_KNOW_YOU, {"stage": stage}) for stage in ("talked", "known")]
    take(
        "doesnt-know-you",
        heapq.merge(*per_stage, key=lambda r: as_datetime(r[2]), reverse=True),
        lambda r: "You talk, but they don't know your strengths yet: tell them what you do.",
    )
    take(
        "never-talked",
        _pages(run, NEVER_TALKED, {}),
        lambda r: (
            (f"Connected on {r[2]}" if r[2] else "In your network")
            + " but you have never talked: say hello."
        ),
    )
    return suggestions


def _pages(run: Run, sql: str, values: Parameters) -> Iterator[Sequence[Any]]:
    """The rows of ``sql`` in order, read a page at a time (each twice the last) as needed."""
    offset, size = 0, SUGGESTION_PAGE
    while True:
        rows = run(sql, {**values, "limit": size, "offset": offset})
        yield from rows
        if len(rows) < size:
            return
        offset += size
        size *= 2
