"""Writing what an import found: news merged into known contacts, new contacts in bulk.

Merging fills empty fields and adds new handles, emails and tags, never overwriting what the
user typed. The contacts to update are loaded in a few queries and merged in memory, flushed
once; new contacts go straight to ``insert_rows`` as tuples, a chunk at a time, so a large
follower export costs a handful of statements per chunk rather than a few per person.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from netcrm.domain.phones import phone_key
from netcrm.domain.text import fold
from netcrm.importers.records import ImportedHandle, ImportedPerson
from netcrm.services.aggregates import NO_HISTORY, refresh_search_texts
from netcrm.services.contacts import add_tag
from netcrm.services.import_matching import WEBSITE, KnownContacts, NewContact, merge_direction
from netcrm.services.search_text import search_text_for
from netcrm.store.bulk import insert_rows, insert_rows_with_new_ids, rows_in
from netcrm.store.ids import id_of
from netcrm.store.models import Contact, Email, Handle, Tag, metadata

Progress = Callable[[int, int], None]
CHUNK = 5_000

#: The Core tables the bulk inserts write to.
CONTACTS, HANDLES, EMAILS, CONTACT_TAGS = (
    metadata.tables[name] for name in ("contact", "handle", "email", "contact_tag")
)
CONTACT_COLUMNS = (
    "name",
    "name_key",
    "company",
    "role",
    "location",
    "phones",
    "birthday",
    "birthday_md",
    "source",
    "since",
    "notes",
    "search_text",
)
HANDLE_COLUMNS = ("contact_id", "platform", "username", "username_key", "url", "direction", "since")


def apply_updates(
    session: Session,
    known: KnownContacts,
    updates: dict[int, list[ImportedPerson]],
    now: datetime,
    dry_run: bool,
) -> list[str]:
    """Merge each contact's records into it; returns the names that changed.

    A dry run only names them.
    """
    if not updates:
        return []
    contacts = {c.id: c for c in rows_in(session, select(Contact), Contact.id, updates)}
    if dry_run:
        return [contacts[cid].name for cid in updates]
    own: dict[tuple[int, str, str], Handle] = {}
    for row in rows_in(
        session, select(Handle).order_by(col(Handle.id)), Handle.contact_id, updates
    ):
        own.setdefault((row.contact_id, row.platform, row.username_key), row)
    merge = _Merge(session, known, own)
    changed: list[str] = []
    for contact_id, people in updates.items():
        contact = contacts[contact_id]
        for person in people:
            merge.into(contact_id, contact, person)
        contact.updated_at = now
        changed.append(contact.name)
    session.flush()
    refresh_search_texts(session, [contacts[cid] for cid in updates])
    return changed


class _Merge:
    """Merging records into loaded contacts, with what the store already holds in memory.

    A handle belongs to whichever contact holds it first (a website only to its own
    contact); handles and emails added earlier in the same import count as held.
    """

    def __init__(
        self, session: Session, known: KnownContacts, own: dict[tuple[int, str, str], Handle]
    ) -> None:
        self.session = session
        self.known = known
        self.own = own
        self.taken: set[tuple[str, str]] = set()
        self.emails: set[str] = set()

    def into(self, contact_id: int, contact: Contact, person: ImportedPerson) -> None:
        for attr in ("company", "role", "location", "notes", "since", "source"):
            value = getattr(person, attr)
            if getattr(contact, attr) in (None, "") and value:
                setattr(contact, attr, value)
        if contact.birthday is None and person.birthday is not None:
            contact.birthday = person.birthday
            contact.birthday_md = person.birthday.strftime("%m-%d")
        held = self.known.number_keys(contact.phones or [])
        new_phones = []
        for phone in person.phones:  # one number in another notation is no new number
            key = phone_key(phone, self.known.region) or phone
            if key not in held and phone not in (contact.phones or []):
                held.add(key)
                new_phones.append(phone)
        if new_phones:
            contact.phones = [*(contact.phones or []), *new_phones]
        for handle in person.handles:
            self._handle(contact_id, handle)
        for email in person.emails:
            key = email.strip().lower()
            if key not in self.known.emails and key not in self.emails:
                self.emails.add(key)
                self.session.add(
                    Email(contact_id=contact_id, address=email.strip(), address_key=key)
                )
        for tag in person.tags:
            add_tag(self.session, contact, tag)

    def _handle(self, contact_id: int, handle: ImportedHandle) -> None:
        key = fold(handle.username)
        row = self.own.get((contact_id, handle.platform, key))
        if handle.platform != WEBSITE:
            holder = self.known.handles.get((handle.platform, key))
            if holder is not None and holder[0] != contact_id:
                return
            if row is None and (handle.platform, key) in self.taken:
                return
        if row is None:
            row = Handle(
                contact_id=contact_id,
                platform=handle.platform,
                username=handle.username,
                username_key=key,
                url=handle.url,
                direction=handle.direction,
                since=handle.since,
            )
            self.session.add(row)
            self.own[(contact_id, handle.platform, key)] = row
            self.taken.add((handle.platform, key))
            return
        row.direction = merge_direction(row.direction, handle.direction)
        row.url = row.url or handle.url
        row.since = row.since or handle.since


def insert_new(
    session: Session, new: list[NewContact], now: datetime, progress: Progress | None, total: int
) -> list[int]:
    """Rows as tuples, straight to ``insert_rows``: no ORM object, no dict per row. Returns
    the new contacts' ids, in the order of ``new``.

    Progress runs over the second half of ``total``; reading and matching was the first.
    """
    if not new:
        return []
    created: list[int] = []
    tag_ids = _tag_ids(session, {k: v for p in new for k, v in p.tags.items()})
    constants = _new_contact_constants(now)
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        rows = [_new_contact_values(p) for p in chunk]
        ids = insert_rows_with_new_ids(session, CONTACTS, CONTACT_COLUMNS, rows, constants)
        created += ids
        handles, emails, links = [], [], []
        for contact_id, item in zip(ids, chunk, strict=True):
            for (platform, key), h in item.handles.items():
                handles.append((contact_id, platform, h.username, key, h.url, h.direction, h.since))
            for key, address in item.emails.items():
                emails.append((contact_id, address, key))
            for key in item.tags:
                links.append((contact_id, tag_ids[key]))
        insert_rows(session, HANDLES, HANDLE_COLUMNS, handles)
        insert_rows(session, EMAILS, ("contact_id", "address", "address_key"), emails)
        insert_rows(session, CONTACT_TAGS, ("contact_id", "tag_id"), links)
        if progress:
            progress(total // 2 + (start + len(chunk)) * (total - total // 2) // len(new), total)
    return created


def _new_contact_constants(now: datetime) -> dict[str, Any]:
    """What every imported contact starts with: no history yet, a follower since today."""
    return {
        "how_met": None,
        "cadence": None,
        "cadence_set_on": None,
        "created_at": now,
        "updated_at": now,
        "trashed_at": None,
        **NO_HISTORY,
        "stage_since": now.date(),
    }


def _tag_ids(session: Session, tags: dict[str, str]) -> dict[str, int]:
    ids = {k: i for k, i in session.exec(select(Tag.name_key, Tag.id)).all() if i is not None}
    for key, name in tags.items():
        if key not in ids:
            tag = Tag(name=name, name_key=key)
            session.add(tag)
            session.flush()
            ids[key] = id_of(tag)
    return ids


def _new_contact_values(item: NewContact) -> tuple[Any, ...]:
    """The values of ``CONTACT_COLUMNS`` for a new contact."""
    person = item.person
    search = search_text_for(
        person,
        [h.username for h in item.handles.values()],
        item.emails.values(),
        item.tags.values(),
    )
    birthday: date | None = person.birthday
    return (
        person.name,
        item.name_key,
        person.company,
        person.role,
        person.location,
        person.phones,
        birthday,
        birthday.strftime("%m-%d") if birthday else None,
        person.source or None,
        person.since,
        person.notes,
        search,
    )
