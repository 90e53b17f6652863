"""Test stores on both backends: a SQLite file, or a fresh PostgreSQL database per test.

PostgreSQL runs when ``NETCRM_TEST_PG_URL`` names a server database a role with CREATEDB can
connect to, e.g. ``postgresql+psycopg://netcrm@127.0.0.1:55432/postgres`` (``.ci/run``
starts such a throwaway server). Each pytest process migrates one template database once;
each test then gets ``CREATE DATABASE ... TEMPLATE`` (a file copy, tens of milliseconds)
and it is dropped afterwards. Without the variable, PostgreSQL cases are skipped and say why.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url

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
        self._lock = threading.Lock()
        self._count = 0

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

    def close(self) -> None:
        if self._template is not None:
            self.drop(self.url_of(self._template))
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
