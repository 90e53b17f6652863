"""Merging imported people into the store.

Rules: the same handle or email is the same person (fill empty fields, add what is new, never
overwrite what the user typed); a person with neither is the same as an earlier import from the
same source with the same name; the same name alone is never merged, only reported as a possible
duplicate. One transaction per import: a failure writes nothing. New people are inserted in bulk
so 100k followers take seconds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from netcrm.domain.errors import BadInput
from netcrm.domain.text import fold
from netcrm.importers import FORMATS, read_people
from netcrm.importers.records import MUTUAL, ImportedHandle, ImportedPerson
from netcrm.services.aggregates import NO_HISTORY, refresh_search_texts
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_tag
from netcrm.services.records import ImportReport
from netcrm.services.search_text import search_text_for
from netcrm.store.bulk import insert_rows, insert_rows_with_new_ids, rows_in
from netcrm.store.engine import Store
from netcrm.store.models import Contact, ContactTag, Email, Handle, Tag
from netcrm.store.revision import bump_revision

Progress = Callable[[int, int], None]
CHUNK = 5_000
SAMPLE = 20


def merge_direction(old: str | None, new: str | None) -> str | None:
    """follows-me + i-follow = mutual; otherwise keep what is known."""
    if old is None or old == new:
        return new or old
    if new is None:
        return old
    return MUTUAL


Key = tuple[str, str]  # (platform, folded username)


@dataclass(slots=True)
class _Pending:
    """A new contact gathered from one or several records of the file."""

    person: ImportedPerson
    name_key: str
    handles: dict[tuple[str, str], ImportedHandle] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)


class _Identity:
    """What the store already holds, loaded once, so unchanged records cost no query."""

    FIELDS = ("company", "role", "location", "birthday", "notes", "since", "source")

    def __init__(self, session: Session) -> None:
        # A handle held by several contacts belongs to the first that took it.
        self.handles: dict[tuple[str, str], tuple[int, str | None, str | None, date | None]] = {}
        for p, k, cid, direction, url, since in session.exec(
            select(
                Handle.platform,
                Handle.username_key,
                Handle.contact_id,
                Handle.direction,
                Handle.url,
                Handle.since,
            ).order_by(Handle.id)
        ).all():
            self.handles.setdefault((p, k), (cid, direction, url, since))
        self.emails: dict[str, int] = {
            k: cid for k, cid in session.exec(select(Email.address_key, Email.contact_id)).all()
        }
        self.names: dict[str, list[tuple[int, str, str | None]]] = {}
        self.fields: dict[int, tuple] = {}
        self.phones: dict[int, list[str]] = {}
        for row in session.exec(
            select(
                Contact.id,
                Contact.name,
                Contact.name_key,
                Contact.phones,
                *(getattr(Contact, f) for f in self.FIELDS),
            ).where(Contact.trashed_at.is_(None))
        ).all():
            cid, name, key, phones, *values = row
            self.names.setdefault(key, []).append((cid, name, values[-1]))
            self.fields[cid] = tuple(values)
            self.phones[cid] = list(phones or ())
        self.tags: dict[int, set[str]] = {}
        for cid, key in session.exec(
            select(ContactTag.contact_id, Tag.name_key).join(Tag, Tag.id == ContactTag.tag_id)
        ).all():
            self.tags.setdefault(cid, set()).add(key)

    def existing(self, person: ImportedPerson, keys: list[Key]) -> int | None:
        """The live contact ``person`` is; ``keys`` are its handles' keys, in order."""
        for key in keys:
            if key[0] == WEBSITE:
                continue
            found = self.handles.get(key)
            if found and found[0] in self.fields:
                return found[0]
        for email in person.emails:
            found = self.emails.get(email.strip().lower())
            if found and found in self.fields:
                return found
        if not person.handles and not person.emails:
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
        if any(p not in self.phones[contact_id] for p in person.phones):
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


WEBSITE = "website"  # websites are kept but never identify a person: colleagues share one


def _websites_as_handles(person: ImportedPerson) -> None:
    for url in person.urls:
        address = url.split("://", 1)[-1].rstrip("/")
        if address and all(h.url != url for h in person.handles):
            person.handles.append(ImportedHandle(WEBSITE, address, url))
    person.urls = []


