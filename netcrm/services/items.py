"""Correcting one item of a person's history: a conversation, strength, disclosure, exchange or
follow-up, edited or deleted.

Each correction is one journaled transaction (``netcrm undo`` reverts it) that recomputes what
depends on the item (counts, stage, score, keep-in-touch, search text) for everyone it concerns:
a conversation belongs to all who took part in it. An edit that changes nothing says so
(:class:`Unchanged`) and writes nothing. Each function returns the sentence that says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from netcrm.domain.dates import parse_follow_up_date, parse_when
from netcrm.domain.errors import BadInput, NotFound, Unchanged
from netcrm.domain.intervals import parse_interval
from netcrm.domain.name_list import names_in_words
from netcrm.domain.text import clean_name, clean_note, fold
from netcrm.domain.vocabulary import parse_channel, parse_exchange, parse_initiator
from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.conversations import FUTURE_TOLERANCE, my_strength_in
from netcrm.services.resolving import resolve_contact
from netcrm.store.engine import Store
from netcrm.store.journal import Journal
from netcrm.store.models import (
    Contact,
    Conversation,
    Disclosure,
    Exchange,
    FollowUp,
    MyStrength,
    Participant,
    Strength,
)

T = TypeVar("T", Exchange, FollowUp)

#: What ``--every`` / ``--initiated`` take to clear the value.
CLEAR = ("", "-", "none", "never")


@dataclass
class ConversationEdit:
    """What to change in a conversation; None keeps a value, "" clears note, place, initiated."""

    when: str | None = None
    via: str | None = None
    note: str | None = None
    place: str | None = None
    initiated: str | None = None


@dataclass
class FollowUpEdit:
    """What to change in a follow-up; ``every`` of "" or "never" stops it repeating."""

    when: str | None = None
    about: str | None = None
    every: str | None = None


def _valid_id(value: int, what: str) -> int:
    if not 0 < value < 2**63:
        raise NotFound(f"No {what} with id {value}.")
    return value


def _finish(
    session: Session,
    journal: Journal,
    people: list[Contact],
    action: str,
    summary: str,
    clock: Clock,
    *,
    edit: bool,
) -> str:
    """Recompute everyone concerned; refuse an edit that changed nothing; commit, journaled."""
    session.flush()
    for contact in people:
        refresh_history(session, contact, clock.today())
        refresh_search_text(session, contact)
    if edit and journal.unchanged(ignoring=("updated_at",)):
        session.rollback()
        raise Unchanged("Nothing changed: it already reads like that.")
    for contact in people:
        contact.updated_at = clock.now()
    journal.commit(action, summary, clock.now())
    return summary


# --- conversations -------------------------------------------------------------------------


def _conversation(session: Session, conversation_id: int) -> tuple[Conversation, list[Contact]]:
    row = session.get(Conversation, _valid_id(conversation_id, "conversation"))
    people = session.exec(
        select(Contact)
        .join(Participant, col(Participant.contact_id) == Contact.id)
        .where(Participant.conversation_id == conversation_id)
        .order_by(col(Contact.name_key))
    ).all()
    if row is None or not people:
        raise NotFound(f"No conversation with id {conversation_id}.")
    if all(p.trashed_at is not None for p in people):
        raise BadInput(
            f"Conversation {conversation_id} is with someone in the trash; restore them first."
        )
    return row, list(people)


def _conversation_label(row: Conversation, people: list[Contact]) -> str:
    return f"the conversation of {row.at.astimezone():%d %b %Y} with " + names_in_words(
        [p.name for p in people]
    )


def edit_conversation(
    store: Store, conversation_id: int, change: ConversationEdit, clock: Clock
) -> str:
    now = clock.now()
    at: datetime | None = None
    has_time = False
    if change.when is not None:
        when = parse_when(change.when, now, prefer="past")
        if when.at - now > FUTURE_TOLERANCE:
            raise BadInput("A conversation cannot be in the future.")
        at, has_time = when.at, when.has_time
    channel = parse_channel(change.via) if change.via is not None else None
    initiated = (
        None
        if change.initiated is None or change.initiated.strip().lower() in CLEAR
        else parse_initiator(change.initiated)
    )
    with store.writing() as session:
        journal = Journal(session)
        row, people = _conversation(session, conversation_id)
        journal.keep_contacts(p.id for p in people)
        if at is not None:
            row.at, row.has_time = at, has_time
            evidence = conversation_id
            for statement in (
                update(Strength)
                .where(col(Strength.conversation_id) == evidence)
                .values(noted_at=at),
                update(Exchange).where(col(Exchange.conversation_id) == evidence).values(at=at),
                update(Disclosure).where(col(Disclosure.conversation_id) == evidence).values(at=at),
            ):
                session.execute(statement)
        if channel is not None:
            row.channel = channel
        if change.note is not None:
            row.summary = clean_note(change.note, "note")
        if change.place is not None:
            row.place = clean_note(change.place, "place")
        if change.initiated is not None:
            row.initiated = initiated
        summary = f"Changed {_conversation_label(row, people)}"
        return _finish(
            session,
            journal,
            people,
            "conversation",
            summary,
            clock,
            edit=True,
        )


def delete_conversation(store: Store, conversation_id: int, clock: Clock) -> str:
    """Delete a conversation; the strengths and exchanges noted in it stay, without evidence."""
    with store.writing() as session:
        journal = Journal(session)
        row, people = _conversation(session, conversation_id)
        journal.keep_contacts(p.id for p in people)
        summary = f"Deleted {_conversation_label(row, people)}"
        session.execute(delete(Conversation).where(col(Conversation.id) == conversation_id))
        session.expunge(row)
        return _finish(
            session,
            journal,
            people,
            "conversation",
            summary,
            clock,
            edit=False,
        )


# --- strengths and disclosures ---------------------------------------------------------------


def _strength(session: Session, contact: Contact, name: str) -> Strength:
    row = session.exec(
        select(Strength).where(Strength.contact_id == contact.id, Strength.name_key == fold(name))
    ).first()
    if row is None:
        raise NotFound(f'{contact.name} has no strength "{name.strip()}" noted.')
    return row


def rename_strength(store: Store, name: str, strength: str, new: str, clock: Clock) -> str:
    value = clean_name(new, "strength")
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        row = _strength(session, contact, strength)
        if (
            fold(value) != row.name_key
            and session.exec(
                select(Strength.id).where(
                    Strength.contact_id == contact.id, Strength.name_key == fold(value)
                )
            ).first()
        ):
            raise BadInput(f'{contact.name} already has the strength "{value}".')
        old = row.name
        row.name, row.name_key = value, fold(value)
        summary = f'Renamed {contact.name}\'s strength "{old}" to "{value}"'
        return _finish(session, journal, [contact], "strength", summary, clock, edit=True)


def delete_strength(store: Store, name: str, strength: str, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        row = _strength(session, contact, strength)
        summary = f'Removed the strength "{row.name}" from {contact.name}'
        session.delete(row)
        return _finish(session, journal, [contact], "strength", summary, clock, edit=False)


def _disclosure(session: Session, contact: Contact, mine: str) -> tuple[Disclosure, MyStrength]:
    found = session.exec(
        select(Disclosure, MyStrength)
        .join(MyStrength, col(MyStrength.id) == Disclosure.my_strength_id)
        .where(Disclosure.contact_id == contact.id, MyStrength.name_key == fold(mine))
    ).first()
    if found is None:
        raise NotFound(f'{contact.name} is not noted as knowing your strength "{mine.strip()}".')
    return found[0], found[1]


def change_disclosure(store: Store, name: str, mine: str, new: str, clock: Clock) -> str:
    """They know another of my strengths than the one noted (created if new to me)."""
    value = clean_name(new, "strength")
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        row, old = _disclosure(session, contact, mine)
        replacement = my_strength_in(session, value, clock.now())
        if (
            replacement.id != old.id
            and session.exec(
                select(Disclosure.id).where(
                    Disclosure.contact_id == contact.id, Disclosure.my_strength_id == replacement.id
                )
            ).first()
        ):
            raise BadInput(f'{contact.name} already knows your strength "{replacement.name}".')
        row.my_strength_id = replacement.id or 0
        summary = f'{contact.name} knows your "{replacement.name}", not "{old.name}"'
        return _finish(session, journal, [contact], "disclosure", summary, clock, edit=True)


def delete_disclosure(store: Store, name: str, mine: str, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        row, strength = _disclosure(session, contact, mine)
        summary = f'{contact.name} no longer noted as knowing your "{strength.name}"'
        session.delete(row)
        return _finish(session, journal, [contact], "disclosure", summary, clock, edit=False)


# --- exchanges -------------------------------------------------------------------------------


def _person_item(session: Session, model: type[T], item_id: int, what: str) -> tuple[T, Contact]:
    """An exchange or follow-up by id, with its person, who must not be in the trash."""
    row = session.get(model, _valid_id(item_id, what))
    if row is None:
        raise NotFound(f"No {what} with id {item_id}.")
    contact = session.get_one(Contact, row.contact_id)
    if contact.trashed_at is not None:
        raise BadInput(
            f"{what.capitalize()} {item_id} is with {contact.name}, who is in the trash."
        )
    return row, contact


def edit_exchange(store: Store, exchange_id: int, text: str, clock: Clock) -> str:
    """``text`` as ``log --exchange`` reads it: "gave: TEXT" or "got: KIND: TEXT"."""
    parsed = parse_exchange(text)
    with store.writing() as session:
        journal = Journal(session)
        row, contact = _person_item(session, Exchange, exchange_id, "exchange")
        journal.keep_contacts([contact.id])
        row.direction, row.kind, row.description = parsed.direction, parsed.kind, parsed.description
        summary = (
            f"Changed an exchange with {contact.name}: {parsed.direction} {parsed.description}"
        )
        return _finish(session, journal, [contact], "exchange", summary, clock, edit=True)


def delete_exchange(store: Store, exchange_id: int, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        row, contact = _person_item(session, Exchange, exchange_id, "exchange")
        journal.keep_contacts([contact.id])
        summary = f"Deleted an exchange with {contact.name}: {row.direction} {row.description}"
        session.delete(row)
        return _finish(session, journal, [contact], "exchange", summary, clock, edit=False)


# --- follow-ups ------------------------------------------------------------------------------


def edit_follow_up(store: Store, follow_up_id: int, change: FollowUpEdit, clock: Clock) -> str:
    due: date | None = None
    if change.when is not None:
        due = parse_follow_up_date(change.when, clock.now())
    recurrence: str | None = None
    if change.every is not None and change.every.strip().lower() not in CLEAR:
        recurrence = parse_interval(change.every).text
    with store.writing() as session:
        journal = Journal(session)
        row, contact = _person_item(session, FollowUp, follow_up_id, "follow-up")
        journal.keep_contacts([contact.id])
        if change.about is not None:
            row.title = (
                clean_note(change.about, "follow-up text") or f"Follow up with {contact.name}"
            )
        if due is not None:
            row.due, row.snoozed_from = due, None
            if row.recurrence:
                row.anchor = due
        if change.every is not None:
            row.recurrence = recurrence
            row.anchor = row.due if recurrence else None
        summary = f'Changed the follow-up "{row.title}" with {contact.name}'
        return _finish(session, journal, [contact], "follow-up", summary, clock, edit=True)


def delete_follow_up(store: Store, follow_up_id: int, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        row, contact = _person_item(session, FollowUp, follow_up_id, "follow-up")
        journal.keep_contacts([contact.id])
        summary = f'Deleted the follow-up "{row.title}" with {contact.name}'
        session.delete(row)
        return _finish(session, journal, [contact], "follow-up", summary, clock, edit=False)
