"""Alembic environment: uses the engine of the store being opened.

Every upgrade or downgrade runs in one transaction, so a migration that fails (or a process
killed half-way) leaves the store at the revision it started from.

SQLite needs two precautions. The pysqlite driver commits DDL statement by statement unless a
transaction was begun explicitly, so ``BEGIN IMMEDIATE`` opens one (and makes a second netcrm
starting at the same moment wait instead of migrating the same store twice). And foreign keys
are switched off while migrating: batch mode rebuilds a table by copying it and dropping the
original, and dropping a parent table with foreign keys on deletes every child row through
``ON DELETE CASCADE``. ``PRAGMA foreign_key_check`` runs before the commit instead.

On PostgreSQL an advisory lock keeps two machines from migrating the same store at once.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from netcrm.store.models import metadata

config = context.config
PG_MIGRATION_LOCK = 0x6E657463726D  # "netcrm"


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    connection.commit()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            _configure_and_run(connection)
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                tables = sorted({row[0] for row in broken})
                raise RuntimeError(
                    f"the migration left rows pointing nowhere in {', '.join(tables)}"
                )
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        connection.commit()


def _run_postgresql(connection: Connection) -> None:
    with connection.begin():
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        _configure_and_run(connection)


def run_migrations() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from sqlalchemy import create_engine

        url = config.get_main_option("sqlalchemy.url")
        if url is None:
            raise RuntimeError("Alembic needs the store's engine, or sqlalchemy.url to open one")
        engine = create_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            _run_sqlite(connection)
        elif connection.dialect.name == "postgresql":
            _run_postgresql(connection)
        else:
            with connection.begin():
                _configure_and_run(connection)


run_migrations()
