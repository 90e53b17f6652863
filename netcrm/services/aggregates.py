"""Keeping the maintained columns of ``Contact`` true: talk aggregates, stage, search text.

Aggregates are recomputed from the rows each time a contact's history changes (a handful of
indexed queries for one contact), never incremented, so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from netcrm.domain.cadence import next_touch_due
from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import LadderFacts, ladder_stage
from netcrm.domain.score import aggregate_talks
from netcrm.domain.text import fold
from netcrm.services.search_text import search_text_for
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
from netcrm.store.tables import CONTACT

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


def refresh_search_text(session: Session, contact: Contact) -> None:
    handles = session.exec(select(Handle.username).where(Handle.contact_id == contact.id)).all()
    emails = session.exec(select(Email.address).where(Email.contact_id == contact.id)).all()
    tags = session.exec(
        select(Tag.name)
        .join(ContactTag, col(ContactTag.tag_id) == col(Tag.id))
        .where(ContactTag.contact_id == contact.id)
    ).all()
    contact.search_text = search_text_for(contact, handles, emails, tags)
    contact.name_key = fold(contact.name)


def _search_parts() -> tuple[tuple[Any, Any], ...]:
    """(query, its contact id column) for the handles, emails and tags of search texts."""
    return (
        (
            select(Handle.contact_id, Handle.username).order_by(col(Handle.id)),
            col(Handle.contact_id),
        ),
        (select(Email.contact_id, Email.address).order_by(col(Email.id)), col(Email.contact_id)),
        (
            select(ContactTag.contact_id, Tag.name)
            .join(Tag, col(Tag.id) == col(ContactTag.tag_id))
            .order_by(col(Tag.name)),
            col(ContactTag.contact_id),
        ),
    )


def refresh_search_texts(session: Session, contacts: list[Contact]) -> None:
    """``refresh_search_text`` for many contacts, in three queries per chunk of them."""
    ids = [c.id for c in contacts if c.id is not None]
    handles, emails, tags = (
        _grouped(rows_in(session, query, contact_id, ids)) for query, contact_id in _search_parts()
    )
    for contact in contacts:
        cid = contact.id
        assert cid is not None  # flushed: every contact has its id
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
        .join(Participant, col(Participant.conversation_id) == col(Conversation.id))
        .where(Participant.contact_id == contact.id)
    ).all()
    values = history_values(
        list(talks),
        _count(session, col(Strength.contact_id), contact.id),
        _count(session, col(Disclosure.contact_id), contact.id),
        _count(session, col(Exchange.contact_id), contact.id),
        contact,
        today,
    )
    for name, value in values.items():
        setattr(contact, name, value)


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
        ).join(Conversation, col(Conversation.id) == col(Participant.conversation_id))
    ).all():
        if cid in ids:
            talks.setdefault(cid, []).append((at, channel, initiated))
    strengths, disclosures, exchanges = (
        dict(session.execute(select(column, func.count()).group_by(column)).all())
        for column in (
            col(Strength.contact_id),
            col(Disclosure.contact_id),
            col(Exchange.contact_id),
        )
    )
    handles, emails, tags = (
        _grouped(session.execute(query).all(), ids) for query, _ in _search_parts()
    )
    updates = []
    c = CONTACT.c
    columns = (
        c.id,
        c.name,
        c.company,
        c.role,
        c.location,
        c.notes,
        c.cadence,
        c.cadence_set_on,
        c.stage,
        c.stage_since,
    )
    for row in session.execute(select_columns(*columns)).all():
        if row.id not in ids:
            continue
        values = history_values(
            talks.get(row.id, []),
            strengths.get(row.id, 0),
            disclosures.get(row.id, 0),
            exchanges.get(row.id, 0),
            row,
            today,
        )
        values["name_key"] = fold(row.name)
        values["search_text"] = search_text_for(
            row, handles.get(row.id, []), emails.get(row.id, []), tags.get(row.id, [])
        )
        values["b_id"] = row.id
        updates.append(values)
    statement = CONTACT.update().where(c.id == bindparam("b_id"))
    session.execute(statement, updates)


def _grouped(rows: Iterable[Any], ids: set[int] | None = None) -> dict[int, list[str]]:
    """``{contact id: [value, ...]}`` from (contact id, value) rows, for ``ids`` if given."""
    grouped: dict[int, list[str]] = {}
    for cid, value in rows:
        if ids is None or cid in ids:
            grouped.setdefault(cid, []).append(value)
    return grouped


def _count(session: Session, contact_id: Any, value: int | None) -> int:
    """How many rows have ``value`` in the column ``contact_id``."""
    return session.execute(select(func.count()).where(contact_id == value)).scalar_one()
