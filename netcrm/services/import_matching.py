"""Who an imported person is: a contact the store already holds, or someone new.

A record that carries the UID of one of this store's live contacts (netcrm's own CSV and vCard
exports write one, :mod:`netcrm.domain.uids`) is that contact, whatever its name says now; a
UID of another store, of a contact since trashed, or of no one counts for nothing. Otherwise
the same handle, e-mail or phone number (in any notation: :func:`netcrm.domain.phones.phone_key`
with the store's phone region) is the same person; a person with none of them is the same as
an earlier import from the same source with the same name; the same name alone is never the
same person, only a likely duplicate for the report. Records of one file that share a handle,
an e-mail or a phone become one new contact. What the store holds is loaded once, up front,
so a record that brings nothing new costs no query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from netcrm.domain.phones import phone_key
from netcrm.domain.text import fold
from netcrm.domain.uids import parse_contact_uid
from netcrm.importers.records import MUTUAL, ImportedHandle, ImportedPerson
from netcrm.services.settings import phone_region_of
from netcrm.store.bulk import rows_in
from netcrm.store.models import Contact, ContactTag, Email, Handle, Tag
from netcrm.store.settings import read_settings
from netcrm.store.trash import live

Key = tuple[str, str]  # (platform, folded username)
WEBSITE = "website"  # websites are kept but never identify a person: colleagues share one


def merge_direction(old: str | None, new: str | None) -> str | None:
    """follows-me + i-follow = mutual; otherwise keep what is known."""
    if old is None or old == new:
        return new or old
    if new is None:
        return old
    return MUTUAL


@dataclass(slots=True)
class NewContact:
    """A new contact gathered from one or several records of the file."""

    person: ImportedPerson
    name_key: str
    handles: dict[Key, ImportedHandle] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


def uid_contact_ids(people: Iterable[ImportedPerson]) -> set[int]:
    """The contact ids that the records' netcrm UIDs name, for :class:`KnownContacts`."""
    return {named.contact_id for p in people if p.uid and (named := parse_contact_uid(p.uid))}


class KnownContacts:
    """What the store already holds about its live contacts, loaded once.

    ``uid_ids`` are the contact ids the file's UIDs name: their creation moments are loaded
    too, to check that a UID is of this store.
    """

    FIELDS = ("company", "role", "location", "birthday", "notes", "since", "source")

    def __init__(self, session: Session, uid_ids: Iterable[int] = ()) -> None:
        # A handle held by several contacts belongs to the first that took it.
        self.handles: dict[Key, tuple[int, str | None, str | None, date | None]] = {}
        for p, k, cid, direction, url, since in session.execute(
            core_select(
                col(Handle.platform),
                col(Handle.username_key),
                col(Handle.contact_id),
                col(Handle.direction),
                col(Handle.url),
                col(Handle.since),
            ).order_by(col(Handle.id))
        ).all():
            self.handles.setdefault((p, k), (cid, direction, url, since))
        self.emails: dict[str, int] = {
            k: cid for k, cid in session.exec(select(Email.address_key, Email.contact_id)).all()
        }
        self.names: dict[str, list[tuple[int, str, str | None]]] = {}
        self.fields: dict[int, tuple[Any, ...]] = {}
        self.phones: dict[int, list[str]] = {}
        for row in session.execute(
            core_select(
                col(Contact.id),
                col(Contact.name),
                col(Contact.name_key),
                col(Contact.phones),
                *(getattr(Contact, f) for f in self.FIELDS),
            ).where(live(Contact))
        ).all():
            cid, name, key, phones, *values = row
            self.names.setdefault(key, []).append((cid, name, values[-1]))
            self.fields[cid] = tuple(values)
            self.phones[cid] = list(phones or ())
        self.region = phone_region_of(read_settings(session))
        self.phone_keys: dict[int, set[str]] = {}
        self.phone_owners: dict[str, int] = {}  # a number belongs to the first who has it
        for cid in sorted(self.phones):
            keys = self.phone_keys[cid] = self.number_keys(self.phones[cid])
            for key in keys:
                self.phone_owners.setdefault(key, cid)
        self.tags: dict[int, set[str]] = {}
        for cid, key in session.exec(
            select(ContactTag.contact_id, Tag.name_key).join(Tag, col(Tag.id) == ContactTag.tag_id)
        ).all():
            self.tags.setdefault(cid, set()).add(key)
        self.created: dict[int, datetime] = {
            cid: created.astimezone(UTC)
            for cid, created in rows_in(
                session,
                select(Contact.id, Contact.created_at).where(live(Contact)),
                Contact.id,
                sorted(set(uid_ids)),
            )
        }

    def number_keys(self, phones: Iterable[str]) -> set[str]:
        return {key for key in (phone_key(p, self.region) for p in phones) if key}

    def by_uid(self, person: ImportedPerson) -> int | None:
        """The live contact of this store that ``person``'s UID names, if it names one."""
        named = parse_contact_uid(person.uid)
        if named is None or self.created.get(named.contact_id) != named.created:
            return None
        return named.contact_id

    def existing(self, person: ImportedPerson, keys: list[Key]) -> int | None:
        """The live contact ``person`` is; ``keys`` are its handles' keys, in order."""
        for key in keys:
            if key[0] == WEBSITE:
                continue
            holder = self.handles.get(key)
            if holder and holder[0] in self.fields:
                return holder[0]
        for email in person.emails:
            found = self.emails.get(email.strip().lower())
            if found and found in self.fields:
                return found
        for number in self.number_keys(person.phones):
            found = self.phone_owners.get(number)
            if found and found in self.fields:
                return found
        if not person.handles and not person.emails and not person.phones:
            for cid, _name, source in self.names.get(fold(person.name), []):
                if source == (person.source or None):
                    return cid
        return None

    def brings_news(self, contact_id: int, person: ImportedPerson, keys: list[Key]) -> bool:
        """Would merging ``person`` into the contact change anything?"""
        values = dict(zip(self.FIELDS, self.fields[contact_id], strict=True))
        for attr in self.FIELDS:
            if values[attr] in (None, "") and getattr(person, attr):
                return True
        if self.number_keys(person.phones) - self.phone_keys.get(contact_id, set()):
            return True
        for handle, key in zip(person.handles, keys, strict=True):
            known = self.handles.get(key)
            if known is None:
                return True
            cid, direction, url, since = known
            if cid == contact_id and (
                merge_direction(direction, handle.direction) != direction
                or (url is None and handle.url)
                or (since is None and handle.since)
            ):
                return True
        if any(e.strip().lower() not in self.emails for e in person.emails):
            return True
        return any(fold(t) not in self.tags.get(contact_id, set()) for t in person.tags)


