"""netcrm's own JSON backup as a file format: its sections, and reading a backup file strictly.

A backup is one JSON object::

    {"format": "netcrm-backup", "version": 1,
     "contacts": [{"id": 1, "name": "Budi Santoso", "created_at": "2026-05-01T09:00:00+00:00",
                   ...}],
     "conversations": [...], "participants": [...], ...}

one section per kind of record, a row per record with its table's columns, except what the
store derives (a contact's maintained aggregates, the folded lookup keys). Dates and times are ISO
8601 strings. Reading a file checks all of it that does not depend on the rows themselves:
that it is JSON, a netcrm backup, of a version this netcrm reads, with every section a list.
A row's values become Python values (``row_value``) as the row is restored.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netcrm.domain.errors import BadInput
from netcrm.store.tables import metadata

if TYPE_CHECKING:
    from sqlalchemy import Table

BACKUP_FORMAT = "netcrm-backup"
BACKUP_VERSION = 1
#: What a backup keeps of a contact: what the user gave, not what the store maintains.
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
CONTACTS: Table = metadata.tables["contact"]
#: Every other section and the table its rows belong to; every column is kept but the keys.
SECTIONS: dict[str, Table] = {
    section: metadata.tables[name]
    for section, name in (
        ("conversations", "conversation"),
        ("participants", "participant"),
        ("strengths", "strength"),
        ("my_strengths", "my_strength"),
        ("disclosures", "disclosure"),
        ("exchanges", "exchange"),
        ("follow_ups", "follow_up"),
        ("emails", "email"),
        ("handles", "handle"),
        ("tags", "tag"),
        ("contact_tags", "contact_tag"),
        ("not_same", "not_same"),
    )
}
#: The folded lookup keys, left out: restoring derives them again.
SKIPPED_COLUMNS = {"name_key", "address_key", "username_key"}


def columns(table: Table) -> list[str]:
    """The columns a section keeps of ``table``."""
    return [c.name for c in table.columns if c.name not in SKIPPED_COLUMNS]


def read_backup(path: Path) -> dict[str, Any]:
    """The backup in the file at ``path``, checked; ``BadInput`` says what is wrong with it."""
    if path.is_dir():
        raise BadInput(f"{path.name} is a folder; give the backup's .json file.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadInput(f"{path.name} is not valid JSON ({error}).") from error
    except OSError as error:
        raise BadInput(f"Cannot read {path}: {error.strerror}.") from error
    return check_backup(data)


def check_backup(data: Any) -> dict[str, Any]:
    """``data`` if it is a netcrm backup this netcrm can read; else ``BadInput``."""
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise BadInput("This JSON is not a netcrm backup (made by netcrm export json).")
    if not isinstance(data.get("version"), int) or data["version"] > BACKUP_VERSION:
        raise BadInput(
            f"This backup is version {data.get('version')}; this netcrm reads version "
            f"{BACKUP_VERSION} and earlier. Upgrade netcrm to restore it."
        )
    for key in ("contacts", *SECTIONS):
        if not isinstance(data.get(key, []), list):
            raise BadInput(f'The backup\'s "{key}" section is not a list.')
    return data


def row_value(table: Table, column: str, value: Any) -> Any:
    """A JSON value of a row as the store's Python value: ISO text becomes a date or datetime.

    ``ValueError`` (or ``TypeError``) when the text is not one.
    """
    if value is None:
        return None
    try:
        kind = table.c[column].type.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value
