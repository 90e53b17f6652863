"""Keeping the maintained columns of ``Contact`` true, and counting writes.

Aggregates are recomputed from the rows each time a contact's history changes (a handful of
indexed queries for one contact), never incremented, so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, select

from netcrm.domain.cadence import next_touch_due
from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import LadderFacts, ladder_stage
from netcrm.domain.score import aggregate_talks
from netcrm.domain.text import fold
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
SEARCH_SEPARATOR = "\x1f"


def bump_revision(session: Session) -> None:
    """Every write transaction calls this, so readers (the TUI) can see that something changed."""
    session.execute(
        text(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = 'revision'"
        )
    )


def read_revision(session: Session) -> int:
    value = session.execute(text("SELECT value FROM meta WHERE key = 'revision'")).scalar()
    return int(value or 0)


def search_text_for(
    contact: Any, handles: Iterable[str], emails: Iterable[str], tags: Iterable[str]
) -> str:
    """Folded text searched per keystroke: the short identity part, then the long tail.

    ``contact`` is anything with name, company, role, location and notes attributes (a row, or
    an imported person: building SQLModel instances in bulk is slow).
    """
    identity = " ".join([contact.name, *handles])
    tail = " ".join(
        part
        for part in (
            contact.company,
            contact.role,
            contact.location,
            *emails,
            *tags,
            (contact.notes or "")[:NOTES_IN_SEARCH],
        )
        if part
    )
    return f"{fold(identity)}{SEARCH_SEPARATOR}{fold(tail)}"


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


def refresh_history(session: Session, contact: Contact, today: date) -> None:
    """Recompute talk aggregates, ladder stage and keep-in-touch due for one contact."""
    talks = session.exec(
        select(Conversation.at, Conversation.channel, Conversation.initiated)
        .join(Participant, Participant.conversation_id == Conversation.id)
        .where(Participant.contact_id == contact.id)
    ).all()
    agg = aggregate_talks(talks)
    contact.conversation_count = agg.count
    contact.warmth_mass = agg.mass
    contact.last_talked_at = agg.last_talked
    contact.first_talked_at = min((t[0] for t in talks), default=None)
    contact.initiated_me = agg.initiated_me
    contact.initiated_them = agg.initiated_them
    contact.strength_count = _count(session, Strength, contact.id)
    contact.disclosure_count = _count(session, Disclosure, contact.id)
    contact.exchange_count = _count(session, Exchange, contact.id)
    stage = ladder_stage(
        LadderFacts(
            agg.count, contact.strength_count, contact.disclosure_count, contact.exchange_count
        )
    ).stage.value
    if stage != contact.stage or contact.stage_since is None:
        contact.stage = stage
        contact.stage_since = today
    refresh_touch_due(contact)


def refresh_touch_due(contact: Contact) -> None:
    if not contact.cadence:
        contact.next_touch_due = None
        return
    # The local calendar day, as the user lives it (stored datetimes are UTC).
    last = contact.last_talked_at.astimezone().date() if contact.last_talked_at else None
    contact.next_touch_due = next_touch_due(
        last, parse_interval(contact.cadence), contact.cadence_set_on or last or date.today()
    )


def _count(session: Session, table: type, contact_id: int | None) -> int:
    return session.execute(
        select(func.count()).select_from(table).where(table.contact_id == contact_id)
    ).scalar_one()
