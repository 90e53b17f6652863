"""Fixtures for the data-safety tests: stores on both backends, real subprocesses, digests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backends import BACKENDS, pg_databases, skip_without_postgres

from netcrm.store.engine import open_store


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        skip_without_postgres()
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A store at the head revision: a SQLite file in a fresh folder, or a new PG database."""
    if backend == "sqlite":
        path = tmp_path / "data" / "netcrm.db"
        open_store(str(path)).close()
        yield str(path)
        return
    databases = pg_databases()
    url = databases.fresh()
    try:
        yield url
    finally:
        databases.drop(url)


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A new PostgreSQL database with no tables at all."""
    databases = pg_databases()
    url = databases.fresh(migrated=False)
    try:
        yield url
    finally:
        databases.drop(url)
