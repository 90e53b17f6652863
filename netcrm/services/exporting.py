"""What the exports need, gathered in a handful of bulk queries.

Every live (non-trashed) contact with its emails, handles, tags and strengths comes from one
query per table, never one per contact, so a large store costs no more queries than a small one.
Stage, score, last talked and next due follow the same rules as the contact list; the agenda
comes from the due list itself (:mod:`netcrm.services.due.items`), with what a calendar needs
besides: when each item and its contact were made and last changed, and the real birth dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, func, select

from netcrm.domain.score import score_value
from netcrm.domain.uids import contact_uid
from netcrm.services.clock import Clock
from netcrm.services.contact_rows import talk_aggregate
from netcrm.services.due.items import (
    MAX_WINDOW_DAYS,
    DueItem,
    as_datetime,
    connection_run,
    read_due,
)
from netcrm.services.records import HandleRecord
from netcrm.store.copy import snapshot
from netcrm.store.engine import Store
from netcrm.store.tables import CONTACT, CONTACT_TAG, EMAIL, FOLLOW_UP, HANDLE, STRENGTH, TAG
from netcrm.store.trash import live

#: The agenda kinds a calendar gets: all of the due list's.
AGENDA_KINDS = ("follow-up", "keep-in-touch", "birthday")


@dataclass(frozen=True)
class ExportPerson:
    """One live contact, everything an export writes about them."""

    id: int
    name: str
    company: str | None
    role: str | None
    location: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    birthday: date | None
    notes: str | None
    tags: tuple[str, ...]
    handles: tuple[HandleRecord, ...]
    strengths: tuple[str, ...]
    stage: str
    score: int
    last_talked: date | None
    next_due: date | None
    updated: datetime | None = None  # latest change to what the card shows, UTC
    created: datetime | None = None  # when the contact was made in this store, UTC

    @property
    def uid(self) -> str | None:
        """The UID the CSV and vCard exports give the contact (:mod:`netcrm.domain.uids`);
        None for a person not read from a store."""
        return None if self.created is None else contact_uid(self.id, self.created)


def export_people(store: Store, clock: Clock) -> list[ExportPerson]:
    """Every live contact, sorted by name, in five queries whatever the size of the store."""
    now = clock.now()
    tz = now.tzinfo
    c, email, handle, strength = CONTACT.c, EMAIL.c, HANDLE.c, STRENGTH.c
    # Plain rows through SQLAlchemy Core: ORM result handling would cost more than the rest.
    with store.connection() as connection:
        run = connection.execute
        contacts = run(
            select(
                c.id,
                c.name,
                c.company,
                c.role,
                c.location,
                c.phones,
                c.birthday,
                c.notes,
                c.stage,
                c.conversation_count,
                c.warmth_mass,
                c.last_talked_at,
                c.initiated_me,
                c.initiated_them,
                c.next_touch_due,
                c.updated_at,
                c.created_at,
            )
            .where(live(c))
            .order_by(c.name_key, c.id)
        ).all()
        emails = _grouped(
            run(
                _of_live(select(email.contact_id, email.address), email.contact_id).order_by(
                    email.contact_id, email.id
                )
            )
        )
        handles = _grouped(
            run(
                _of_live(
                    select(handle.contact_id, handle.platform, handle.username, handle.url),
                    handle.contact_id,
                ).order_by(handle.contact_id, handle.platform, handle.username_key)
            ),
            lambda platform, username, url: HandleRecord(platform, username, url),
        )
        tags = _grouped(
            run(
                _of_live(
                    select(CONTACT_TAG.c.contact_id, TAG.c.name).join(
                        TAG, TAG.c.id == CONTACT_TAG.c.tag_id
                    ),
                    CONTACT_TAG.c.contact_id,
                ).order_by(CONTACT_TAG.c.contact_id, TAG.c.name_key)
            )
        )
        strengths = _grouped(
            run(
                _of_live(select(strength.contact_id, strength.name), strength.contact_id).order_by(
                    strength.contact_id, strength.noted_at, strength.id
                )
            )
        )
        last_noted: dict[int, datetime] = dict(
            run(
                _of_live(
                    select(strength.contact_id, func.max(strength.noted_at)), strength.contact_id
                ).group_by(strength.contact_id)
            ).all()
        )

    people = []
    for row in contacts:
        updated = row.updated_at
        noted = last_noted.get(row.id)
        if noted is not None and (updated is None or noted > updated):
            updated = noted
        people.append(
            ExportPerson(
                id=row.id,
                name=row.name,
                company=row.company,
                role=row.role,
                location=row.location,
                emails=emails.get(row.id, ()),
                phones=tuple(row.phones or ()),
                birthday=row.birthday,
                notes=row.notes,
                tags=tags.get(row.id, ()),
                handles=handles.get(row.id, ()),
                strengths=strengths.get(row.id, ()),
                stage=row.stage,
                score=score_value(talk_aggregate(row), now),
                last_talked=row.last_talked_at.astimezone(tz).date()
                if row.last_talked_at
                else None,
                next_due=row.next_touch_due,
                updated=updated,
                created=row.created_at,
            )
        )
    return people


class AgendaItem(NamedTuple):
    """One item of the agenda, with the stable facts a calendar's SEQUENCE is derived from."""

    item: DueItem
    #: The UTC day the follow-up was made; for a keep-in-touch date or a birthday, the day
    #: its contact was.
    created: date
    #: The contact's latest change (a rename, a new cadence or birthday, a conversation), UTC.
    changed: datetime
    #: A birthday's date as stored: the year is ``YEARLESS`` when unknown. None for the others.
    born: date | None = None


