"""Contacts: adding one, editing one (its lists too), and listing them.

Adding and editing validate every field before anything is written, and write the contact,
its emails, handles and tags and what is derived from them in one transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from netcrm.domain.dates import parse_date
from netcrm.domain.errors import BadInput, DuplicateName, Unchanged
from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import Stage
from netcrm.domain.text import clean_name, clean_note, clean_optional, fold
from netcrm.domain.vocabulary import parse_handle
from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import contact_detail
from netcrm.services.contact_rows import contact_row, row_columns
from netcrm.services.records import ContactDetail, ContactInput, ContactRow
from netcrm.services.resolving import resolve_contact
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
from netcrm.store.journal import Journal
from netcrm.store.models import Contact, ContactTag, Email, Handle, Tag
from netcrm.store.trash import live

# --- add and edit ---------------------------------------------------------------------------


def add_contact(
    store: Store, data: ContactInput, clock: Clock, *, duplicate: bool = False
) -> ContactDetail:
    """Add a person; a name already in netcrm is refused unless ``duplicate`` says it is new."""
    name = clean_name(data.name)
    with store.writing() as session:
        journal = Journal(session)
        if not duplicate:
            refuse_known_name(session, name)
        now = clock.now()
        contact = Contact(name=name, name_key=fold(name), created_at=now, updated_at=now)
        _apply(contact, data, clock)
        session.add(contact)
        return _save(session, journal, contact, data, clock, "add", f"Added {name}")


def refuse_known_name(session: Session, name: str) -> None:
    """Raise :class:`DuplicateName` naming the person (live or in the trash) called ``name``."""
    existing = session.exec(
        select(Contact).where(Contact.name_key == fold(name)).order_by(col(Contact.id))
    ).all()
    if not existing:
        return
    person = next((c for c in existing if c.trashed_at is None), existing[0])
    if person.trashed_at is not None:
        message = (
            f'{person.name} (#{person.id}) is in the trash: netcrm restore "#{person.id}" '
            "brings them back; add --duplicate to add a new person with the same name."
        )
    else:
        others = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        message = (
            f"{person.name} (#{person.id}{others}) is already in netcrm; "
            "add --duplicate to add another person with the same name."
        )
    raise DuplicateName(
        message,
        id_of(person),
        person.name,
        in_trash=person.trashed_at is not None,
    )


def create_contact_in(
    session: Session, name: str, clock: Clock, source: str | None = None
) -> Contact:
    """A bare new contact inside an ongoing transaction (``log`` creating the people it names)."""
    name = clean_name(name)
    now = clock.now()
    contact = Contact(name=name, name_key=fold(name), created_at=now, updated_at=now, source=source)
    session.add(contact)
    session.flush()
    refresh_search_text(session, contact)
    return contact


def edit_contact(store: Store, name: str, data: ContactInput, clock: Clock) -> ContactDetail:
    """Change a person; :class:`Unchanged` (and nothing written) when every value was already so."""
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        was = contact.name
        if data.name is not None:
            contact.name = clean_name(data.name)
        _apply(contact, data, clock)
        _detach_lists(session, contact, data)
        contact.updated_at = clock.now()
        summary = f"Edited {was}" + (f" (now {contact.name})" if contact.name != was else "")
        return _save(session, journal, contact, data, clock, "edit", summary)


def _save(
    session: Session,
    journal: Journal,
    contact: Contact,
    data: ContactInput,
    clock: Clock,
    action: str,
    summary: str,
) -> ContactDetail:
    """The end of add and edit: the new list items, what is derived, one journaled commit."""
    session.flush()  # the contact has its id, and removed list items are gone
    _attach_lists(session, contact, data)
    refresh_history(session, contact, clock.today())
    refresh_search_text(session, contact)
    if action == "edit" and journal.unchanged():
        session.rollback()
        raise Unchanged(f"Nothing changed: {contact.name} already had those values.")
    journal.commit(action, summary, clock.now())
    return contact_detail(session, contact, clock)


def _apply(contact: Contact, data: ContactInput, clock: Clock) -> None:
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
        email = session.exec(
            select(Email).where(
                Email.contact_id == contact.id, Email.address_key == raw.strip().lower()
            )
        ).first()
        _remove(session, email, f"{contact.name} has no email {raw.strip()}.")
    for raw in data.remove_phones:
        if raw.strip() not in contact.phones:
            raise BadInput(f"{contact.name} has no phone number {raw.strip()}.")
        contact.phones = [p for p in contact.phones if p != raw.strip()]
    for raw in data.remove_handles:
        platform, username = parse_handle(raw)
        handle = session.exec(
            select(Handle).where(
                Handle.contact_id == contact.id,
                Handle.platform == platform,
                Handle.username_key == fold(username),
            )
        ).first()
        _remove(session, handle, f"{contact.name} has no handle {platform}:{username}.")
    for raw in data.remove_tags:
        link = session.exec(
            select(ContactTag)
            .join(Tag, col(Tag.id) == ContactTag.tag_id)
            .where(ContactTag.contact_id == contact.id, Tag.name_key == fold(raw))
        ).first()
        _remove(session, link, f"{contact.name} has no tag {raw.strip()}.")


def _remove(session: Session, row: Any, missing: str) -> None:
    if row is None:
        raise BadInput(missing)
    session.delete(row)


def _attach_lists(session: Session, contact: Contact, data: ContactInput) -> None:
    """Add the emails, handles and tags ``data`` names to the (flushed) contact."""
    contact_id = contact.id
    assert contact_id is not None
    for raw in data.emails:
        address = clean_name(raw, "email")
        if "@" not in address:
            raise BadInput(f'"{address}" is not an email address.')
        _add_email(session, contact_id, address)
    for raw in data.handles:
        platform, username = parse_handle(raw)
        _add_handle(session, contact_id, platform, username)
    for raw in data.tags:
        add_tag(session, contact, clean_name(raw, "tag"))


def _add_email(session: Session, contact_id: int, address: str) -> None:
    key = address.strip().lower()
    exists = session.exec(
        select(Email.id).where(Email.contact_id == contact_id, Email.address_key == key)
    ).first()
    if not exists:
        session.add(Email(contact_id=contact_id, address=address.strip(), address_key=key))


def _add_handle(session: Session, contact_id: int, platform: str, username: str) -> None:
    """A handle belongs to one contact: another's is an error, the contact's own is kept."""
    key = fold(username)
    existing = session.exec(
        select(Handle).where(Handle.platform == platform, Handle.username_key == key)
    ).first()
    if existing and existing.contact_id != contact_id:
        owner = session.get(Contact, existing.contact_id)
        assert owner is not None  # a handle's contact_id is a foreign key
        raise BadInput(f"The handle {platform}:{username} already belongs to {owner.name}.")
    if not existing:
        session.add(
            Handle(contact_id=contact_id, platform=platform, username=username, username_key=key)
        )


def add_tag(session: Session, contact: Contact, name: str) -> None:
    """Tag a stored contact, creating the tag the first time it is used."""
    key = fold(name)
    tag = session.exec(select(Tag).where(Tag.name_key == key)).first()
    if tag is None:
        tag = Tag(name=name, name_key=key)
        session.add(tag)
        session.flush()
    ids = (id_of(contact), id_of(tag))
    if not session.get(ContactTag, ids):
        session.add(ContactTag(contact_id=ids[0], tag_id=ids[1]))


# --- listing ---------------------------------------------------------------------------------


def list_contacts(
    store: Store, clock: Clock, *, tag: str | None = None, stage: str | None = None
) -> list[ContactRow]:
    """Every live contact as a row, in one query plus one for tags."""
    now = clock.now()
    with store.session() as session:
        query = core_select(*row_columns(Contact)).where(live(Contact))
        if tag:
            query = (
                query.join(ContactTag, col(ContactTag.contact_id) == Contact.id)
                .join(Tag, col(Tag.id) == ContactTag.tag_id)
                .where(col(Tag.name_key) == fold(tag))
            )
        if stage:
            if stage not in {s.value for s in Stage}:
                raise BadInput(f'Unknown stage "{stage}".')
            query = query.where(col(Contact.stage) == stage)
        rows = session.execute(query.order_by(col(Contact.name_key))).all()
        tags = _all_tags(session)
        return [contact_row(row, now, tags.get(row.id, ())) for row in rows]


def _all_tags(session: Session) -> dict[int, tuple[str, ...]]:
    rows = session.exec(
        select(ContactTag.contact_id, Tag.name).join(Tag, col(Tag.id) == ContactTag.tag_id)
    ).all()
    tags: dict[int, list[str]] = {}
    for cid, name in rows:
        tags.setdefault(cid, []).append(name)
    return {cid: tuple(sorted(names)) for cid, names in tags.items()}


def all_tag_names(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.exec(select(Tag.name).order_by(col(Tag.name_key))).all())