def import_people(
    store: Store,
    people: Iterable[ImportedPerson],
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    people = list(people)
    total = len(people)
    now = clock.now()
    with store.session() if dry_run else store.writing() as session:
        identity = _Identity(session)
        pending: list[_Pending] = []
        by_key: dict[Key | str, _Pending] = {}
        updates: dict[int, list[ImportedPerson]] = {}
        unchanged = 0
        for index, person in enumerate(people, 1):
            if person.urls:
                _websites_as_handles(person)
            keys = [(h.platform, fold(h.username)) for h in person.handles]
            contact_id = identity.existing(person, keys)
            if contact_id is not None:
                if identity.brings_news(contact_id, person, keys):
                    updates.setdefault(contact_id, []).append(person)
                else:
                    unchanged += 1
            else:
                _gather(person, keys, pending, by_key)
            if progress and index % CHUNK == 0:
                progress(index if dry_run else index // 2, total)  # a dry run only checks
        duplicates = tuple(
            (p.person.name, match[1])
            for p in pending
            for match in identity.names.get(p.name_key, ())[:1]
            if match[2] != p.person.source or p.handles or p.emails
        )
        changed = _apply_updates(session, identity, updates, now, dry_run)
        created = len(pending)
        if dry_run or not (pending or changed):
            session.rollback()
        else:
            bump_revision(session)  # first: on SQLite this takes the write lock
            _insert_new(session, pending, now, progress, total)
            session.commit()
    if progress:
        progress(total, total)
    return ImportReport(
        created=created,
        updated=len(changed),
        skipped=unchanged,  # records that bring nothing new about someone already known
        possible_duplicates=duplicates[:SAMPLE],
        created_names=tuple(p.person.name for p in pending[:SAMPLE]),
        updated_names=tuple(changed[:SAMPLE]),
        dry_run=dry_run,
    )


def _gather(
    person: ImportedPerson,
    keys: list[Key],
    pending: list[_Pending],
    by_key: dict[Key | str, _Pending],
) -> None:
    """Records of the same file sharing a handle or email become one new contact.

    ``by_key`` holds handle keys (tuples) and email addresses (strings), which never collide.
    """
    same: list[Key | str] = [k for k in keys if k[0] != WEBSITE]
    if person.emails:
        same += [e.strip().lower() for e in person.emails]
    target = None
    for key in same:
        target = by_key.get(key)
        if target is not None:
            _fill(target.person, person)
            break
    else:
        target = _Pending(person, fold(person.name))
        pending.append(target)
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
        by_key[key] = target


def _fill(into: ImportedPerson, other: ImportedPerson) -> None:
    for attr in ("company", "role", "location", "birthday", "notes", "since"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))
    for phone in other.phones:
        if phone not in into.phones:
            into.phones.append(phone)


def _apply_updates(
    session: Session,
    identity: _Identity,
    updates: dict[int, list[ImportedPerson]],
    now,
    dry_run: bool,
) -> list[str]:
    """Fill empty fields and add new handles, emails and tags; returns names that changed.

    The contacts and their handles are loaded in a few queries and the merge happens in
    memory, flushed once: a query or two per updated contact made a thousand updates cost
    seconds. A dry run only names them.
    """
    if not updates:
        return []
    contacts = {c.id: c for c in rows_in(session, select(Contact), Contact.id, updates)}
    if dry_run:
        return [contacts[cid].name for cid in updates]
    own: dict[tuple[int, str, str], Handle] = {}
    for row in rows_in(session, select(Handle).order_by(Handle.id), Handle.contact_id, updates):
        own.setdefault((row.contact_id, row.platform, row.username_key), row)
    merge = _Merge(session, identity, own)
    changed: list[str] = []
    for contact_id, people in updates.items():
        contact = contacts[contact_id]
        for person in people:
            merge.into(contact, person)
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
        self, session: Session, identity: _Identity, own: dict[tuple[int, str, str], Handle]
    ) -> None:
        self.session = session
        self.identity = identity
        self.own = own
        self.taken: set[tuple[str, str]] = set()
        self.emails: set[str] = set()

    def into(self, contact: Contact, person: ImportedPerson) -> None:
        for attr in ("company", "role", "location", "notes", "since", "source"):
            value = getattr(person, attr)
            if getattr(contact, attr) in (None, "") and value:
                setattr(contact, attr, value)
        if contact.birthday is None and person.birthday is not None:
            contact.birthday = person.birthday
            contact.birthday_md = person.birthday.strftime("%m-%d")
        new_phones = [p for p in person.phones if p not in (contact.phones or [])]
        if new_phones:
            contact.phones = [*(contact.phones or []), *new_phones]
        for handle in person.handles:
            self._handle(contact, handle)
        for email in person.emails:
            key = email.strip().lower()
            if key not in self.identity.emails and key not in self.emails:
                self.emails.add(key)
                self.session.add(
                    Email(contact_id=contact.id, address=email.strip(), address_key=key)
                )
        for tag in person.tags:
            add_tag(self.session, contact, tag)

    def _handle(self, contact: Contact, handle: ImportedHandle) -> None:
        key = fold(handle.username)
        row = self.own.get((contact.id, handle.platform, key))
        if handle.platform != WEBSITE:
            holder = self.identity.handles.get((handle.platform, key))
            if holder is not None and holder[0] != contact.id:
                return
            if row is None and (handle.platform, key) in self.taken:
                return
        if row is None:
            row = Handle(
                contact_id=contact.id,
                platform=handle.platform,
                username=handle.username,
                username_key=key,
                url=handle.url,
                direction=handle.direction,
                since=handle.since,
            )
            self.session.add(row)
            self.own[(contact.id, handle.platform, key)] = row
            self.taken.add((handle.platform, key))
            return
        row.direction = merge_direction(row.direction, handle.direction)
        row.url = row.url or handle.url
        row.since = row.since or handle.since


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


