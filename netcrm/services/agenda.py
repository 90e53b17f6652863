"""What needs me: due follow-ups, slipped cadences, birthdays, and the weekly review."""

from __future__ import annotations

import heapq
from datetime import date, timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from netcrm.domain.dates import YEARLESS, parse_when
from netcrm.domain.errors import BadInput, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.services.aggregates import bump_revision
from netcrm.services.clock import Clock
from netcrm.services.records import DoneResult, DueItem, Review, SnoozeResult, Suggestion
from netcrm.store.engine import Store
from netcrm.store.models import Contact, FollowUp

WEEK_DAYS = 7
MAX_WINDOW_DAYS = 3660
SUGGESTIONS_PER_KIND = 3
FADING_AFTER_DAYS = 45
BIRTHDAY_DAYS_LISTED = 62
LIVE = Contact.trashed_at.is_(None)


def due_between(store: Store, today: date, days: int = WEEK_DAYS) -> list[DueItem]:
    """Overdue items and items due from ``today`` to ``today + days - 1``, sorted by due date."""
    if days < 1 or days > MAX_WINDOW_DAYS:
        raise BadInput(f"The window must be between 1 and {MAX_WINDOW_DAYS} days.")
    with store.session() as session:
        return _due(session, today, today + timedelta(days=days - 1))


def _due(session: Session, today: date, until: date) -> list[DueItem]:
    items: list[DueItem] = []
    follow_ups = session.exec(
        select(
            FollowUp.id, FollowUp.due, FollowUp.title, FollowUp.recurrence, Contact.id, Contact.name
        )
        .join(Contact, Contact.id == FollowUp.contact_id)
        .where(FollowUp.status == "open", FollowUp.due <= until, LIVE)
    ).all()
    for fid, due, title, recurrence, cid, name in follow_ups:
        items.append(
            DueItem("follow-up", cid, name, due, _overdue(due, today), title, fid, recurrence)
        )
    touches = session.exec(
        select(Contact.id, Contact.name, Contact.next_touch_due, Contact.cadence).where(
            LIVE, Contact.next_touch_due.is_not(None), Contact.next_touch_due <= until
        )
    ).all()
    for cid, name, due, cadence in touches:
        items.append(
            DueItem(
                "keep-in-touch", cid, name, due, _overdue(due, today), f"Keep in touch ({cadence})"
            )
        )
    for cid, name, birthday in session.exec(
        select(Contact.id, Contact.name, Contact.birthday).where(
            LIVE, _birthday_window(today, until)
        )
    ).all():
        when = next_birthday(birthday, today)
        if when <= until:
            age = when.year - birthday.year if birthday.year != YEARLESS else 0
            items.append(
                DueItem(
                    "birthday", cid, name, when, 0, f"Birthday ({age})" if age > 0 else "Birthday"
                )
            )
    kind_order = {"follow-up": 0, "keep-in-touch": 1, "birthday": 2}
    items.sort(key=lambda i: (i.due, kind_order[i.kind], i.contact, i.id or 0))
    return items


def _overdue(due: date, today: date) -> int:
    return max(0, (today - due).days)


def _birthday_window(today: date, until: date):
    """MM-DD conditions, wrapping over the new year; 29 February is checked in Python.

    Short windows list their days, so the (trashed_at, birthday_md) index answers them directly
    (an OR of ranges would scan every contact).
    """
    days = (until - today).days
    if days >= 365:
        return Contact.birthday_md.is_not(None)
    if days < BIRTHDAY_DAYS_LISTED:
        keys = {(today + timedelta(days=n)).strftime("%m-%d") for n in range(days + 1)}
        return Contact.birthday_md.in_(sorted(keys | {"02-29"}))
    start, end = today.strftime("%m-%d"), until.strftime("%m-%d")
    if today.year == until.year:
        condition = and_(Contact.birthday_md >= start, Contact.birthday_md <= end)
    else:
        condition = or_(Contact.birthday_md >= start, Contact.birthday_md <= end)
    return or_(condition, Contact.birthday_md == "02-29")


def next_birthday(birthday: date, today: date) -> date:
    """The next birthday on or after today; 29 February is celebrated on the 28th in other years."""
    for year in (today.year, today.year + 1):
        try:
            candidate = birthday.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")


