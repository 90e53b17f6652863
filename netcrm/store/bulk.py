"""Inserting many rows fast, and reading rows for many ids.

SQLAlchemy's per-parameter processing costs more than SQLite itself when a whole import goes in
at once. On SQLite the values are converted here, once per column kind, to exactly what
SQLAlchemy would have written, and handed to the driver's ``executemany`` inside the session's
own transaction. Other databases take SQLAlchemy's ordinary executemany path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Table, func, insert, select
from sqlmodel import Session

from netcrm.store.sqlite import sqlite_datetime
from netcrm.store.types import UTCDateTime


def _remembering(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Bulk rows often share a value (the import's timestamp, a day): convert it once.

    Equal values are looked up, not only the same object: the dates of an import's followers
    are as many ``date`` objects, but few distinct days.
    """
    seen: dict[Any, Any] = {None: None}

    def converted(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = convert(value)
            return result

    return converted


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value)


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    if isinstance(column_type, UTCDateTime):
        return _remembering(sqlite_datetime)
    if isinstance(column_type, JSON):
        return _json
    if isinstance(column_type, Date):
        return _remembering(lambda v: v.isoformat())
    if isinstance(column_type, Boolean):
        return _remembering(int)
    return None


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in the session's transaction."""
    if not rows:
        return
    columns = list(rows[0])
    insert_rows(session, table, columns, [[row[name] for name in columns] for row in rows])


def insert_rows(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: dict[str, Any] | None = None,
) -> None:
    """Insert ``rows`` (values in ``columns`` order) into ``table``, in the session's transaction.

    ``constants`` are columns with the same value in every row: converted once, not per row.
    On SQLite the values are converted here to exactly what SQLAlchemy would have written.
    """
    if not rows:
        return
    constants = constants or {}
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        session.execute(insert(table), _dicts(columns, rows, constants))
        return
    # Python's sqlite3 binds None through its adapter lookup, far slower than an int: a column
    # that is empty in every row, and a constant None, are written as NULL in the statement
    # instead.
    bound = [i for i in range(len(columns)) if not _all_none(rows, i)]
    fixed = {name: value for name, value in constants.items() if value is not None}
    nulls = [name for i, name in enumerate(columns) if i not in bound]
    nulls += [name for name, value in constants.items() if value is None]
    converters = [
        (position, c)
        for position, i in enumerate(bound)
        if (c := _converter(table.c[columns[i]].type)) is not None
    ]
    extra = []
    for name, value in fixed.items():
        convert = _converter(table.c[name].type)
        extra.append(convert(value) if convert else value)
    pick = itemgetter(*bound) if len(bound) > 1 else lambda row: tuple(row[i] for i in bound)
    values = []
    for row in rows:
        record = [*pick(row), *extra]
        for position, convert in converters:
            record[position] = convert(record[position])
        values.append(record)
    names = ", ".join([*(columns[i] for i in bound), *fixed, *nulls])
    slots = ", ".join(["?"] * (len(bound) + len(fixed)) + ["NULL"] * len(nulls))
    statement = f'INSERT INTO "{table.name}" ({names}) VALUES ({slots})'
    driver = connection.connection.driver_connection
    assert driver is not None  # the connection is open: it is in the session's transaction
    cursor = driver.cursor()
    try:
        cursor.executemany(statement, values)
    finally:
        cursor.close()


def _all_none(rows: Sequence[Sequence[Any]], index: int) -> bool:
    if rows[0][index] is not None:  # the usual answer, at once
        return False
    return set(map(itemgetter(index), rows)) == {None}


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
    ids = _next_ids(session, table, len(rows))
    for new_id, row in zip(ids, rows, strict=True):
        row["id"] = new_id
    bulk_insert(session, table, rows)
    return ids


def insert_rows_with_new_ids(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: dict[str, Any] | None = None,
) -> list[int]:
    """``insert_rows``, returning the new ids in order (see ``insert_with_new_ids``)."""
    if not rows:
        return []
    if session.connection().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        values = _dicts(columns, rows, constants)
        return list(session.execute(statement, values).scalars().all())
    ids = _next_ids(session, table, len(rows))
    numbered = [(new_id, *row) for new_id, row in zip(ids, rows, strict=True)]
    insert_rows(session, table, ["id", *columns], numbered, constants)
    return ids


def _dicts(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], constants: dict[str, Any] | None
) -> list[dict[str, Any]]:
    names = list(columns)
    return [{**(constants or {}), **dict(zip(names, row, strict=True))} for row in rows]


def _next_ids(session: Session, table: Table, count: int) -> list[int]:
    first = (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
    return list(range(first, first + count))


IN_CHUNK = 500  # ids per IN (...): well below every backend's limit on bound parameters


def rows_in(session: Session, query: Any, column: Any, ids: Iterable[int]) -> list[Any]:
    """The rows of ``query`` whose ``column`` is one of ``ids``, a chunk of ids at a time."""
    ids = list(ids)
    rows: list[Any] = []
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        rows.extend(session.exec(query.where(column.in_(chunk))).all())
    return rows