def export_agenda(store: Store, clock: Clock) -> list[AgendaItem]:
    """Open follow-ups (with their ids), keep-in-touch dues, overdue ones included, and the
    next birthday of every live contact that has one, sorted by due date: the agenda's own
    rules over its widest window (which holds a whole year, so every birthday is in it).

    Two more queries, whatever the size of the store: the open follow-ups' creation times, and
    the creation and change times and birthdays of the contacts with something on the agenda.
    """
    today = clock.today()
    c, f = CONTACT.c, FOLLOW_UP.c
    with snapshot(store) as connection:  # the due list and its facts as of one moment
        due = read_due(connection_run(connection), today, today + timedelta(MAX_WINDOW_DAYS - 1))
        items = [item for item in due if item.kind in AGENDA_KINDS]
        follow_ups = dict(
            connection.execute(select(f.id, f.created_at).where(f.status == "open")).all()
        )
        has_open = select(f.contact_id).where(f.status == "open")
        contacts = {
            row.id: row
            for row in connection.execute(
                select(c.id, c.created_at, c.updated_at, c.birthday).where(
                    live(c),
                    c.next_touch_due.is_not(None) | c.birthday.is_not(None) | c.id.in_(has_open),
                )
            ).all()
        }
    agenda = []
    for item in items:
        contact = contacts[item.contact_id]
        created = follow_ups[item.id] if item.kind == "follow-up" else contact.created_at
        born = contact.birthday if item.kind == "birthday" else None
        agenda.append(AgendaItem(item, _utc_day(created), as_datetime(contact.updated_at), born))
    return agenda


def _utc_day(moment: datetime) -> date:
    return as_datetime(moment).astimezone(UTC).date()


def _of_live(query: Select[Any], contact_id: ColumnElement[int]) -> Select[Any]:
    return query.join(CONTACT, CONTACT.c.id == contact_id).where(live(CONTACT.c))


def _grouped(
    rows: Iterable[Any], make: Callable[..., Any] | None = None
) -> dict[int, tuple[Any, ...]]:
    """``{contact id: (value, ...)}`` from rows whose first column is the contact id; the
    value is the second column, or ``make(*rest of the row)``."""
    grouped: dict[int, list[Any]] = {}
    if make is None:
        for cid, value in rows:
            grouped.setdefault(cid, []).append(value)
    else:
        for cid, *rest in rows:
            grouped.setdefault(cid, []).append(make(*rest))
    return {cid: tuple(values) for cid, values in grouped.items()}