def weekly_review(store: Store, clock: Clock, days: int = WEEK_DAYS) -> Review:
    today = clock.today()
    until = today + timedelta(days=days - 1)
    with store.session() as session:
        due = _due(session, today, until)
        suggestions = _suggestions(session, clock, due, until)
    return Review(today, until, tuple(due), tuple(suggestions))


def _suggestions(
    session: Session, clock: Clock, due: list[DueItem], until: date
) -> list[Suggestion]:
    """Up to three people of each kind, none of them already in the review.

    People with a follow-up or keep-in-touch item in the review are left out by the queries
    themselves, so each query reads a handful of rows however large the network; birthday people
    and those suggested under an earlier kind are skipped here.
    """
    now = clock.now()
    busy = {item.contact_id for item in due}
    birthdays = len({item.contact_id for item in due if item.kind == "birthday"})
    free = and_(
        LIVE,
        or_(Contact.next_touch_due.is_(None), Contact.next_touch_due > until),
        Contact.id.not_in(
            select(FollowUp.contact_id).where(FollowUp.status == "open", FollowUp.due <= until)
        ),
    )
    suggestions: list[Suggestion] = []

    def limit() -> int:
        return SUGGESTIONS_PER_KIND + birthdays + len(suggestions)

    def take(kind: str, rows, reason) -> None:
        picked = [r for r in rows if r[0] not in busy][:SUGGESTIONS_PER_KIND]
        for row in picked:
            busy.add(row[0])
            suggestions.append(Suggestion(kind, row[0], row[1], reason(row)))

    fading_cutoff = now - timedelta(days=FADING_AFTER_DAYS)
    take(
        "fading",
        session.exec(
            select(Contact.id, Contact.name, Contact.last_talked_at, Contact.conversation_count)
            .where(
                free,
                Contact.stage != "follower",
                Contact.last_talked_at < fading_cutoff,
                Contact.conversation_count >= 2,
            )
            .order_by(Contact.warmth_mass.desc())
            .limit(limit())
        ).all(),
        lambda r: (
            f"{r[3]} conversations so far, the last one {(now - r[2]).days // 7} weeks ago: "
            "a good moment to reconnect."
        ),
    )
    # One query per stage, merged: each reads the (stage, last_talked_at) index in order, where
    # "stage IN (...)" would sort every talked and known contact.
    per_stage = [
        session.exec(
            select(Contact.id, Contact.name, Contact.last_talked_at)
            .where(free, Contact.stage == stage, Contact.disclosure_count == 0)
            .order_by(Contact.last_talked_at.desc())
            .limit(limit())
        ).all()
        for stage in ("talked", "known")
    ]
    take(
        "doesnt-know-you",
        heapq.merge(*per_stage, key=lambda r: r[2], reverse=True),
        lambda r: "You talk, but they don't know your strengths yet: tell them what you do.",
    )
    take(
        "never-talked",
        session.exec(
            select(Contact.id, Contact.name, Contact.source)
            .where(free, Contact.stage == "follower")
            .order_by(Contact.last_talked_at.desc(), Contact.id.desc())
            .limit(limit())
        ).all(),
        lambda r: (
            (f"Connected on {r[2]}" if r[2] else "In your network")
            + " but you have never talked: say hello."
        ),
    )
    return suggestions


def _open_follow_up(session: Session, follow_up_id: int) -> FollowUp:
    row = session.get(FollowUp, follow_up_id) if 0 < follow_up_id < 2**63 else None
    if row is None:
        raise NotFound(f"No follow-up with id {follow_up_id}.")
    if row.status != "open":
        raise BadInput(f"Follow-up {follow_up_id} is already done.")
    return row


def mark_done(store: Store, follow_up_id: int, clock: Clock) -> DoneResult:
    """Close a follow-up; a recurring one rolls to its next date as a new open follow-up."""
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
    with store.writing() as session:
        row = _open_follow_up(session, follow_up_id)
        result = SnoozeResult(row.id, row.due, row.snoozed_from, due)
        row.snoozed_from = row.snoozed_from or row.due
        row.due = due
        bump_revision(session)
        session.commit()
        return result


def undo_snooze(store: Store, result: SnoozeResult) -> None:
    with store.writing() as session:
        row = session.get(FollowUp, result.follow_up_id)
        if row is None:
            raise NotFound(f"No follow-up with id {result.follow_up_id}.")
        row.due, row.snoozed_from = result.previous_due, result.previous_snoozed_from
        bump_revision(session)
        session.commit()
