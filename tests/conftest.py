"""Shared fixtures: a fixed today, a real SQLite store under tmp_path, and the CLI as users run it.

No test may touch the user's real store: ``NETCRM_DB`` and ``NETCRM_CONFIG_DIR`` always point
into the test's own temporary folder.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from backends import BACKENDS, close_all, pg_databases, pg_store, report_header
from backends import skip_without_postgres as _skip_without_postgres
from click.testing import CliRunner

from netcrm.services.clock import Clock
from netcrm.store.engine import Store, open_store

TODAY = date(2026, 11, 25)

# These suites run twice, on SQLite and on PostgreSQL (see tests/backends.py); elsewhere the
# ``backend`` is SQLite.
BOTH_BACKENDS = ("services", "cli")
_PG_DATABASES: dict[Path, str] = {}  # a test's db_path -> its PostgreSQL database


def pytest_report_header() -> str:
    return report_header()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    suite = Path(str(metafunc.definition.path)).parent.name
    if "backend" in metafunc.fixturenames and suite in BOTH_BACKENDS:
        metafunc.parametrize("backend", BACKENDS, indirect=True, scope="session")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        function = getattr(item, "function", None)
        on_pg = params.get("backend") == "postgresql" and function is not None
        if on_pg and "db_path" in inspect.signature(function).parameters:
            item.add_marker(pytest.mark.skip(reason="reads the SQLite file db_path itself"))


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    yield
    close_all()


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """SQLite, or PostgreSQL (skipped, saying why, without ``NETCRM_TEST_PG_URL``)."""
    name = getattr(request, "param", "sqlite")
    if name == "postgresql":
        _skip_without_postgres()
    return name


@pytest.fixture
def db_url(backend: str, db_path: Path) -> Iterator[str]:
    """Where the test's store lives: ``db_path``, or a fresh PostgreSQL database."""
    if backend == "sqlite":
        yield str(db_path)
        return
    databases = pg_databases()
    # make_store(db_path, ...) may have run first and made it already.
    url = _PG_DATABASES.get(db_path) or databases.fresh()
    _PG_DATABASES[db_path] = url
    try:
        yield url
    finally:
        _PG_DATABASES.pop(db_path, None)
        databases.drop(url)


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point netcrm's store and config away from the user's own, whatever a test does."""
    home = tmp_path_factory.mktemp("netcrm-env")
    monkeypatch.setenv("NETCRM_DB", str(home / "default.db"))
    monkeypatch.setenv("NETCRM_CONFIG_DIR", str(home / "config"))


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def clock(today: date) -> Clock:
    return Clock(today)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """The store file shared by the ``store`` and ``cli`` fixtures."""
    return tmp_path / "netcrm.db"


@pytest.fixture(scope="session")
def make_store(tmp_path_factory: pytest.TempPathFactory, backend: str) -> Callable[..., Store]:
    """``make_store(path)`` opens a new empty store at ``path``, quickly: the schema is
    migrated once per session and its file copied (private, as netcrm creates it).
    ``make_store(path, content)`` starts from the bytes of a closed store instead, so a
    module can fill a store once and give every test its own copy."""
    template = tmp_path_factory.mktemp("template") / "netcrm.db"
    open_store(str(template)).close()
    empty = template.read_bytes()

    def make(path: Path, content: bytes | None = None) -> Store:
        if backend == "postgresql":
            return pg_store(path, content, _PG_DATABASES)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(empty if content is None else content)
        return open_store(str(path))

    return make


@pytest.fixture
def store(db_path: Path, db_url: str, make_store: Callable[..., Store]) -> Iterator[Store]:
    """The store in a real SQLite file under tmp_path (empty, unless ``cli`` already wrote it)."""
    if db_url != str(db_path):  # PostgreSQL
        opened = open_store(db_url)
    else:
        opened = open_store(str(db_path)) if db_path.exists() else make_store(db_path)
    try:
        yield opened
    finally:
        opened.close()


def table_counts(store: Store) -> dict[str, int]:
    """Rows in every table, plus the store's write revision: equal before and after an
    operation means it wrote nothing."""
    from sqlalchemy import text

    from netcrm.store.models import metadata

    with store.engine.connect() as connection:
        counts = {
            name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in sorted(metadata.tables)
        }
        counts["revision"] = int(
            connection.execute(text("SELECT value FROM meta WHERE key = 'revision'")).scalar_one()
        )
    return counts


@pytest.fixture
def counts(store: Store) -> Callable[[], dict[str, int]]:
    """``counts()`` gives :func:`table_counts` of the test's store."""
    return lambda: table_counts(store)


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


CliRunnerFn = Callable[..., CliResult]


@pytest.fixture
def cli(db_path: Path, db_url: str, today: date, make_store: Callable[..., Store]) -> CliRunnerFn:
    """Run ``netcrm ARGS...`` in process through ``run`` (exit codes, errors on stderr).

    ``--db`` and ``--today`` are always passed; ``cli("due", today=date(...))`` pretends
    another day (a string is passed as typed) and ``cli(..., db=path)`` uses another store.
    ``NETCRM_DEBUG`` is set so an unexpected exception fails the test with its traceback
    instead of becoming exit code 1.
    """
    from netcrm.cli.commands import cli as group
    from netcrm.cli.commands import run

    def invoke(
        *args: str, today: date | str = today, db: Path | str = db_url, input: str | None = None
    ) -> CliResult:
        shown = today.isoformat() if isinstance(today, date) else today
        if Path(db) == db_path and not db_path.exists():
            make_store(db_path).close()  # as netcrm would create it, without migrating again
        argv = ["--db", str(db), "--today", shown, *args]
        runner = CliRunner()
        with runner.isolation(input=input, env={"NETCRM_DEBUG": "1"}) as (out, err, _mixed):
            code = run(group, argv)
            sys.stdout.flush()
            sys.stderr.flush()
            stdout = out.getvalue().decode()
            stderr = err.getvalue().decode()
        return CliResult(code, stdout, stderr)

    return invoke
