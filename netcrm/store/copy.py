"""Copying every row of one store into another (``netcrm db copy --to URL``).

The typical use is moving a SQLite store to PostgreSQL, but any pair works (PostgreSQL to a
SQLite file is a portable snapshot). The target is migrated to the head revision first and
must hold no data. The source is read inside one snapshot (a read transaction on SQLite,
``REPEATABLE READ`` on PostgreSQL), so a store in use still gives a consistent copy. All rows
go into the target in one transaction: a failure leaves it empty. Counts are compared at the
end, and PostgreSQL's id sequences are moved past the copied ids so new rows do not collide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Table, func, select, text
from sqlalchemy.engine import Connection

from netcrm.domain.errors import BadInput, StoreError
from netcrm.store.engine import Store, current_revision
from netcrm.store.migrations import HEAD_REVISION
from netcrm.store.revision import read_revision, set_revision
from netcrm.store.settings import read_settings, write_setting
from netcrm.store.tables import metadata

BATCH = 2_000
BOOKKEEPING = frozenset({"meta"})
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class CopyReport:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def data_tables() -> list[Table]:
    """Tables holding the user's data, parents before children."""
    return [t for t in metadata.sorted_tables if t.name not in BOOKKEEPING]


def table_counts(connection: Connection, tables: list[Table] | None = None) -> dict[str, int]:
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in (tables if tables is not None else data_tables())
    }


@contextmanager
def snapshot(store: Store) -> Iterator[Connection]:
    """A connection that sees the store as of one moment until it is closed."""
    with store.engine.connect() as connection:
        if store.is_sqlite:
            # pysqlite opens no transaction for SELECTs; without one, each table would be read
            # as of a different moment if another netcrm writes meanwhile.
            connection.exec_driver_sql("BEGIN")
        elif connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        try:
            yield connection
        finally:
            connection.rollback()


def same_store(source: Store, target: Store) -> bool:
    if source.is_sqlite and target.is_sqlite and source.path and target.path:
        return source.path.resolve() == target.path.resolve()
    return source.label == target.label


def copy_store(source: Store, target: Store, progress: Progress | None = None) -> CopyReport:
    """Copy every row of ``source`` into the empty ``target`` (both already at head)."""
    if same_store(source, target):
        raise BadInput("The target is the store itself; give another database.")
    for store in (source, target):
        revision = current_revision(store)
        if revision != HEAD_REVISION:
            raise StoreError(
                f"The store {store.label} is at schema {revision}, not {HEAD_REVISION}; "
                "open it with this netcrm first."
            )
    tables = data_tables()
    with target.engine.connect() as check:
        present = {name: n for name, n in table_counts(check, tables).items() if n}
    if present:
        raise BadInput(
            f"The target {target.label} already holds {sum(present.values()):,} rows "
            f"(in {', '.join(present)}); copy only into an empty database."
        )
    with snapshot(source) as reader:
        expected = table_counts(reader, tables)
        writes = read_revision(reader)
        with target.engine.connect() as writer:
            try:
                if target.is_sqlite:
                    writer.exec_driver_sql("BEGIN IMMEDIATE")
                for table in tables:
                    _copy_table(reader, writer, table, progress)
                set_revision(writer, writes)
                for name, value in read_settings(reader).items():
                    write_setting(writer, name, value)
                if writer.dialect.name == "postgresql":
                    _advance_sequences(writer, tables)
                copied = table_counts(writer, tables)
                if copied != expected:
                    raise StoreError(
                        f"The copy does not match the source ({copied} != {expected}); "
                        "nothing was written."
                    )
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
    return CopyReport(expected)


def _copy_table(
    reader: Connection, writer: Connection, table: Table, progress: Progress | None
) -> None:
    order = list(table.primary_key.columns) or list(table.columns)
    result = reader.execute(select(table).order_by(*order))
    done = 0
    while True:
        rows = result.mappings().fetchmany(BATCH)
        if not rows:
            break
        writer.execute(table.insert(), [dict(row) for row in rows])
        done += len(rows)
        if progress is not None:
            progress(table.name, done)


def _advance_sequences(writer: Connection, tables: list[Table]) -> None:
    for table in tables:
        if "id" not in table.columns or not table.columns["id"].primary_key:
            continue
        writer.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"table": table.name},
        )
