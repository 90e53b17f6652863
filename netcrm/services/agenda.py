"""What needs me: due follow-ups, slipped cadences, birthdays, and the weekly review."""

from __future__ import annotations

import heapq
import itertools
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from netcrm.domain.dates import parse_when
from netcrm.domain.errors import BadInput, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.services.clock import Clock
from netcrm.services.due import (  # noqa: F401 (the due list lives in its own lean module)
    MAX_WINDOW_DAYS,
    WEEK_DAYS,
    DueItem,
    due_between,
    due_items,
    next_birthday,
)
from netcrm.services.lean import CONTACT, LIVE
from netcrm.services.records import DoneResult, Review, SnoozeResult, Suggestion
from netcrm.store.engine import Store

if TYPE_CHECKING:
    from sqlmodel import Session

    from netcrm.store.models import FollowUp

# The writes below (done, snooze, undo) import the ORM when they run: the review is the TUI's
# first screen, and SQLModel with the mapped models is a quarter of a second to import.

SUGGESTIONS_PER_KIND = 3
SUGGESTION_PAGE = 16
FADING_AFTER_DAYS = 45


def weekly_review(store: Store, clock: Clock, days: int = WEEK_DAYS) -> Review:
    today = clock.today()
    until = today + timedelta(days=days - 1)
    # Core, not the ORM: the review is read on every change, and sessions and ORM rows cost
    # more than the handful of suggestion rows.
    with store.connection() as connection:
        due = due_items(connection, today, until)
        suggestions = _suggestions(connection, clock, due, until)
    return Review(today, until, tuple(due), tuple(suggestions))


def _suggestions(
    connection: Connection, clock: Clock, due: list[DueItem], until: date
) -> list[Suggestion]:
    """Up to three people of each kind, none of them already in the review.

    Each kind reads its index in order a page at a time and stops at three people who are not
    in the review yet, so it reads a handful of rows however large the network. Ties are broken
    by id (newest first), as the index scan already returned them, so pages never overlap.
    """
    now = clock.now()
    busy = {item.contact_id for item in due}
    suggestions: list[Suggestion] = []

    def take(kind: str, rows, reason) -> None:
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
                LIVE,
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
            .where(LIVE, c.stage == stage, c.disclosure_count == 0)
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
            .where(LIVE, c.stage == "follower")
            .order_by(c.last_talked_at.desc(), c.id.desc()),
        ),
        lambda r: (
            (f"Connected on {r[2]}" if r[2] else "In your network")
            + " but you have never talked: say hello."
        ),
    )
    return suggestions


def _pages(connection: Connection, query, size: int = SUGGESTION_PAGE):
    """The rows of ``query`` in order, read a page at a time (each twice the last) as needed."""
    offset = 0
    while True:
        rows = connection.execute(query.offset(offset).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        offset += size
        size *= 2


def _open_follow_up(session: Session, follow_up_id: int) -> FollowUp:
    from netcrm.store.models import FollowUp

    row = session.get(FollowUp, follow_up_id) if 0 < follow_up_id < 2**63 else None
    if row is None:
        raise NotFound(f"No follow-up with id {follow_up_id}.")
    if row.status != "open":
        raise BadInput(f"Follow-up {follow_up_id} is already done.")
    return row


def mark_done(store: Store, follow_up_id: int, clock: Clock) -> DoneResult:
    """Close a follow-up; a recurring one rolls to its next date as a new open follow-up."""
    from netcrm.services.aggregates import bump_revision
    from netcrm.store.models import Contact, FollowUp

    today = clock.today()
    with store.writing() as session:
        row = _open_follow_up(session, follow_up_id)
        row.status = "done"
        row.done_at = clock.now()
        next_id = next_due = None
        if row.recurrence:
            interval = parse_interval(row.recurrence)
            anchor = row.anchor or row.snoozed_from or row.due
            next_due = interval.next_after(anchor, max(today, row.due))
            follow = FollowUp(
                contact_id=row.contact_id,
                title=row.title,
                due=next_due,
                recurrence=row.recurrence,
                anchor=anchor,
                conversation_id=row.conversation_id,
                created_at=clock.now(),
            )
            session.add(follow)
            session.flush()
            next_id = follow.id
        contact = session.get(Contact, row.contact_id)
        bump_revision(session)
        session.commit()
        return DoneResult(row.id, contact.id, contact.name, next_id, next_due)


def undo_done(store: Store, result: DoneResult) -> None:
    from netcrm.services.aggregates import bump_revision
    from netcrm.store.models import FollowUp

    with store.writing() as session:
        row = session.get(FollowUp, result.follow_up_id)
        if row is None:
            raise NotFound(f"No follow-up with id {result.follow_up_id}.")
        row.status, row.done_at = "open", None
        if result.next_follow_up_id is not None:
            follow = session.get(FollowUp, result.next_follow_up_id)
            if follow is not None:
                session.delete(follow)
        bump_revision(session)
        session.commit()


def snooze(store: Store, follow_up_id: int, when: str, clock: Clock) -> SnoozeResult:
    due = parse_when(when, clock.now(), prefer="future").date
    if due <= clock.today():
        raise BadInput("Snooze to a date after today.")
    from netcrm.services.aggregates import bump_revision

    with store.writing() as session:
        row = _open_follow_up(session, follow_up_id)
        result = SnoozeResult(row.id, row.due, row.snoozed_from, due)
        row.snoozed_from = row.snoozed_from or row.due
        row.due = due
        bump_revision(session)
        session.commit()
        return result


def undo_snooze(store: Store, result: SnoozeResult) -> None:
    from netcrm.services.aggregates import bump_revision
    from netcrm.store.models import FollowUp

    with store.writing() as session:
        row = session.get(FollowUp, result.follow_up_id)
        if row is None:
            raise NotFound(f"No follow-up with id {result.follow_up_id}.")
        row.due, row.snoozed_from = result.previous_due, result.previous_snoozed_from
        bump_revision(session)
        session.commit()
