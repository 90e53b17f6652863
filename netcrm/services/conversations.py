"""Logging a conversation: everything it carries is written in one transaction, or nothing is."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from netcrm.domain.dates import parse_follow_up_date, parse_when
from netcrm.domain.errors import BadInput, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.domain.name_list import names_in_words
from netcrm.domain.text import clean_name, clean_note, fold
from netcrm.domain.vocabulary import parse_channel, parse_exchange, parse_initiator
from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.contacts import create_contact_in
from netcrm.services.due.dismissals import end_keep_in_touch_snooze
from netcrm.services.due.follow_ups import close_open_follow_up_in
from netcrm.services.records import ConversationInput, LogResult
from netcrm.services.resolving import resolve_contact
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
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

FUTURE_TOLERANCE = timedelta(hours=12)


def log_conversation(store: Store, data: ConversationInput, clock: Clock) -> LogResult:
    now = clock.now()
    names = [n for n in (name.strip() for name in data.names) if n]
    if not names:
        raise BadInput("Say who you talked to.")
    when = parse_when(data.when, now, prefer="past") if data.when and data.when.strip() else None
    at = when.at if when else now
    if at - now > FUTURE_TOLERANCE:
        raise BadInput("A conversation cannot be in the future; log it after it happens.")
    channel = parse_channel(data.via)
    initiated = parse_initiator(data.initiated)
    summary = clean_note(data.note, "note")
    place = clean_note(data.place, "place")
    learned = _unique(clean_name(s, "strength") for s in data.learned)
    shared = _unique(clean_name(s, "strength") for s in data.shared)
    exchanges = [parse_exchange(e) for e in data.exchanges]
    follow_up = None
    if data.follow_up and data.follow_up.strip():
        follow_up = parse_follow_up_date(data.follow_up, now)
    about = clean_note(data.about, "follow-up text")
    if about and follow_up is None:
        raise BadInput("--about needs --follow-up WHEN.")

    with store.writing() as session:
        journal = Journal(session)
        contacts, created = _participants(session, names, data.create_missing, clock)
        journal.keep_contacts(c.id for c in contacts)
        before = {c.id: c.stage for c in contacts}
        conversation = Conversation(
            at=at,
            has_time=bool(when and when.has_time),
            channel=channel,
            place=place,
            summary=summary,
            initiated=initiated,
            created_at=now,
        )
        session.add(conversation)
        session.flush()
        for contact in contacts:
            session.add(Participant(conversation_id=id_of(conversation), contact_id=id_of(contact)))
        for contact in contacts:
            for strength in learned:
                note_strength(session, contact, strength, at, conversation.id)
            _add_disclosures(session, contact, shared, conversation, at, now)
            for exchange in exchanges:
                session.add(
                    Exchange(
                        contact_id=id_of(contact),
                        direction=exchange.direction,
                        kind=exchange.kind,
                        description=exchange.description,
                        conversation_id=conversation.id,
                        at=at,
                    )
                )
        follow_up_id = title = None
        if follow_up is not None:
            title = about or f"Follow up with {', '.join(c.name for c in contacts)}"
            row = FollowUp(
                contact_id=id_of(contacts[0]),
                title=title,
                due=follow_up,
                conversation_id=conversation.id,
                created_at=now,
            )
            session.add(row)
            session.flush()
            follow_up_id = row.id
        closed = None
        if data.close_follow_up is not None:
            settled = close_open_follow_up_in(session, data.close_follow_up, clock)
            if settled.contact_id not in {c.id for c in contacts}:
                raise BadInput(
                    f'Follow-up {settled.id} ("{settled.title}") is not with anyone in this '
                    "conversation."
                )
            closed = settled.title
        session.flush()
        end_keep_in_touch_snooze(session, [id_of(c) for c in contacts])
        for contact in contacts:
            refresh_history(session, contact, clock.today())
            contact.updated_at = now
        changes = tuple(
            (c.name, before[c.id], c.stage) for c in contacts if before[c.id] != c.stage
        )
        with_whom = names_in_words([c.name for c in contacts])
        journal.commit("log", f"Logged a conversation with {with_whom}", now)
        return LogResult(
            id_of(conversation),
            tuple(c.name for c in contacts),
            tuple(created),
            follow_up_id,
            changes,
            follow_up,
            title,
            closed,
        )


def _unique(values) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(fold(value), value)
    return list(seen.values())


def _participants(
    session: Session, names: list[str], create: bool, clock: Clock
) -> tuple[list[Contact], list[str]]:
    contacts: list[Contact] = []
    created: list[str] = []
    for name in names:
        try:
            contact = resolve_contact(session, name)
        except NotFound:
            if not create:
                raise
            contact = create_contact_in(session, name, clock)
            created.append(contact.name)
        if all(contact.id != c.id for c in contacts):
            contacts.append(contact)
    return contacts, created


def note_strength(
    session: Session, contact: Contact, name: str, at, conversation_id: int | None = None
) -> bool:
    """Record that ``contact`` is good at ``name`` unless already noted; True if it was new."""
    key = fold(name)
    exists = session.exec(
        select(Strength.id).where(Strength.contact_id == contact.id, Strength.name_key == key)
    ).first()
    if exists:
        return False
    session.add(
        Strength(
            contact_id=id_of(contact),
            name=name,
            name_key=key,
            conversation_id=conversation_id,
            noted_at=at,
        )
    )
    return True


def _add_disclosures(
    session: Session, contact: Contact, shared: list[str], conversation: Conversation, at, now
) -> None:
    for name in shared:
        mine = my_strength_in(session, name, now)
        exists = session.exec(
            select(Disclosure.id).where(
                Disclosure.contact_id == contact.id, Disclosure.my_strength_id == mine.id
            )
        ).first()
        if not exists:
            session.add(
                Disclosure(
                    contact_id=id_of(contact),
                    my_strength_id=id_of(mine),
                    conversation_id=conversation.id,
                    at=at,
                )
            )


def my_strength_in(session: Session, name: str, now) -> MyStrength:
    """One of my strengths by name, created on first mention."""
    key = fold(name)
    mine = session.exec(select(MyStrength).where(MyStrength.name_key == key)).first()
    if mine is None:
        mine = MyStrength(name=name, name_key=key, created_at=now)
        session.add(mine)
        session.flush()
    return mine


def add_strength(store: Store, contact_name: str, strength: str, clock: Clock) -> str:
    """Note a strength of a contact outside a conversation (no evidence)."""
    name = clean_name(strength, "strength")
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, contact_name)
        journal.keep_contacts([contact.id])
        if note_strength(session, contact, name, clock.now()):
            session.flush()
            refresh_history(session, contact, clock.today())
            refresh_search_text(session, contact)
            journal.commit("strength", f"Noted that {contact.name} is good at {name}", clock.now())
        return contact.name


def add_follow_up(
    store: Store,
    contact_name: str,
    when: str,
    title: str | None,
    clock: Clock,
    every: str | None = None,
) -> int:
    due = parse_follow_up_date(when, clock.now())
    recurrence = parse_interval(every).text if every and every.strip() else None
    about = clean_note(title, "follow-up text")
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, contact_name)
        journal.keep_contacts([contact.id])
        row = FollowUp(
            contact_id=id_of(contact),
            title=about or f"Follow up with {contact.name}",
            due=due,
            recurrence=recurrence,
            anchor=due if recurrence else None,
            created_at=clock.now(),
        )
        session.add(row)
        journal.commit("follow-up", f'Added the follow-up "{row.title}"', clock.now())
        return id_of(row)
