"""netcrm's own JSON backup: everything, versioned, and restorable exactly.

Restoring into an empty store keeps every id, so follow-up ids printed by ``due`` before the
backup still work after it. Restoring into a store that already holds some of the same people
(same name and creation time) skips them with their history, so importing a backup twice
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, text
from sqlmodel import Session, select

from netcrm.domain.errors import BadInput
from netcrm.domain.text import fold
from netcrm.services.aggregates import NO_HISTORY, refresh_all
from netcrm.services.clock import Clock
from netcrm.services.records import ImportReport
from netcrm.store.bulk import bulk_insert, insert_with_new_ids
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

BACKUP_FORMAT = "netcrm-backup"
BACKUP_VERSION = 1
CONTACT_FIELDS = (
    "id",
    "name",
    "company",
    "role",
    "location",
    "phones",
    "birthday",
    "how_met",
    "source",
    "since",
    "notes",
    "cadence",
    "cadence_set_on",
    "created_at",
    "updated_at",
    "trashed_at",
    "stage_since",
)
TABLES: dict[str, type] = {
    "conversations": Conversation,
    "participants": Participant,
    "strengths": Strength,
    "my_strengths": MyStrength,
    "disclosures": Disclosure,
    "exchanges": Exchange,
    "follow_ups": FollowUp,
    "emails": Email,
    "handles": Handle,
    "tags": Tag,
    "contact_tags": ContactTag,
}
SKIPPED_COLUMNS = {"name_key", "address_key", "username_key"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _columns(table: type) -> list[str]:
    return [c.name for c in table.__table__.columns if c.name not in SKIPPED_COLUMNS]


def _dump(session: Session, table: type, columns: list[str]) -> list[dict[str, Any]]:
    """Rows as plain dicts read through Core: building model instances is ten times slower."""
    core = table.__table__
    order = [core.c[c] for c in columns[:2]]
    result = session.execute(select(*(core.c[c] for c in columns)).order_by(*order))
    return [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in result.all()]


def export_backup(store: Store) -> dict[str, Any]:
    """Every row that is not derived, as plain JSON values."""
    with store.session() as session:
        data: dict[str, Any] = {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "contacts": _dump(session, Contact, list(CONTACT_FIELDS)),
        }
        for key, table in TABLES.items():
            data[key] = _dump(session, table, _columns(table))
    return data


def _parse_value(table: type, column: str, value: Any) -> Any:
    if value is None:
        return None
    python_type = table.__table__.c[column].type
    try:
        kind = python_type.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


def _check(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BadInput("This JSON is not a netcrm backup (made by netcrm export json).")
    if not isinstance(data.get("version"), int) or data["version"] > BACKUP_VERSION:
        raise BadInput(
            f"This backup is version {data.get('version')}; this netcrm reads version "
            f"{BACKUP_VERSION} and earlier. Upgrade netcrm to restore it."
        )
    for key in ("contacts", *TABLES):
        if not isinstance(data.get(key, []), list):
            raise BadInput(f'The backup\'s "{key}" section is not a list.')


def import_backup(
    store: Store,
    data: Any,
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    _check(data)
    contacts = data.get("contacts", [])
    with store.session() if dry_run else store.writing() as session:
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
            return ImportReport(
                len(new), 0, skipped, (), tuple(c["name"] for c in new[:20]), (), dry_run=True
            )
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
        session.commit()
    return ImportReport(len(new), 0, skipped, (), tuple(c["name"] for c in new[:20]), ())


def _iso_utc(value: str | None) -> str | None:
    if not value:
        return None
    from datetime import UTC

    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


#: Sections restored after contacts, in foreign-key order, and the references each holds.
CHILD_SECTIONS = (
    "participants",
    "strengths",
    "disclosures",
    "exchanges",
    "follow_ups",
    "emails",
    "handles",
    "contact_tags",
)
KEYS = {"my_strengths": "my_strength_id", "tags": "tag_id", "conversations": "conversation_id"}
OPTIONAL_REFERENCES = {"conversation_id"}  # evidence may point at a conversation not restored


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
        values = {k: _parse_value(Contact, k, raw.get(k)) for k in CONTACT_FIELDS}
        values["name"] = values["name"] or ""
        values["phones"] = values.get("phones") or []
        birthday = values.get("birthday")
        values["birthday_md"] = birthday.strftime("%m-%d") if birthday else None
        contacts.append({**_DERIVED_DEFAULTS, **values, "name_key": fold(values["name"])})
    old_ids = [c["id"] for c in contacts]
    if keep_ids:
        bulk_insert(session, Contact.__table__, contacts)
        new_ids = old_ids
    else:
        for row in contacts:
            row.pop("id")
        new_ids = insert_with_new_ids(session, Contact.__table__, contacts)
    maps: dict[str, dict[int, int]] = {"contact_id": dict(zip(old_ids, new_ids, strict=True))}
    talks = {
        p["conversation_id"] for p in data.get("participants", []) if p["contact_id"] in wanted
    }
    maps["my_strength_id"] = _restore_named(
        session, MyStrength, data.get("my_strengths", []), keep_ids
    )
    maps["tag_id"] = _restore_named(session, Tag, data.get("tags", []), keep_ids)
    conversations = [r for r in data.get("conversations", []) if r.get("id") in talks]
    maps["conversation_id"] = _restore_section(session, Conversation, conversations, {}, keep_ids)
    for index, key in enumerate(CHILD_SECTIONS, 1):
        _restore_section(session, TABLES[key], data.get(key, []), maps, keep_ids)
        if progress:
            progress(index, len(CHILD_SECTIONS) + 1)
    refresh_all(session, new_ids, clock.today())
    stage_since = {new: c.get("stage_since") for new, c in zip(new_ids, contacts, strict=True)}
    kept = [{"b_id": cid, "b_since": since} for cid, since in stage_since.items() if since]
    if kept:
        table = Contact.__table__
        session.execute(
            table.update()
            .where(table.c.id == bindparam("b_id"))
            .values(stage_since=bindparam("b_since")),
            kept,
        )
    if progress:
        progress(len(CHILD_SECTIONS) + 1, len(CHILD_SECTIONS) + 1)
    if keep_ids and session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)


_DERIVED_DEFAULTS: dict[str, Any] = {"search_text": "", **NO_HISTORY}


def _keyed(table: type, values: dict[str, Any]) -> dict[str, Any]:
    """Add the folded lookup keys the backup leaves out."""
    if table in (Tag, MyStrength, Strength):
        values["name_key"] = fold(values["name"])
    elif table is Email:
        values["address_key"] = values["address"].strip().lower()
    elif table is Handle:
        values["username_key"] = fold(values["username"])
    return values


def _restore_named(
    session: Session, table: type, rows: list[dict[str, Any]], keep_ids: bool
) -> dict[int, int]:
    """Tags and my strengths are unique by name: reuse the store's own, add the others."""
    existing = dict(session.execute(select(table.name_key, table.id)).all())
    mapping: dict[int, int] = {}
    for raw in rows:
        values = _keyed(table, {c: _parse_value(table, c, raw.get(c)) for c in _columns(table)})
        found = existing.get(values["name_key"])
        if found is None:
            old_id = values.pop("id")
            if keep_ids:
                values["id"] = old_id
                bulk_insert(session, table.__table__, [values])
                found = old_id
            else:
                [found] = insert_with_new_ids(session, table.__table__, [values])
            existing[values["name_key"]] = found
        mapping[raw["id"]] = found
    return mapping


def _restore_section(
    session: Session,
    table: type,
    rows: list[dict[str, Any]],
    maps: dict[str, dict[int, int]],
    keep_ids: bool,
) -> dict[int, int]:
    """Insert one section, translating references; returns old id → new id."""
    columns = _columns(table)
    prepared: list[dict[str, Any]] = []
    for raw in rows:
        values = {c: _parse_value(table, c, raw.get(c)) for c in columns if c in raw}
        if not _translate(values, maps, keep_references=table is Participant):
            continue
        prepared.append(_keyed(table, values))
    if not prepared:
        return {}
    if "id" not in columns:
        bulk_insert(session, table.__table__, prepared)
        return {}
    old_ids = [row["id"] for row in prepared]
    if keep_ids:
        bulk_insert(session, table.__table__, prepared)
        return dict(zip(old_ids, old_ids, strict=True))
    for row in prepared:
        row.pop("id")
    new_ids = insert_with_new_ids(session, table.__table__, prepared)
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
    for table in (Contact, *TABLES.values()):
        if "id" in table.__table__.c:
            name = table.__tablename__
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                )
            )
