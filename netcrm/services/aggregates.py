"""Keeping the maintained columns of ``Contact`` true, and counting writes.

Aggregates are recomputed from the rows each time a contact's history changes (a handful of
indexed queries for one contact), never incremented, so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, text
from sqlmodel import Session, select

from netcrm.domain.cadence import next_touch_due
from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import LadderFacts, ladder_stage
from netcrm.domain.score import aggregate_talks
from netcrm.domain.text import fold
from netcrm.services.lean import SEARCH_SEPARATOR, read_revision  # noqa: F401 (re-exported)
from netcrm.store.bulk import rows_in
from netcrm.store.models import (
    Contact,
    ContactTag,
    Conversation,
    Disclosure,
    Email,
    Exchange,
    Handle,
    Participant,
    Strength,
    Tag,
)

NOTES_IN_SEARCH = 500

#: The maintained columns of a contact with no history yet, for rows written in bulk.
NO_HISTORY: dict[str, Any] = {
    "conversation_count": 0,
    "first_talked_at": None,
    "last_talked_at": None,
    "initiated_me": 0,
    "initiated_them": 0,
    "warmth_mass": 0.0,
    "strength_count": 0,
    "disclosure_count": 0,
    "exchange_count": 0,
    "stage": "follower",
    "next_touch_due": None,
}


def bump_revision(session: Session) -> None:
    """Every write transaction calls this, so readers (the TUI) can see that something changed."""
    session.execute(
        text(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = 'revision'"
        )
    )


def search_text_for(
    contact: Any, handles: Iterable[str], emails: Iterable[str], tags: Iterable[str]
) -> str:
    """Folded text searched per keystroke: the short identity part, then the long tail.

    ``contact`` is anything with name, company, role, location and notes attributes (a row, or
    an imported person: building SQLModel instances in bulk is slow).
    """
    identity = " ".join([contact.name, *handles])
    parts = [contact.company, contact.role, contact.location, *emails, *tags]
    if contact.notes:
        parts.append(contact.notes[:NOTES_IN_SEARCH])
    tail = " ".join([part for part in parts if part])
    return f"{fold(identity)}{SEARCH_SEPARATOR}{fold(tail) if tail else ''}"


def refresh_search_text(session: Session, contact: Contact) -> None:
    handles = session.exec(select(Handle.username).where(Handle.contact_id == contact.id)).all()
    emails = session.exec(select(Email.address).where(Email.contact_id == contact.id)).all()
    tags = session.exec(
        select(Tag.name)
        .join(ContactTag, ContactTag.tag_id == Tag.id)
        .where(ContactTag.contact_id == contact.id)
    ).all()
    contact.search_text = search_text_for(contact, handles, emails, tags)
    contact.name_key = fold(contact.name)


def refresh_search_texts(session: Session, contacts: list[Contact]) -> None:
    """``refresh_search_text`` for many contacts, in three queries per chunk of them."""
    ids = [c.id for c in contacts]
    handles: dict[int, list[str]] = {}
    emails: dict[int, list[str]] = {}
    tags: dict[int, list[str]] = {}
    queries = (
        (handles, select(Handle.contact_id, Handle.username).order_by(Handle.id), Handle),
        (emails, select(Email.contact_id, Email.address).order_by(Email.id), Email),
        (
            tags,
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .order_by(Tag.name),
            ContactTag,
        ),
    )
    for grouped, query, table in queries:
        for cid, value in rows_in(session, query, table.contact_id, ids):
            grouped.setdefault(cid, []).append(value)
    for contact in contacts:
        cid = contact.id
        contact.search_text = search_text_for(
            contact, handles.get(cid, []), emails.get(cid, []), tags.get(cid, [])
        )
        contact.name_key = fold(contact.name)


def history_values(
    talks: list[tuple[Any, str, str | None]],
    strengths: int,
    disclosures: int,
    exchanges: int,
    contact: Any,
    today: date,
) -> dict[str, Any]:
    """The maintained columns of one contact, from its rows (pure: no query)."""
    agg = aggregate_talks(talks)
    values: dict[str, Any] = {
        "conversation_count": agg.count,
        "warmth_mass": agg.mass,
        "last_talked_at": agg.last_talked,
        "first_talked_at": min((t[0] for t in talks), default=None),
        "initiated_me": agg.initiated_me,
        "initiated_them": agg.initiated_them,
        "strength_count": strengths,
        "disclosure_count": disclosures,
        "exchange_count": exchanges,
        "stage": contact.stage,
        "stage_since": contact.stage_since,
    }
    stage = ladder_stage(LadderFacts(agg.count, strengths, disclosures, exchanges)).stage.value
    if stage != contact.stage or contact.stage_since is None:
        values["stage"], values["stage_since"] = stage, today
    values["next_touch_due"] = touch_due(contact.cadence, contact.cadence_set_on, agg.last_talked)
    return values


def refresh_history(session: Session, contact: Contact, today: date) -> None:
    """Recompute talk aggregates, ladder stage and keep-in-touch due for one contact."""
    talks = session.exec(
        select(Conversation.at, Conversation.channel, Conversation.initiated)
        .join(Participant, Participant.conversation_id == Conversation.id)
        .where(Participant.contact_id == contact.id)
    ).all()
    values = history_values(
        list(talks),
        _count(session, Strength, contact.id),
        _count(session, Disclosure, contact.id),
        _count(session, Exchange, contact.id),
        contact,
        today,
    )
    for name, value in values.items():
        setattr(contact, name, value)


def refresh_touch_due(contact: Contact) -> None:
    contact.next_touch_due = touch_due(
        contact.cadence, contact.cadence_set_on, contact.last_talked_at
    )


def touch_due(cadence: str | None, cadence_set_on: date | None, last_talked_at: Any) -> date | None:
    if not cadence:
        return None
    # The local calendar day, as the user lives it (stored datetimes are UTC).
    last = last_talked_at.astimezone().date() if last_talked_at else None
    return next_touch_due(last, parse_interval(cadence), cadence_set_on or last or date.today())


def refresh_all(session: Session, contact_ids: Iterable[int], today: date) -> None:
    """``refresh_history`` and ``refresh_search_text`` for many contacts in a few queries."""
    ids = set(contact_ids)
    if not ids:
        return
    talks: dict[int, list] = {}
    for cid, at, channel, initiated in session.execute(
        select(
            Participant.contact_id, Conversation.at, Conversation.channel, Conversation.initiated
        ).join(Conversation, Conversation.id == Participant.conversation_id)
    ).all():
        if cid in ids:
            talks.setdefault(cid, []).append((at, channel, initiated))
    counts = {
        table: dict(
            session.execute(select(table.contact_id, func.count()).group_by(table.contact_id)).all()
        )
        for table in (Strength, Disclosure, Exchange)
    }
    handles = _grouped(session, select(Handle.contact_id, Handle.username).order_by(Handle.id), ids)
    emails = _grouped(session, select(Email.contact_id, Email.address).order_by(Email.id), ids)
    tags = _grouped(
        session,
        select(ContactTag.contact_id, Tag.name)
        .join(Tag, Tag.id == ContactTag.tag_id)
        .order_by(Tag.name),
        ids,
    )
    updates = []
    columns = (
        Contact.id,
        Contact.name,
        Contact.company,
        Contact.role,
        Contact.location,
        Contact.notes,
        Contact.cadence,
        Contact.cadence_set_on,
        Contact.stage,
        Contact.stage_since,
    )
    for row in session.execute(select(*columns)).all():
        if row.id not in ids:
            continue
        values = history_values(
            talks.get(row.id, []),
            counts[Strength].get(row.id, 0),
            counts[Disclosure].get(row.id, 0),
            counts[Exchange].get(row.id, 0),
            row,
            today,
        )
        values["name_key"] = fold(row.name)
        values["search_text"] = search_text_for(
            row, handles.get(row.id, []), emails.get(row.id, []), tags.get(row.id, [])
        )
        values["b_id"] = row.id
        updates.append(values)
    table = Contact.__table__
    statement = table.update().where(table.c.id == bindparam("b_id"))
    session.execute(statement, updates)


def _grouped(session: Session, query: Any, ids: set[int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for cid, value in session.execute(query).all():
        if cid in ids:
            grouped.setdefault(cid, []).append(value)
    return grouped


def _count(session: Session, table: type, contact_id: int | None) -> int:
    return session.execute(
        select(func.count()).select_from(table).where(table.contact_id == contact_id)
    ).scalar_one()
