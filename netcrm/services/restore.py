"""Restoring a netcrm backup (read by :mod:`netcrm.importers.backup_json`) into the store.

Restoring into an empty store keeps every id, so follow-up ids printed by ``due`` before the
backup still work after it. Restoring into a store that already holds some of the same people
(same name and creation time) skips them with their history, so importing a backup twice
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, text
from sqlmodel import Session, select

from netcrm.domain.errors import BadInput
from netcrm.domain.text import fold
from netcrm.importers.backup_json import CONTACT_FIELDS, CONTACTS, SECTIONS, columns, row_value
from netcrm.services.aggregates import NO_HISTORY, refresh_all
from netcrm.services.clock import Clock
from netcrm.services.records import ImportReport
from netcrm.store.bulk import bulk_insert, insert_with_new_ids
from netcrm.store.engine import Store
from netcrm.store.journal import Journal
from netcrm.store.models import Contact, MyStrength
from netcrm.store.revision import bump_revision

SAMPLE = 20  # names shown in the report

#: Sections restored after contacts, in foreign-key order.
CHILD_SECTIONS = (
    "participants",
    "strengths",
    "disclosures",
    "exchanges",
    "follow_ups",
    "emails",
    "handles",
    "contact_tags",
    "not_same",
)
OPTIONAL_REFERENCES = {"conversation_id"}  # evidence may point at a conversation not restored
#: The folded lookup keys a backup leaves out, each derived again from the column it folds.
_LOOKUP_KEYS: dict[str, tuple[str, Callable[[str], str]]] = {
    "name_key": ("name", fold),
    "address_key": ("address", lambda address: address.strip().lower()),
    "username_key": ("username", fold),
}
_DERIVED_DEFAULTS: dict[str, Any] = {"search_text": "", **NO_HISTORY}


def restore_backup(
    store: Store,
    data: dict[str, Any],
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Add the backup's people the store lacks, with all their history, in one transaction."""
    contacts = data.get("contacts", [])
    with store.session() if dry_run else store.writing() as session:
        journal = None if dry_run else Journal(session)
        existing = {
            (name, created.isoformat())
            for name, created in session.exec(select(Contact.name, Contact.created_at)).all()
        }
        empty = (
            not existing and not session.exec(select(func.count()).select_from(MyStrength)).one()
        )
        new = [
            c for c in contacts if (c.get("name"), _iso_utc(c.get("created_at"))) not in existing
        ]
        skipped = len(contacts) - len(new)
        if dry_run:
            return ImportReport(len(new), 0, skipped, (), _names(new), (), dry_run=True)
        bump_revision(session)  # first: on SQLite this takes the write lock
        try:
            _restore(
                session,
                data,
                {c["id"] for c in new},
                keep_ids=empty,
                clock=clock,
                progress=progress,
            )
        except (KeyError, TypeError, ValueError) as error:
            session.rollback()
            raise BadInput(f"The backup is damaged: {error!s} is missing or malformed.") from error
        assert journal is not None
        who = "1 person" if len(new) == 1 else f"{len(new)} people"
        journal.commit("import", f"Restored {who} from a netcrm backup", clock.now())
    return ImportReport(len(new), 0, skipped, (), _names(new), ())


