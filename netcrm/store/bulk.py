"""Inserting many rows fast, and reading rows for many ids.

SQLAlchemy's per-parameter processing costs more than SQLite itself when 100k rows go in at once.
On SQLite the values are converted here, once per column kind, to exactly what SQLAlchemy would
have written, and handed to the driver's ``executemany`` inside the session's own transaction.
Other databases take SQLAlchemy's ordinary executemany path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Table, func, insert, select
from sqlmodel import Session

from netcrm.store.types import UTCDateTime

SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def _remembering(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Bulk rows often share a value (the import's timestamp): convert it once."""
    last: list[Any] = [object(), None]

    def converted(value: Any) -> Any:
        if value is None:
            return None
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return _remembering(lambda v: v.astimezone(UTC).strftime(SQLITE_DATETIME))
    if isinstance(column_type, JSON):
        return _remembering(json.dumps)
    if isinstance(column_type, Date):
        return _remembering(lambda v: v.isoformat())
    if isinstance(column_type, Boolean):
        return _remembering(int)
    return None


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    converters = [
        (i, c)
        for i, name in enumerate(columns)
        if (c := _converter(table.c[name].type)) is not None
    ]
    values = []
    for row in rows:
        record = [row[name] for name in columns]
        for index, convert in converters:
            record[index] = convert(record[index])
        values.append(record)
    placeholders = ", ".join("?" for _ in columns)
    statement = f'INSERT INTO "{table.name}" ({", ".join(columns)}) VALUES ({placeholders})'
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()


def insert_with_new_ids(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their new ids, in order.

    SQLite runs RETURNING one row at a time, so there the ids are assigned up front. The caller
    must already hold the write lock (have written in this transaction), so that nobody else can
    take the same ids meanwhile.
    """
    if not rows:
        return []
    if session.connection().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.execute(statement, list(rows)).scalars().all())
    first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    ids = list(range(first, first + len(rows)))
    for new_id, row in zip(ids, rows, strict=True):
        row["id"] = new_id
    bulk_insert(session, table, rows)
    return ids


IN_CHUNK = 500  # ids per IN (...): well below every backend's limit on bound parameters


def rows_in(session: Session, query: Any, column: Any, ids: Iterable[int]) -> list[Any]:
    """The rows of ``query`` whose ``column`` is one of ``ids``, a chunk of ids at a time."""
    ids = list(ids)
    rows: list[Any] = []
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        rows.extend(session.exec(query.where(column.in_(chunk))).all())
    return rows
