"""SQLite store files without SQLAlchemy: connection settings, checks, and a plain reader.

``netcrm due`` runs many times a day and importing SQLAlchemy is most of what it would cost, so
on a SQLite store already at the head revision it reads through ``sqlite3`` alone
(:func:`open_at_head`). Anything else (a new, older or newer store, a URL, any error while
opening) goes through :func:`netcrm.store.engine.open_store`, which migrates, refuses or
explains exactly as for every other command.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from netcrm.domain.errors import StoreError

BUSY_TIMEOUT_MS = 10_000
MMAP_BYTES = 512 * 1024 * 1024  # address space, not memory: pages are mapped as they are read
CACHE_KIB = 64 * 1024  # an upper bound; SQLite allocates the page cache as it fills
#: How a datetime column holds its value on SQLite: naive UTC text, as SQLAlchemy writes it.
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def sqlite_datetime(value: datetime) -> str:
    """An aware datetime as a SQLite datetime column holds it, to compare with or to write."""
    return value.astimezone(UTC).strftime(SQLITE_DATETIME)


def apply_pragmas(dbapi_connection: Any) -> None:
    """The settings of every connection to a store."""
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    # Reads go through the OS page cache without a copy, and a pooled connection keeps the
    # pages it read: the review and search touch pages all over a large store.
    cursor.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    cursor.close()


def prepare_sqlite_file(path: Path) -> None:
    """Refuse files that are not SQLite; create new stores private (0600 in a 0700 directory)."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a netcrm store.")
    if path.exists():
        refuse_foreign_sqlite(path)
        return
    parent = path.parent
    if not parent.exists():
        missing = [p for p in (parent, *parent.parents) if not p.exists()]
        try:
            for folder in reversed(missing):  # every folder netcrm creates is private
                folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise StoreError(f"Cannot create the folder {parent}: {error.strerror}.") from error
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise StoreError(f"Cannot create the store {path}: {error.strerror}.") from error
    os.close(fd)


def refuse_foreign_sqlite(path: Path) -> None:
    """Refuse a file that is not a netcrm store before netcrm's pragmas could change it.

    The file is looked at through a read-only SQLite connection, never opened with plain file
    I/O: closing a plain file descriptor of a database cancels the POSIX locks every SQLite
    connection of the same process holds on it (sqlite.org/howtocorrupt.html, 2.2), after
    which another process may think it is the last one and delete the write-ahead log under
    them. A TUI open on the store, or a test running many commands in one process, would pay.
    An empty file is a new store; any other file must be a SQLite database whose tables, if
    any, include netcrm's ``alembic_version``.
    """
    untouched = f"{path} is not a netcrm database; it was left untouched."
    size = path.stat().st_size
    if size == 0:
        return
    if size < 512:  # the smallest SQLite database is one 512-byte page
        raise StoreError(untouched)
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # cannot even open it: opening the store explains why
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as error:
        name = getattr(error, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB" or "not a database" in str(error):
            raise StoreError(untouched) from error
        return  # locked, unreadable...: opening the store explains why
    finally:
        connection.close()
    if tables and "alembic_version" not in tables:
        raise StoreError(
            f"{path} already holds tables netcrm did not make "
            f"({', '.join(sorted(tables)[:3])}); it was left untouched."
        )


def explain_error(label: str, error: Exception) -> str:
    """One sentence for a database error (SQLite or PostgreSQL, raw or wrapped by SQLAlchemy)."""
    message = str(getattr(error, "orig", error)).strip().splitlines()[0].rstrip(".")
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"The store {label} is read-only (or its folder is); netcrm cannot use it, "
            "and nothing was written."
        )
    if "not a database" in lowered:
        return f"{label} is not a netcrm database; it was left untouched."
    if "locked" in lowered or "busy" in lowered or "lock timeout" in lowered:
        return (
            f"The store {label} stayed busy with another netcrm for "
            f"{BUSY_TIMEOUT_MS // 1000} seconds; nothing was written, try again."
        )
    if "disk is full" in lowered or "no space" in lowered:
        return f"The disk holding {label} is full; nothing was written."
    return f"Cannot use the store {label}: {message}."


@dataclass
class SqliteReader:
    """A SQLite store at the head revision, open through ``sqlite3`` for reading."""

    path: Path
    connection: sqlite3.Connection

    @property
    def label(self) -> str:
        return str(self.path)

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self.connection
        except sqlite3.OperationalError as error:  # locked, disk I/O error...
            raise StoreError(explain_error(self.label, error)) from error

    def close(self) -> None:
        self.connection.close()


def open_at_head(path: Path) -> SqliteReader | None:
    """The store file at ``path`` opened through ``sqlite3``, if it is a store at the head revision.

    Otherwise None: the caller opens the store the ordinary way, which creates, migrates,
    refuses or explains. A file that is not a netcrm store is refused here as it is there.
    """
    from netcrm.store.migrations import HEAD_REVISION, REVISION_SQL

    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
    except OSError:
        return None
    refuse_foreign_sqlite(path)
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        apply_pragmas(connection)
        row = connection.execute(REVISION_SQL).fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] != HEAD_REVISION:
        connection.close()
        return None
    return SqliteReader(path, connection)