class ImportMatch:
    """The records of one file, sorted: new contacts, news about known ones, nothing new."""

    def __init__(self, known: KnownContacts) -> None:
        self.known = known
        self.new: list[NewContact] = []
        self.updates: dict[int, list[ImportedPerson]] = {}
        self.unchanged = 0  # records that bring nothing new about someone already known
        # Handle keys (tuples) and email addresses (strings) of the new contacts: never equal.
        self._new_by_key: dict[Key | str, NewContact] = {}

    def add(self, person: ImportedPerson) -> None:
        if person.urls:
            _websites_as_handles(person)
        keys = [(h.platform, fold(h.username)) for h in person.handles]
        contact_id = self.known.by_uid(person)
        if contact_id is not None:
            # The store's own person coming back from its export: the file is no new source.
            person.source = ""
        else:
            contact_id = self.known.existing(person, keys)
        if contact_id is not None:
            if self.known.brings_news(contact_id, person, keys):
                self.updates.setdefault(contact_id, []).append(person)
            else:
                self.unchanged += 1
        else:
            self._gather(person, keys)

    def _gather(self, person: ImportedPerson, keys: list[Key]) -> None:
        """Records of the same file sharing a handle or email become one new contact."""
        same: list[Key | str] = [k for k in keys if k[0] != WEBSITE]
        if person.emails:
            same += [e.strip().lower() for e in person.emails]
        if person.phones:  # a number is never an address: "tel:" keeps the keys apart
            same += [f"tel:{k}" for k in sorted(self.known.number_keys(person.phones))]
        target = None
        for key in same:
            target = self._new_by_key.get(key)
            if target is not None:
                _fill(target.person, person)
                break
        else:
            target = NewContact(person, fold(person.name))
            self.new.append(target)
        for handle, key in zip(person.handles, keys, strict=True):
            known = target.handles.get(key)
            if known:
                known.direction = merge_direction(known.direction, handle.direction)
                known.since = min(filter(None, (known.since, handle.since)), default=None)
                known.url = known.url or handle.url
            else:
                target.handles[key] = ImportedHandle(
                    handle.platform, handle.username, handle.url, handle.direction, handle.since
                )
        for email in person.emails:
            target.emails.setdefault(email.strip().lower(), email.strip())
        for tag in person.tags:
            target.tags.setdefault(fold(tag), tag)
        for key in same:
            self._new_by_key[key] = target


def _websites_as_handles(person: ImportedPerson) -> None:
    for url in person.urls:
        address = url.split("://", 1)[-1].rstrip("/")
        if address and all(h.url != url for h in person.handles):
            person.handles.append(ImportedHandle(WEBSITE, address, url))
    person.urls = []


def _fill(into: ImportedPerson, other: ImportedPerson) -> None:
    for attr in ("company", "role", "location", "birthday", "notes", "since"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))
    for phone in other.phones:
        if phone not in into.phones:
            into.phones.append(phone)
