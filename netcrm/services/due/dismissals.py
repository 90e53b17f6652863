"""Saying "not now" to the review: a keep-in-touch reminder snoozed, a birthday or a
reconnect suggestion put aside for a while. Each is kept in the store (``dismissal``), so the
next review, in the app or the CLI, leaves it out until its day; each is undoable.

The ORM comes in when one of these writes runs, not with this module: the review screen, the
app's first, imports it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete

from netcrm.domain.errors import BadInput
from netcrm.services.clock import Clock
from netcrm.services.due.follow_ups import day_after_today
from netcrm.services.due.items import next_birthday
from netcrm.store.engine import Store
from netcrm.store.journal import Journal
from netcrm.store.tables import DISMISSAL

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from netcrm.store.models import Contact

SUGGESTION_REST = timedelta(days=30)  # "not now" to a suggestion, unless told how long
KINDS = ("keep-in-touch", "birthday", "suggestion")


def _put_off(session: Session, contact: Contact, kind: str, until: date, clock: Clock) -> None:
    columns = DISMISSAL.c
    session.execute(delete(DISMISSAL).where(columns.contact_id == contact.id, columns.kind == kind))
    session.execute(
        DISMISSAL.insert().values(
            contact_id=contact.id, kind=kind, until=until, created_at=clock.now()
        )
    )


def snooze_keep_in_touch(store: Store, name: str, when: str, clock: Clock) -> tuple[str, date]:
    """Move a person's keep-in-touch reminder to ``when``: after today, never before its due day."""
    day = day_after_today(when, clock)
    from netcrm.services.resolving import resolve_contact

    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        if not contact.cadence or contact.next_touch_due is None:
            raise BadInput(f"{contact.name} has no keep-in-touch cadence to snooze.")
        if day < contact.next_touch_due:
            raise BadInput(
                f"Keeping in touch with {contact.name} is due {contact.next_touch_due:%d %b %Y}; "
                "a snooze moves it later, not earlier."
            )
        journal.keep_contacts([contact.id])
        _put_off(session, contact, "keep-in-touch", day, clock)
        journal.commit(
            "snooze", f"Snoozed keeping in touch with {contact.name} to {day}", clock.now()
        )
        return contact.name, day


def not_now(
    store: Store, name: str, kind: str, clock: Clock, until: str | None = None
) -> tuple[str, date]:
    """Leave ``kind`` (birthday or suggestion) for ``name`` out of the review until a day.

    A birthday is put aside until the day after the coming one; a suggestion for 30 days,
    or until ``until``.
    """
    if kind not in ("birthday", "suggestion"):
        raise BadInput(f'"Not now" is for a birthday or a suggestion, not "{kind}".')
    today = clock.today()
    day: date | None = None
    if until is not None and until.strip():
        day = day_after_today(until, clock, "Put it off to a date after today.")
    from netcrm.services.resolving import resolve_contact

    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        if kind == "birthday":
            if contact.birthday is None:
                raise BadInput(f"{contact.name} has no birthday noted.")
            day = day or next_birthday(contact.birthday, today) + timedelta(days=1)
            what = "birthday"
        else:
            day = day or today + SUGGESTION_REST
            what = "suggestion to reconnect"
        journal.keep_contacts([contact.id])
        _put_off(session, contact, kind, day, clock)
        journal.commit("not-now", f"Put off {contact.name}'s {what} until {day}", clock.now())
        return contact.name, day


def end_keep_in_touch_snooze(session: Session, contact_ids: list[int]) -> None:
    """A conversation restarts the cadence: a snoozed reminder has nothing left to wait for."""
    columns = DISMISSAL.c
    session.execute(
        delete(DISMISSAL).where(
            columns.contact_id.in_(contact_ids), columns.kind == "keep-in-touch"
        )
    )