def _new_contact_constants(now) -> dict:
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


def _insert_new(
    session: Session, pending: list[_Pending], now, progress: Progress | None, total: int
) -> None:
    """Rows as tuples, straight to ``insert_rows``: no ORM object, no dict per row."""
    if not pending:
        return
    tag_ids = _tag_ids(session, {k: v for p in pending for k, v in p.tags.items()})
    constants = _new_contact_constants(now)
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        rows = [_contact_row(p) for p in chunk]
        ids = insert_rows_with_new_ids(session, Contact.__table__, CONTACT_COLUMNS, rows, constants)
        handles, emails, links = [], [], []
        for contact_id, item in zip(ids, chunk, strict=True):
            for (platform, key), h in item.handles.items():
                handles.append((contact_id, platform, h.username, key, h.url, h.direction, h.since))
            for key, address in item.emails.items():
                emails.append((contact_id, address, key))
            for key in item.tags:
                links.append((contact_id, tag_ids[key]))
        insert_rows(session, Handle.__table__, HANDLE_COLUMNS, handles)
        insert_rows(session, Email.__table__, ("contact_id", "address", "address_key"), emails)
        insert_rows(session, ContactTag.__table__, ("contact_id", "tag_id"), links)
        if progress:
            progress(
                total // 2 + (start + len(chunk)) * (total - total // 2) // len(pending), total
            )


def _tag_ids(session: Session, tags: dict[str, str]) -> dict[str, int]:
    ids = {k: i for k, i in session.exec(select(Tag.name_key, Tag.id)).all()}
    for key, name in tags.items():
        if key not in ids:
            tag = Tag(name=name, name_key=key)
            session.add(tag)
            session.flush()
            ids[key] = tag.id
    return ids


def _contact_row(item: _Pending) -> tuple:
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


BACKUP_FORMAT = "json"


def check_import(fmt: str, path: Path) -> str:
    """The normalised format name, once the format is known and the path exists."""
    fmt = fmt.strip().lower()
    if fmt != BACKUP_FORMAT and fmt not in FORMATS:
        raise BadInput(
            f'Unknown import format "{fmt}": use one of {", ".join(FORMATS)}, '
            "or json (a netcrm backup)."
        )
    if not path.exists():
        raise BadInput(f"There is no file or folder {path}.")
    return fmt


def import_file(
    store: Store,
    fmt: str,
    path: Path,
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read ``path`` as ``fmt`` (a platform export, or ``json``: a netcrm backup) and import it.

    The cyclic garbage collector is paused throughout: with a 100k-follower export in memory
    each of its passes held the interpreter for over half a second (freezing the app's event
    loop too); paused, the import is also a little faster.
    """
    from netcrm.importers.reading import gc_paused

    fmt = check_import(fmt, path)
    with gc_paused():
        if fmt == BACKUP_FORMAT:
            return _restore_backup(store, path, clock, dry_run=dry_run, progress=progress)
        people = read_people(fmt, path)
        return import_people(store, people, clock, dry_run=dry_run, progress=progress)


def _restore_backup(
    store: Store, path: Path, clock: Clock, *, dry_run: bool, progress: Progress | None
) -> ImportReport:
    from netcrm.services.backup_json import import_backup

    if path.is_dir():
        raise BadInput(f"{path.name} is a folder; give the backup's .json file.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput(f"{path.name} is not valid JSON ({error}).") from error
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror}.") from error
    return import_backup(store, data, clock, dry_run=dry_run, progress=progress)
