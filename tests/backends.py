"""Test stores on both backends: a SQLite file, or a fresh PostgreSQL database per test.

PostgreSQL runs when ``NETCRM_TEST_PG_URL`` names a server database a role with CREATEDB can
connect to, e.g. ``postgresql+psycopg://netcrm@127.0.0.1:55432/postgres`` (``.ci/run``
starts such a throwaway server). Each pytest process migrates one template database once;
each test then gets ``CREATE DATABASE ... TEMPLATE`` (a file copy, tens of milliseconds)
and it is dropped afterwards. Without the variable, PostgreSQL cases are skipped and say why.
"""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url

if TYPE_CHECKING:
    from netcrm.store.engine import Store

PG_ENV = "NETCRM_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")
SKIP_REASON = (
    f"PostgreSQL tests skipped: set {PG_ENV}=postgresql+psycopg://USER@HOST:PORT/postgres "
    "(a role that may CREATE DATABASE) to run them; .ci/run does"
)


def pg_admin_url() -> URL | None:
    raw = os.environ.get(PG_ENV, "").strip()
    return make_url(raw) if raw else None


def report_header() -> str:
    url = pg_admin_url()
    if url is None:
        return f"netcrm backends: sqlite only ({SKIP_REASON})"
    return f"netcrm backends: sqlite and postgresql at {url.render_as_string(hide_password=True)}"


def skip_without_postgres() -> None:
    if pg_admin_url() is None:
        pytest.skip(SKIP_REASON)


class PgDatabases:
    """Fresh databases cloned from one migrated template, for one pytest process."""

    def __init__(self, admin_url: URL) -> None:
        self.admin_url = admin_url
        self.prefix = f"netcrm_t{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self._admin: Engine | None = None
        self._template: str | None = None
        self._lock = threading.RLock()
        self._count = 0
        self._created: list[str] = []

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        return self._admin

    def url_of(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def _create(self, name: str, template: str = "template0") -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        with self._lock:
            self._created.append(name)
        return self.url_of(name)

    def template(self) -> str:
        """The name of a database migrated to head, created on first use."""
        with self._lock:
            if self._template is None:
                from netcrm.store.engine import open_store

                name = f"{self.prefix}_template"
                open_store(self._create(name)).close()
                self._template = name
            return self._template

    def fresh(self, *, migrated: bool = True) -> str:
        """The URL of a new database: at head, or empty for tests that build their own."""
        template = self.template() if migrated else "template0"
        with self._lock:
            self._count += 1
            name = f"{self.prefix}_{self._count}"
        return self._create(name, template)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        with self._lock:
            if name in self._created:
                self._created.remove(name)

    def close(self) -> None:
        """Drop every database this process made (the template last)."""
        for name in reversed(list(self._created)):
            self.drop(self.url_of(name))
        self._template = None
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None


_databases: PgDatabases | None = None


def pg_databases() -> PgDatabases:
    """The process-wide helper (created lazily; dropped at session end by ``close_all``)."""
    global _databases
    skip_without_postgres()
    if _databases is None:
        admin = pg_admin_url()
        assert admin is not None
        _databases = PgDatabases(admin)
    return _databases


def close_all() -> None:
    global _databases
    if _databases is not None:
        _databases.close()
        _databases = None


def pg_store(path: Path, content: bytes | None, known: dict[Path, str]) -> Store:
    """The PostgreSQL twin of ``make_store(path, content)``.

    ``path`` names the test's store: the database already made for it (``known``), or a new
    one. ``content`` (the bytes of a closed SQLite store) is copied in with ``netcrm db copy``'s
    machinery; and closing a new one leaves a SQLite copy of it at ``path``, so fixtures that
    build a store once, close it and hand out its bytes work unchanged.
    """
    from netcrm.store.copy import copy_store
    from netcrm.store.engine import open_store

    url = known.get(path)
    if url is None:
        url = known[path] = pg_databases().fresh()
        target = open_store(url)
        _mirror_on_close(target, path)
    else:
        target = open_store(url)
    if content is not None:
        with tempfile.TemporaryDirectory() as folder:
            snapshot = Path(folder) / "netcrm.db"
            snapshot.write_bytes(content)
            source = open_store(str(snapshot))
            try:
                copy_store(source, target)
            finally:
                source.close()
    return target


def _mirror_on_close(store: Store, path: Path) -> None:
    from netcrm.store.copy import copy_store
    from netcrm.store.engine import open_store

    close = store.close

    def close_and_mirror() -> None:
        if not path.exists():
            mirror = open_store(str(path))
            try:
                copy_store(store, mirror)
            finally:
                mirror.close()
        close()

    store.close = close_and_mirror  # type: ignore[method-assign]
