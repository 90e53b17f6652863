"""Writing netcrm's JSON backup (the format is in :mod:`netcrm.importers.backup_json`).

Every row that is not derived, as plain JSON values, each section in a fixed order.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Table, select
from sqlmodel import Session

from netcrm.importers.backup_json import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    CONTACT_FIELDS,
    CONTACTS,
    SECTIONS,
    columns,
)
from netcrm.store.engine import Store


def render_backup(store: Store) -> str:
    """The backup as JSON text, non-ASCII characters as they are."""
    return json.dumps(backup_data(store), ensure_ascii=False, indent=2) + "\n"


def backup_data(store: Store) -> dict[str, Any]:
    """Every row that is not derived, as plain JSON values."""
    with store.session() as session:
        data: dict[str, Any] = {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "contacts": _dump(session, CONTACTS, list(CONTACT_FIELDS)),
        }
        for key, table in SECTIONS.items():
            data[key] = _dump(session, table, columns(table))
    return data


def _dump(session: Session, table: Table, names: list[str]) -> list[dict[str, Any]]:
    """Rows as plain dicts, read through Core: no model instance is built for a row."""
    order = [table.c[c] for c in names[:2]]
    result = session.execute(select(*(table.c[c] for c in names)).order_by(*order))
    return [{c: _plain(v) for c, v in zip(names, row, strict=True)} for row in result.all()]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
