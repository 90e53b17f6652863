"""What the exports need, gathered in a handful of bulk queries.

Every live (non-trashed) contact with its emails, handles, tags and strengths comes from one
query per table, never one per contact, so exporting 100k people takes seconds. Stage, score,
last talked and next due follow the same rules as the contact list; the agenda comes from
:mod:`netcrm.services.agenda` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func
from sqlmodel import select

from netcrm.domain.score import TalkAggregate, score_value
from netcrm.services.agenda import MAX_WINDOW_DAYS, due_between
from netcrm.services.clock import Clock
from netcrm.services.due import DueItem
from netcrm.services.records import HandleRecord
from netcrm.store.engine import Store
from netcrm.store.models import Contact, ContactTag, Email, Handle, Strength, Tag

LIVE = Contact.trashed_at.is_(None)
#: The agenda kinds a calendar gets; birthdays travel in the vCard export (BDAY).
AGENDA_KINDS = ("follow-up", "keep-in-touch")


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


def export_people(store: Store, clock: Clock) -> list[ExportPerson]:
    """Every live contact, sorted by name, in five queries whatever the size of the store."""
    now = clock.now()
    tz = now.tzinfo
    with store.session() as session:
        # Plain rows through the connection: ORM result handling would cost more than the rest.
        run = session.connection().execute
        contacts = run(
            select(
                Contact.id,
                Contact.name,
                Contact.company,
                Contact.role,
                Contact.location,
                Contact.phones,
                Contact.birthday,
                Contact.notes,
                Contact.stage,
                Contact.conversation_count,
                Contact.warmth_mass,
                Contact.last_talked_at,
                Contact.initiated_me,
                Contact.initiated_them,
                Contact.next_touch_due,
                Contact.updated_at,
            )
            .where(LIVE)
            .order_by(Contact.name_key, Contact.id)
        ).all()
        emails = _grouped(
            run(
                _of_live(select(Email.contact_id, Email.address), Email.contact_id).order_by(
                    Email.contact_id, Email.id
                )
            )
        )
        handles = _grouped(
            run(
                _of_live(
                    select(Handle.contact_id, Handle.platform, Handle.username, Handle.url),
                    Handle.contact_id,
                ).order_by(Handle.contact_id, Handle.platform, Handle.username_key)
            ),
            lambda platform, username, url: HandleRecord(platform, username, url),
        )
        tags = _grouped(
            run(
                _of_live(
                    select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id),
                    ContactTag.contact_id,
                ).order_by(ContactTag.contact_id, Tag.name_key)
            )
        )
        strengths = _grouped(
            run(
                _of_live(select(Strength.contact_id, Strength.name), Strength.contact_id).order_by(
                    Strength.contact_id, Strength.noted_at, Strength.id
                )
            )
        )
        last_noted = dict(
            run(
                _of_live(
                    select(Strength.contact_id, func.max(Strength.noted_at)), Strength.contact_id
                ).group_by(Strength.contact_id)
            ).all()
        )

    people = []
    for (
        cid,
        name,
        company,
        role,
        location,
        phones,
        birthday,
        notes,
        stage,
        talks,
        mass,
        last_talked_at,
        initiated_me,
        initiated_them,
        next_due,
        updated,
    ) in contacts:
        noted = last_noted.get(cid)
        if noted is not None and (updated is None or noted > updated):
            updated = noted
        people.append(
            ExportPerson(
                id=cid,
                name=name,
                company=company,
                role=role,
                location=location,
                emails=emails.get(cid, ()),
                phones=tuple(phones or ()),
                birthday=birthday,
                notes=notes,
                tags=tags.get(cid, ()),
                handles=handles.get(cid, ()),
                strengths=strengths.get(cid, ()),
                stage=stage,
                score=score_value(
                    TalkAggregate(talks, mass, last_talked_at, initiated_me, initiated_them), now
                ),
                last_talked=last_talked_at.astimezone(tz).date() if last_talked_at else None,
                next_due=next_due,
                updated=updated,
            )
        )
    return people


def export_agenda(store: Store, clock: Clock) -> list[DueItem]:
    """Open follow-ups (with their ids) and keep-in-touch dues, overdue ones included,
    sorted by due date: the agenda's own rules over its widest window."""
    items = due_between(store, clock.today(), MAX_WINDOW_DAYS)
    return [item for item in items if item.kind in AGENDA_KINDS]


def _of_live(query: Select, contact_id) -> Select:
    return query.join(Contact, Contact.id == contact_id).where(LIVE)


def _grouped(rows, make=None) -> dict[int, tuple]:
    """``{contact id: (value, ...)}`` from rows whose first column is the contact id; the
    value is the second column, or ``make(*rest of the row)``."""
    grouped: dict[int, list] = {}
    if make is None:
        for cid, value in rows:
            grouped.setdefault(cid, []).append(value)
    else:
        for cid, *rest in rows:
            grouped.setdefault(cid, []).append(make(*rest))
    return {cid: tuple(values) for cid, values in grouped.items()}