def _names(contacts: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(c["name"] for c in contacts[:SAMPLE])


def _iso_utc(value: str | None) -> str | None:
    if not value:
        return None
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def _restore(
    session: Session,
    data: dict[str, Any],
    wanted: set[int],
    *,
    keep_ids: bool,
    clock: Clock,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Insert the wanted contacts and everything hanging off them, in bulk."""
    contacts = []
    for raw in data.get("contacts", []):
        if raw["id"] not in wanted:
            continue
        values = {k: row_value(CONTACTS, k, raw.get(k)) for k in CONTACT_FIELDS}
        values["name"] = values["name"] or ""
        values["phones"] = values.get("phones") or []
        birthday = values.get("birthday")
        values["birthday_md"] = birthday.strftime("%m-%d") if birthday else None
        contacts.append({**_DERIVED_DEFAULTS, **values, "name_key": fold(values["name"])})
    old_ids = [c["id"] for c in contacts]
    if keep_ids:
        bulk_insert(session, CONTACTS, contacts)
        new_ids = old_ids
    else:
        for row in contacts:
            row.pop("id")
        new_ids = insert_with_new_ids(session, CONTACTS, contacts)
    people = dict(zip(old_ids, new_ids, strict=True))
    maps: dict[str, dict[int, int]] = {"contact_id": people, "other_id": people}
    talks = {
        p["conversation_id"] for p in data.get("participants", []) if p["contact_id"] in wanted
    }
    maps["my_strength_id"] = _restore_named(
        session, SECTIONS["my_strengths"], data.get("my_strengths", []), keep_ids
    )
    maps["tag_id"] = _restore_named(session, SECTIONS["tags"], data.get("tags", []), keep_ids)
    conversations = [r for r in data.get("conversations", []) if r.get("id") in talks]
    maps["conversation_id"] = _restore_section(
        session, SECTIONS["conversations"], conversations, {}, keep_ids
    )
    for index, key in enumerate(CHILD_SECTIONS, 1):
        _restore_section(session, SECTIONS[key], data.get(key, []), maps, keep_ids)
        if progress:
            progress(index, len(CHILD_SECTIONS) + 1)
    refresh_all(session, new_ids, clock.today())
    stage_since = {new: c.get("stage_since") for new, c in zip(new_ids, contacts, strict=True)}
    kept = [{"b_id": cid, "b_since": since} for cid, since in stage_since.items() if since]
    if kept:
        session.execute(
            CONTACTS.update()
            .where(CONTACTS.c.id == bindparam("b_id"))
            .values(stage_since=bindparam("b_since")),
            kept,
        )
    if progress:
        progress(len(CHILD_SECTIONS) + 1, len(CHILD_SECTIONS) + 1)
    if keep_ids and session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)


def _keyed(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """Add the folded lookup keys the backup leaves out."""
    for key, (source, derive) in _LOOKUP_KEYS.items():
        if key in table.c:
            values[key] = derive(values[source])
    return values


def _restore_named(
    session: Session, table: Table, rows: list[dict[str, Any]], keep_ids: bool
) -> dict[int, int]:
    """Tags and my strengths are unique by name: reuse the store's own, add the others."""
    existing: dict[str, int] = dict(session.execute(select(table.c.name_key, table.c.id)).all())
    mapping: dict[int, int] = {}
    for raw in rows:
        values = _keyed(table, {c: row_value(table, c, raw.get(c)) for c in columns(table)})
        found = existing.get(values["name_key"])
        if found is None:
            old_id = values.pop("id")
            if keep_ids:
                values["id"] = old_id
                bulk_insert(session, table, [values])
                found = old_id
            else:
                [found] = insert_with_new_ids(session, table, [values])
            existing[values["name_key"]] = found
        mapping[raw["id"]] = found
    return mapping


def _restore_section(
    session: Session,
    table: Table,
    rows: list[dict[str, Any]],
    maps: dict[str, dict[int, int]],
    keep_ids: bool,
) -> dict[int, int]:
    """Insert one section, translating references; returns old id → new id."""
    names = columns(table)
    prepared: list[dict[str, Any]] = []
    for raw in rows:
        values = {c: row_value(table, c, raw.get(c)) for c in names if c in raw}
        if not _translate(values, maps, keep_references=table is SECTIONS["participants"]):
            continue
        prepared.append(_keyed(table, values))
    if not prepared:
        return {}
    if "id" not in names:
        bulk_insert(session, table, prepared)
        return {}
    old_ids = [row["id"] for row in prepared]
    if keep_ids:
        bulk_insert(session, table, prepared)
        return dict(zip(old_ids, old_ids, strict=True))
    for row in prepared:
        row.pop("id")
    new_ids = insert_with_new_ids(session, table, prepared)
    return dict(zip(old_ids, new_ids, strict=True))


def _translate(
    values: dict[str, Any], maps: dict[str, dict[int, int]], keep_references: bool
) -> bool:
    """Point references at restored rows; False when the row belongs to nobody restored."""
    for column, mapping in maps.items():
        old = values.get(column)
        if old is None:
            continue
        if old in mapping:
            values[column] = mapping[old]
        elif column in OPTIONAL_REFERENCES and not keep_references:
            values[column] = None
        else:
            return False
    return True


def _reset_sequences(session: Session) -> None:
    for table in (CONTACTS, *SECTIONS.values()):
        if "id" in table.c:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )
