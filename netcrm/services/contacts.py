"""Contacts: resolving names, add/edit, trash and restore, and one person's full record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func
from sqlmodel import Session, select

from netcrm.domain.dates import parse_date
from netcrm.domain.errors import Ambiguous, BadInput, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import LadderFacts, Stage, ladder_stage
from netcrm.domain.score import engagement_score, score_history
from netcrm.domain.text import clean_name, clean_note, clean_optional, fold
from netcrm.domain.vocabulary import parse_handle
from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.contact_rows import contact_row, tags_of, talk_aggregate
from netcrm.services.records import (
    ContactDetail,
    ContactInput,
    ContactRow,
    ConversationRecord,
    DisclosureRecord,
    ExchangeRecord,
    FollowUpRecord,
    HandleRecord,
    StrengthRecord,
    TrashRow,
)
from netcrm.store.engine import Store
from netcrm.store.models import (
    Contact,
    ContactTag,
    Conversation,
    Disclosure,
    Email,
    Exchange,
    FollowUp,
    Handle,
    MyStrength,
    Participant,
    Strength,
    Tag,
)
from netcrm.store.revision import bump_revision

FUZZY_ACCEPT = 90
FUZZY_SUGGEST = 60


# --- resolving names -----------------------------------------------------------------------


def live_contacts() -> select:
    return select(Contact).where(Contact.trashed_at.is_(None))


def resolve_contact(session: Session, name: str, *, trashed: bool = False) -> Contact:
    """Exactly, then case- and accent-insensitively, then fuzzily; never a silent guess."""
    query = (name or "").strip()
    if not query:
        raise BadInput("The name cannot be blank.")
    live = Contact.trashed_at.is_not(None) if trashed else Contact.trashed_at.is_(None)
    key = fold(query)
    # The same name has the same folded key (always stored as fold(name)): the key's index
    # finds it, where comparing names alone would read every contact.
    exact = session.exec(
        select(Contact).where(live, Contact.name_key == key, Contact.name == query)
    ).all()
    if len(exact) == 1:
        return exact[0]
    digits = query.removeprefix("#")
    if digits.isascii() and digits.isdigit() and len(digits) <= 18:  # an id, as listed
        found = session.exec(select(Contact).where(live, Contact.id == int(digits))).first()
        if found:
            return found
    folded = exact or session.exec(select(Contact).where(live, Contact.name_key == key)).all()
    if len(folded) == 1:
        return folded[0]
    if len(folded) > 1:
        raise _ambiguous(query, folded)
    return _resolve_fuzzily(session, query, key, live)


def _ambiguous(query: str, contacts: Sequence[Contact]) -> Ambiguous:
    labels = [_label(c) for c in contacts[:8]]
    return Ambiguous(f'"{query}" matches several contacts: {"; ".join(labels)}.', labels)


def _label(contact: Contact) -> str:
    extra = f", {contact.company}" if contact.company else ""
    return f"{contact.name} (#{contact.id}{extra})"


def _resolve_fuzzily(session: Session, query: str, key: str, live) -> Contact:
    tokens = key.split()
    if not tokens:  # only accents or invisible marks: nothing to compare
        raise NotFound(f'No contact called "{query}".')
    # LIKE wildcards typed in a name are literal characters.
    first = tokens[0].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # Every typed word starts a word of the name: "budi" → "Budi Santoso", "b sant" too.
    prefix = session.exec(
        select(Contact)
        .where(
            live,
            Contact.name_key.like(f"{first}%", escape="\\")
            | Contact.name_key.like(f"% {first}%", escape="\\"),
        )
        .limit(200)
    ).all()
    by_words = [c for c in prefix if _words_prefix(tokens, c.name_key.split())]
    if len(by_words) == 1:
        return by_words[0]
    if len(by_words) > 1:
        raise _ambiguous(query, by_words)
    rows = session.exec(select(Contact.id, Contact.name_key).where(live)).all()
    matches = process.extract(
        key, {cid: nk for cid, nk in rows}, scorer=fuzz.WRatio, limit=5, score_cutoff=FUZZY_SUGGEST
    )
    strong = [m for m in matches if m[1] >= FUZZY_ACCEPT]
    if len(strong) == 1 or (strong and strong[0][1] - strong[1][1] >= 5):
        return session.get(Contact, strong[0][2])
    if len(strong) > 1:
        raise _ambiguous(query, [session.get(Contact, m[2]) for m in strong])
    suggestions = [session.get(Contact, m[2]).name for m in matches[:3]]
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise NotFound(f'No contact called "{query}".{hint}', suggestions)


def _words_prefix(query_words: list[str], name_words: list[str]) -> bool:
    remaining = list(name_words)
    for word in query_words:
        for index, candidate in enumerate(remaining):
            if candidate.startswith(word):
                del remaining[index]
                break
        else:
            return False
    return True


# --- add and edit ---------------------------------------------------------------------------


def add_contact(store: Store, data: ContactInput, clock: Clock) -> ContactDetail:
    name = clean_name(data.name)
    with store.writing() as session:
        now = clock.now()
        contact = Contact(name=name, name_key=fold(name), created_at=now, updated_at=now)
        _apply(session, contact, data, clock, creating=True)
        session.add(contact)
        session.flush()
        _attach_lists(session, contact, data)
        refresh_history(session, contact, clock.today())
        refresh_search_text(session, contact)
        bump_revision(session)
        session.commit()
        return contact_detail(session, contact, clock)


def create_contact_in(
    session: Session, name: str, clock: Clock, source: str | None = None
) -> Contact:
    """A bare new contact inside an ongoing transaction (used by log --create and imports)."""
    name = clean_name(name)
    now = clock.now()
    contact = Contact(name=name, name_key=fold(name), created_at=now, updated_at=now, source=source)
    session.add(contact)
    session.flush()
    refresh_search_text(session, contact)
    return contact


def edit_contact(store: Store, name: str, data: ContactInput, clock: Clock) -> ContactDetail:
    with store.writing() as session:
        contact = resolve_contact(session, name)
        if data.name is not None:
            contact.name = clean_name(data.name)
        _apply(session, contact, data, clock, creating=False)
        _detach_lists(session, contact, data)
        session.flush()
        _attach_lists(session, contact, data)
        contact.updated_at = clock.now()
        refresh_history(session, contact, clock.today())
        refresh_search_text(session, contact)
        bump_revision(session)
        session.commit()
        return contact_detail(session, contact, clock)


def _apply(
    session: Session, contact: Contact, data: ContactInput, clock: Clock, creating: bool
) -> None:
    """Validate and copy scalar fields; everything is checked before anything is written."""
    for attr, what in (
        ("company", "company"),
        ("role", "role"),
        ("location", "location"),
        ("how_met", "how-we-met"),
    ):
        value = getattr(data, attr)
        if value is not None:
            setattr(contact, attr, clean_optional(value, what))
    if data.notes is not None:
        contact.notes = clean_note(data.notes, "notes")
    if data.birthday is not None:
        if data.birthday.strip():
            birthday = parse_date(data.birthday, clock.today(), prefer="past")
            if birthday > clock.today():
                raise BadInput("A birthday cannot be in the future.")
            contact.birthday = birthday
            contact.birthday_md = birthday.strftime("%m-%d")
        else:
            contact.birthday = contact.birthday_md = None
    if data.every is not None:
        if data.every.strip():
            contact.cadence = parse_interval(data.every).text
            contact.cadence_set_on = clock.today()
        else:
            contact.cadence = contact.cadence_set_on = None
    for phone in data.phones:
        phone = clean_name(phone, "phone number")
        if phone not in contact.phones:
            contact.phones = [*contact.phones, phone]


def _detach_lists(session: Session, contact: Contact, data: ContactInput) -> None:
    """Remove what ``edit`` was asked to remove; naming something the contact lacks is an error."""
    for raw in data.remove_emails:
        row = session.exec(
            select(Email).where(
                Email.contact_id == contact.id, Email.address_key == raw.strip().lower()
            )
        ).first()
        _remove(session, row, f"{contact.name} has no email {raw.strip()}.")
    for raw in data.remove_phones:
        if raw.strip() not in contact.phones:
            raise BadInput(f"{contact.name} has no phone number {raw.strip()}.")
        contact.phones = [p for p in contact.phones if p != raw.strip()]
    for raw in data.remove_handles:
        platform, username = parse_handle(raw)
        row = session.exec(
            select(Handle).where(
                Handle.contact_id == contact.id,
                Handle.platform == platform,
                Handle.username_key == fold(username),
            )
        ).first()
        _remove(session, row, f"{contact.name} has no handle {platform}:{username}.")
    for raw in data.remove_tags:
        link = session.exec(
            select(ContactTag)
            .join(Tag, Tag.id == ContactTag.tag_id)
            .where(ContactTag.contact_id == contact.id, Tag.name_key == fold(raw))
        ).first()
        _remove(session, link, f"{contact.name} has no tag {raw.strip()}.")


def _remove(session: Session, row: Any, missing: str) -> None:
    if row is None:
        raise BadInput(missing)
    session.delete(row)


def _attach_lists(session: Session, contact: Contact, data: ContactInput) -> None:
    for raw in data.emails:
        address = clean_name(raw, "email")
        if "@" not in address:
            raise BadInput(f'"{address}" is not an email address.')
        add_email(session, contact, address)
    for raw in data.handles:
        platform, username = parse_handle(raw)
        add_handle(session, contact, platform, username)
    for raw in data.tags:
        add_tag(session, contact, clean_name(raw, "tag"))


def add_email(session: Session, contact: Contact, address: str) -> None:
    key = address.strip().lower()
    exists = session.exec(
        select(Email.id).where(Email.contact_id == contact.id, Email.address_key == key)
    ).first()
    if not exists:
        session.add(Email(contact_id=contact.id, address=address.strip(), address_key=key))


def add_handle(
    session: Session,
    contact: Contact,
    platform: str,
    username: str,
    *,
    url: str | None = None,
    direction: str | None = None,
    since: date | None = None,
) -> None:
    key = fold(username)
    existing = session.exec(
        select(Handle).where(Handle.platform == platform, Handle.username_key == key)
    ).first()
    if existing and existing.contact_id != contact.id:
        owner = session.get(Contact, existing.contact_id)
        raise BadInput(f"The handle {platform}:{username} already belongs to {owner.name}.")
    if not existing:
        session.add(
            Handle(
                contact_id=contact.id,
                platform=platform,
                username=username,
                username_key=key,
                url=url,
                direction=direction,
                since=since,
            )
        )


def add_tag(session: Session, contact: Contact, name: str) -> None:
    key = fold(name)
    tag = session.exec(select(Tag).where(Tag.name_key == key)).first()
    if tag is None:
        tag = Tag(name=name, name_key=key)
        session.add(tag)
        session.flush()
    linked = session.get(ContactTag, (contact.id, tag.id))
    if not linked:
        session.add(ContactTag(contact_id=contact.id, tag_id=tag.id))


# --- trash ----------------------------------------------------------------------------------


def trash_contact(store: Store, name: str, clock: Clock) -> str:
    with store.writing() as session:
        contact = resolve_contact(session, name)
        contact.trashed_at = clock.now()
        bump_revision(session)
        session.commit()
        return contact.name


def restore_contact(store: Store, name: str, clock: Clock) -> str:
    with store.writing() as session:
        contact = resolve_contact(session, name, trashed=True)
        contact.trashed_at = None
        bump_revision(session)
        session.commit()
        return contact.name


def list_trash(store: Store) -> list[TrashRow]:
    with store.session() as session:
        rows = session.exec(
            select(Contact)
            .where(Contact.trashed_at.is_not(None))
            .order_by(Contact.trashed_at.desc())
        ).all()
        return [TrashRow(c.id, c.name, c.trashed_at, c.conversation_count) for c in rows]


def empty_trash(store: Store) -> int:
    """Delete trashed contacts for good, with conversations nobody else took part in."""
    with store.writing() as session:
        ids = session.exec(select(Contact.id).where(Contact.trashed_at.is_not(None))).all()
        if not ids:
            return 0
        conversation_ids = session.exec(
            select(Participant.conversation_id).where(Participant.contact_id.in_(ids))
        ).all()
        session.execute(delete(Contact).where(Contact.id.in_(ids)))
        orphans = session.exec(
            select(Conversation.id).where(
                Conversation.id.in_(conversation_ids),
                ~select(Participant.conversation_id)
                .where(Participant.conversation_id == Conversation.id)
                .exists(),
            )
        ).all()
        if orphans:
            session.execute(delete(Conversation).where(Conversation.id.in_(orphans)))
        bump_revision(session)
        session.commit()
        return len(ids)


# --- reading ----------------------------------------------------------------------------------


#: The columns a ``ContactRow`` needs: lists select only these (no model instances: faster).
ROW_COLUMNS = (
    Contact.id,
    Contact.name,
    Contact.company,
    Contact.stage,
    Contact.conversation_count,
    Contact.warmth_mass,
    Contact.last_talked_at,
    Contact.initiated_me,
    Contact.initiated_them,
    Contact.next_touch_due,
)


def show_contact(store: Store, name: str, clock: Clock) -> ContactDetail:
    with store.session() as session:
        return contact_detail(session, resolve_contact(session, name), clock)


def get_contact(store: Store, contact_id: int, clock: Clock) -> ContactDetail:
    with store.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"No contact with id {contact_id}.")
        return contact_detail(session, contact, clock)


def contact_detail(session: Session, contact: Contact, clock: Clock) -> ContactDetail:
    now = clock.now()
    tz = now.tzinfo
    cid = contact.id
    conversations = session.exec(
        select(Conversation)
        .join(Participant, Participant.conversation_id == Conversation.id)
        .where(Participant.contact_id == cid)
        .order_by(Conversation.at.desc(), Conversation.id.desc())
    ).all()
    conv_ids = [c.id for c in conversations]
    participants: dict[int, list[str]] = {}
    if conv_ids:
        for conv_id, pname in session.exec(
            select(Participant.conversation_id, Contact.name)
            .join(Contact, Contact.id == Participant.contact_id)
            .where(Participant.conversation_id.in_(conv_ids))
        ).all():
            participants.setdefault(conv_id, []).append(pname)
    summaries = {c.id: c.summary for c in conversations}
    strengths = session.exec(
        select(Strength).where(Strength.contact_id == cid).order_by(Strength.noted_at)
    ).all()
    disclosures = session.exec(
        select(MyStrength.name, Disclosure.at)
        .join(MyStrength, MyStrength.id == Disclosure.my_strength_id)
        .where(Disclosure.contact_id == cid)
        .order_by(Disclosure.at)
    ).all()
    exchanges = session.exec(
        select(Exchange).where(Exchange.contact_id == cid).order_by(Exchange.at.desc())
    ).all()
    follow_ups = session.exec(
        select(FollowUp)
        .where(FollowUp.contact_id == cid)
        .order_by(FollowUp.status.desc(), FollowUp.due)
    ).all()
    handles = session.exec(
        select(Handle).where(Handle.contact_id == cid).order_by(Handle.platform)
    ).all()
    emails = session.exec(
        select(Email.address).where(Email.contact_id == cid).order_by(Email.id)
    ).all()
    verdict = ladder_stage(
        LadderFacts(
            contact.conversation_count,
            contact.strength_count,
            contact.disclosure_count,
            contact.exchange_count,
        )
    )
    score = engagement_score(talk_aggregate(contact), now)
    talks = [(c.at, c.channel, c.initiated) for c in conversations]
    return ContactDetail(
        id=cid,
        name=contact.name,
        company=contact.company,
        role=contact.role,
        location=contact.location,
        emails=tuple(emails),
        phones=tuple(contact.phones or ()),
        birthday=contact.birthday,
        how_met=contact.how_met,
        source=contact.source,
        since=contact.since,
        notes=contact.notes,
        tags=tags_of(session, [cid]).get(cid, ()),
        cadence=contact.cadence,
        next_touch_due=contact.next_touch_due,
        stage=verdict.stage.value,
        stage_why=verdict.why,
        next_step=verdict.next_step,
        score=score.value,
        score_why=score.why,
        score_history=tuple(score_history(talks, now)),
        last_talked=contact.last_talked_at.astimezone(tz).date()
        if contact.last_talked_at
        else None,
        handles=tuple(
            HandleRecord(h.platform, h.username, h.url, h.direction, h.since) for h in handles
        ),
        conversations=tuple(
            ConversationRecord(
                c.id,
                c.at.astimezone(tz),
                c.has_time,
                c.channel,
                c.summary,
                c.place,
                c.initiated,
                tuple(sorted(participants.get(c.id, ()))),
            )
            for c in conversations
        ),
        strengths=tuple(
            StrengthRecord(
                s.name,
                s.noted_at.astimezone(tz).date(),
                s.conversation_id,
                summaries.get(s.conversation_id),
            )
            for s in strengths
        ),
        knows_mine=tuple(DisclosureRecord(n, at.astimezone(tz).date()) for n, at in disclosures),
        exchanges=tuple(
            ExchangeRecord(e.id, e.direction, e.kind, e.description, e.at.astimezone(tz).date())
            for e in exchanges
        ),
        follow_ups=tuple(
            FollowUpRecord(
                f.id, cid, contact.name, f.title, f.due, f.recurrence, f.status, f.snoozed_from
            )
            for f in follow_ups
        ),
        trashed=contact.trashed_at is not None,
    )


def list_contacts(
    store: Store, clock: Clock, *, tag: str | None = None, stage: str | None = None
) -> list[ContactRow]:
    """Every live contact as a row, in one query plus one for tags."""
    now = clock.now()
    with store.session() as session:
        query = select(*ROW_COLUMNS).where(Contact.trashed_at.is_(None))
        if tag:
            query = (
                query.join(ContactTag, ContactTag.contact_id == Contact.id)
                .join(Tag, Tag.id == ContactTag.tag_id)
                .where(Tag.name_key == fold(tag))
            )
        if stage:
            if stage not in {s.value for s in Stage}:
                raise BadInput(f'Unknown stage "{stage}".')
            query = query.where(Contact.stage == stage)
        rows = session.execute(query.order_by(Contact.name_key)).all()
        tags = _all_tags(session)
        return [contact_row(row, now, tags.get(row.id, ())) for row in rows]


def _all_tags(session: Session) -> dict[int, tuple[str, ...]]:
    rows = session.exec(
        select(ContactTag.contact_id, Tag.name).join(Tag, Tag.id == ContactTag.tag_id)
    ).all()
    tags: dict[int, list[str]] = {}
    for cid, name in rows:
        tags.setdefault(cid, []).append(name)
    return {cid: tuple(sorted(names)) for cid, names in tags.items()}


def all_tag_names(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.exec(select(Tag.name).order_by(Tag.name_key)).all())


def count_contacts(store: Store) -> int:
    with store.session() as session:
        return session.execute(
            select(func.count()).select_from(Contact).where(Contact.trashed_at.is_(None))
        ).scalar_one()
