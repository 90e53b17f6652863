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

from sqlalchemy import func, text
from sqlmodel import Session, select

from netcrm.domain.errors import BadInput
from netcrm.services.aggregates import bump_revision, refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.records import ImportReport
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


def _row_dict(row: Any, columns: list[str]) -> dict[str, Any]:
    return {c: _plain(getattr(row, c)) for c in columns}


def _columns(table: type) -> list[str]:
    return [c.name for c in table.__table__.columns if c.name not in SKIPPED_COLUMNS]


def export_backup(store: Store) -> dict[str, Any]:
    """Every row that is not derived, as plain JSON values."""
    with store.session() as session:
        data: dict[str, Any] = {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "contacts": [
                _row_dict(c, list(CONTACT_FIELDS))
                for c in session.exec(select(Contact).order_by(Contact.id)).all()
            ],
        }
        for key, table in TABLES.items():
            columns = _columns(table)
            order = [table.__table__.c[c] for c in columns[:2]]
            data[key] = [
                _row_dict(row, columns)
                for row in session.exec(select(table).order_by(*order)).all()
            ]
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
    with store.session() as session:
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
        bump_revision(session)
        session.commit()
    return ImportReport(len(new), 0, skipped, (), tuple(c["name"] for c in new[:20]), ())


def _iso_utc(value: str | None) -> str | None:
    if not value:
        return None
    from datetime import UTC

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
    contact_ids: dict[int, int] = {}
    restored: list[Contact] = []
    for raw in data.get("contacts", []):
        if raw["id"] not in wanted:
            continue
        values = {k: _parse_value(Contact, k, raw.get(k)) for k in CONTACT_FIELDS}
        old_id = values.pop("id")
        if keep_ids:
            values["id"] = old_id
        values["phones"] = values.get("phones") or []
        birthday = values.get("birthday")
        values["birthday_md"] = birthday.strftime("%m-%d") if birthday else None
        contact = Contact(name_key="", **values)
        session.add(contact)
        session.flush()
        contact_ids[old_id] = contact.id
        restored.append(contact)
    maps: dict[str, dict[int, int]] = {"contact_id": contact_ids}
    talks = {
        p["conversation_id"] for p in data.get("participants", []) if p["contact_id"] in wanted
    }
    for key in ("my_strengths", "tags", "conversations"):
        only = talks if key == "conversations" else None
        maps[_fk_name(key)] = _restore_rows(session, key, data, maps, keep_ids, only_ids=only)
    for key in (
        "participants",
        "strengths",
        "disclosures",
        "exchanges",
        "follow_ups",
        "emails",
        "handles",
        "contact_tags",
    ):
        _restore_rows(session, key, data, maps, keep_ids)
    session.flush()
    stage_since = {c.id: c.stage_since for c in restored}
    for index, contact in enumerate(restored, 1):
        refresh_history(session, contact, clock.today())
        refresh_search_text(session, contact)
        contact.stage_since = stage_since[contact.id] or contact.stage_since
        if progress and index % 500 == 0:
            progress(index, len(restored))
    if keep_ids and session.get_bind().dialect.name == "postgresql":
        _reset_sequences(session)


def _fk_name(key: str) -> str:
    return {"my_strengths": "my_strength_id", "tags": "tag_id", "conversations": "conversation_id"}[
        key
    ]


def _restore_rows(
    session: Session,
    key: str,
    data: dict[str, Any],
    maps: dict[str, dict[int, int]],
    keep_ids: bool,
    only_ids: set[int] | None = None,
) -> dict[int, int]:
    """Insert one section, translating foreign keys; returns old id → new id."""
    table = TABLES[key]
    columns = _columns(table)
    ids: dict[int, int] = {}
    for raw in data.get(key, []):
        values = {c: _parse_value(table, c, raw.get(c)) for c in columns if c in raw}
        if only_ids is not None and values.get("id") not in only_ids:
            continue
        skip = False
        for fk, mapping in maps.items():
            if fk in values and values[fk] is not None:
                if values[fk] not in mapping:
                    if fk == "conversation_id" and key != "participants":
                        values[fk] = None
                        continue
                    skip = True
                    break
                values[fk] = mapping[values[fk]]
        if skip:
            continue
        old_id = values.get("id")
        if "id" in values and not keep_ids:
            values.pop("id")
        row = _existing_keyed_row(session, table, values) or _new_row(session, table, values)
        if old_id is not None and hasattr(row, "id"):
            ids[old_id] = row.id
    return ids


def _existing_keyed_row(session: Session, table: type, values: dict[str, Any]) -> Any:
    """Tags and my strengths are unique by name: reuse the one already in the store."""
    from netcrm.domain.text import fold

    if table in (Tag, MyStrength):
        return session.exec(select(table).where(table.name_key == fold(values["name"]))).first()
    return None


def _new_row(session: Session, table: type, values: dict[str, Any]) -> Any:
    from netcrm.domain.text import fold

    if table in (Tag, MyStrength, Strength):
        values["name_key"] = fold(values["name"])
    elif table is Email:
        values["address_key"] = values["address"].strip().lower()
    elif table is Handle:
        values["username_key"] = fold(values["username"])
    row = table(**values)
    session.add(row)
    session.flush()
    return row


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
