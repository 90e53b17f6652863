"""Follow-ups done or snoozed (``netcrm undo`` reverts either, through the journal).

The models are imported when a write runs, not with this module: the TUI's first screen
imports it, and SQLModel with the mapped models is slow to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcrm.domain.dates import parse_when
from netcrm.domain.errors import BadInput, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.services.clock import Clock
from netcrm.services.records import DoneResult, SnoozeResult
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
from netcrm.store.journal import Journal

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

    from netcrm.store.models import FollowUp


def _follow_up(session: Session, follow_up_id: int) -> FollowUp:
    from netcrm.store.models import FollowUp

    row = session.get(FollowUp, follow_up_id) if 0 < follow_up_id < 2**63 else None
    if row is None:
        raise NotFound(f"No follow-up with id {follow_up_id}.")
    return row


def _open_follow_up(session: Session, follow_up_id: int) -> FollowUp:
    row = _follow_up(session, follow_up_id)
    if row.status != "open":
        raise BadInput(f"Follow-up {follow_up_id} is already done.")
    return row


def mark_done(store: Store, follow_up_id: int, clock: Clock) -> DoneResult:
    """Close a follow-up; a recurring one rolls to its next date as a new open follow-up."""
    from netcrm.store.models import Contact

    with store.writing() as session:
        journal = Journal(session)
        row = _open_follow_up(session, follow_up_id)
        journal.keep_contacts([row.contact_id])
        next_id, next_due = close_follow_up_in(session, row, clock)
        contact = session.get_one(Contact, row.contact_id)
        journal.commit("done", f'Marked "{row.title}" done', clock.now())
        return DoneResult(id_of(row), id_of(contact), contact.name, next_id, next_due)


def close_open_follow_up_in(session: Session, follow_up_id: int, clock: Clock) -> FollowUp:
    """Close follow-up ``follow_up_id`` inside an ongoing unit of work (``log`` settling it)."""
    row = _open_follow_up(session, follow_up_id)
    close_follow_up_in(session, row, clock)
    return row


def close_follow_up_in(
    session: Session, row: FollowUp, clock: Clock
) -> tuple[int | None, date | None]:
    """Mark ``row`` done; a recurring one gets its next open follow-up: (its id, its date)."""
    from netcrm.store.models import FollowUp

    row.status = "done"
    row.done_at = clock.now()
    if not row.recurrence:
        return None, None
    interval = parse_interval(row.recurrence)
    anchor = row.anchor or row.snoozed_from or row.due
    next_due = interval.next_after(anchor, max(clock.today(), row.due))
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
    return follow.id, next_due


def day_after_today(
    when: str, clock: Clock, refusal: str = "Snooze to a date after today."
) -> date:
    """The day ``when`` names, read forward; ``refusal`` unless it is after today."""
    day = parse_when(when, clock.now(), prefer="future").date
    if day <= clock.today():
        raise BadInput(refusal)
    return day


def snooze(store: Store, follow_up_id: int, when: str, clock: Clock) -> SnoozeResult:
    due = day_after_today(when, clock)
    with store.writing() as session:
        journal = Journal(session)
        row = _open_follow_up(session, follow_up_id)
        if due < row.due:
            raise BadInput(
                f"Follow-up {follow_up_id} is due {row.due:%d %b %Y}; "
                "a snooze moves it later, not earlier."
            )
        journal.keep_contacts([row.contact_id])
        result = SnoozeResult(id_of(row), row.due, due)
        row.snoozed_from = row.snoozed_from or row.due
        row.due = due
        journal.commit("snooze", f'Snoozed "{row.title}" to {due.isoformat()}', clock.now())
        return result
