"""Opening a store: one engine, pragmas on every connection, schema at head.

Opening is on the start-up path of every CLI command, so the common case (schema already at
head) costs one small query; Alembic is imported only when there is something to migrate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from netcrm.domain.errors import StoreError
from netcrm.store.location import describe_url, resolve_store_url
from netcrm.store.sqlite import (
    BUSY_TIMEOUT_MS,
    apply_pragmas,
    explain_error,
    prepare_sqlite_file,
)

if TYPE_CHECKING:
    from sqlmodel import Session

WRITER_LOCK = 0x6E6574637277  # PostgreSQL advisory lock key held by writers ("netcrw")


@dataclass
class Store:
    """An open store. ``session()`` gives a short-lived session that does not expire on commit."""

    engine: Engine
    url: URL
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return Path(self.url.database) if self.is_sqlite and self.url.database else None

    @property
    def label(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        from sqlmodel import Session  # not at import: read paths like `netcrm due` need no ORM

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except OperationalError as error:  # locked, read-only, disk full, server gone
                raise StoreError(explain_db_error(self, error)) from error

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A Core connection, for read paths that run without the ORM."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as error:  # locked, read-only, disk full, server gone
            raise StoreError(explain_db_error(self, error)) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for one read-check-write unit of work, one writer at a time per store.

        Whatever the work reads before it writes (does this strength exist yet? how many
        conversations does this contact have?) cannot change under it, so two processes
        writing at once can neither both create the same row nor overwrite each other's
        counts. SQLite: ``BEGIN IMMEDIATE`` takes the write lock before the first read,
        waiting up to the busy timeout (readers are never blocked in WAL mode). PostgreSQL:
        a transaction-scoped advisory lock does the same for every netcrm on the database.
        """
        with self.session() as session:
            connection = session.connection()
            if self.is_sqlite:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            elif connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    apply_pragmas(dbapi_connection)


def make_engine(url: URL) -> Engine:
    """An engine whose statements' values (names, notes) never reach a log line or an error."""
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def open_store(db: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store named by ``db``, ``NETCRM_DB`` or the default, creating or upgrading it."""
    url = resolve_store_url(db)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        prepare_sqlite_file(Path(url.database))
    try:
        engine = make_engine(url)
    except Exception as error:  # a bad URL or a missing driver
        raise StoreError(f"Cannot open the store {describe_url(url)}: {error}.") from error
    store = Store(engine=engine, url=url)
    if migrate:
        try:
            ensure_schema(store)
        except StoreError:
            engine.dispose()
            raise
        except (OperationalError, DBAPIError, sqlite3.DatabaseError) as error:
            engine.dispose()
            raise StoreError(explain_db_error(store, error)) from error
    return store


def explain_db_error(store: Store, error: Exception) -> str:
    return explain_error(store.label, error)


def current_revision(store: Store) -> str | None:
    from netcrm.store.migrations import REVISION_SQL

    with store.engine.connect() as connection:
        try:
            row = connection.execute(text(REVISION_SQL)).first()
        except (OperationalError, DBAPIError) as error:
            message = str(error.orig).lower()
            if "no such table" in message or "does not exist" in message:
                connection.rollback()
                return None
            raise
    return row[0] if row else None


def ensure_schema_is_known(store: Store) -> str | None:
    """The store's schema revision; refuses a store written by a newer netcrm."""
    from netcrm.store.migrations import KNOWN_REVISIONS

    revision = current_revision(store)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"The store {store.label} was written by a newer netcrm (schema {revision}); "
            "upgrade netcrm to open it."
        )
    return revision


def ensure_schema(store: Store) -> None:
    """Bring the store to the head revision; refuse stores written by a newer netcrm."""
    from netcrm.store.migrations import HEAD_REVISION

    revision = current_revision(store)
    if revision == HEAD_REVISION:
        return
    revision = ensure_schema_is_known(store)
    if revision is None:
        refuse_foreign_database(store)
    from netcrm.store.migrations.runner import upgrade_to_head

    upgrade_to_head(store, from_revision=revision)


def refuse_foreign_database(store: Store) -> None:
    """A database without netcrm's schema must be empty before netcrm writes its tables.

    SQLite: any table at all means the file belongs to another program. PostgreSQL: other
    tables may share the database (extensions make some), but not tables named like ours.
    """
    from sqlalchemy import inspect

    from netcrm.store.tables import metadata

    tables = set(inspect(store.engine).get_table_names())
    clash = tables if store.is_sqlite else tables & set(metadata.tables)
    if clash:
        raise StoreError(
            f"{store.label} already holds tables netcrm did not make "
            f"({', '.join(sorted(clash)[:3])}); it was left untouched."
        )
