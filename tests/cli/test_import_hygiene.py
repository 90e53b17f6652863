"""``netcrm due`` is run many times a day: its start-up imports only what it needs.

A real process (a fresh interpreter, as the console script runs) on a store already at the head
revision; the modules it loaded are compared with what the command has no use for.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from netcrm.domain.errors import StoreError
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.store.engine import open_store
from netcrm.store.migrations import HEAD_REVISION, KNOWN_REVISIONS
from netcrm.store.migrations.runner import downgrade_to

pytestmark = pytest.mark.slow

PROBE = """
import json, sys
from netcrm.cli.commands import cli, run
code = run(cli, sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
sys.exit(code)
"""

#: Never on the path of `netcrm due`: the TUI, fuzzy matching, rich tables, migrations, the ORM.
FORBIDDEN = (
    "textual",
    "rapidfuzz",
    "rich",
    "alembic",
    "netcrm.tui",
    "netcrm.services.search",
    # The ORM: the due list is read through SQLAlchemy Core.
    "sqlmodel",
    "pydantic",
    "sqlalchemy.orm",
    "netcrm.store.models",
)
#: A SQLite store at head is read through sqlite3 alone: not even SQLAlchemy Core. The service
#: records are dataclasses, slow to create: the due list's own is all it needs.
FORBIDDEN_FOR_DUE = (
    *FORBIDDEN,
    "sqlalchemy",
    "netcrm.services.records",
    # Other commands' modules load when they run.
    "netcrm.cli.db",
    "netcrm.cli.transfer",
)


#: The review on a SQLite store at head is read through sqlite3 alone too; its records are the
#: service records.
FORBIDDEN_FOR_REVIEW = (
    *FORBIDDEN,
    "sqlalchemy",
    "netcrm.store.tables",
    "netcrm.cli.db",
    "netcrm.cli.transfer",
)


def _modules(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    listing = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(listing), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done, set(json.loads(listing.read_text()))


@pytest.fixture
def store_at_head(tmp_path: Path) -> str:
    path = tmp_path / "netcrm.db"
    open_store(str(path)).close()
    return str(path)


def _loaded(modules: set[str], package: str) -> bool:
    return package in modules or any(m.startswith(package + ".") for m in modules)


@pytest.mark.parametrize("output", [[], ["--json"]])
def test_due_imports_no_tui_no_fuzzy_matching_no_rich_no_migrations_no_sqlalchemy(
    tmp_path: Path, store_at_head: str, output: list[str]
) -> None:
    done, modules = _modules(
        tmp_path, "--db", store_at_head, "--today", "2026-11-25", "due", "--week", *output
    )
    assert done.stdout  # it did print the answer
    assert [name for name in FORBIDDEN_FOR_DUE if _loaded(modules, name)] == []


def test_due_on_a_store_to_upgrade_still_works(tmp_path: Path) -> None:
    """Alembic is loaded only when there is something to migrate (here: a new store)."""
    done, modules = _modules(
        tmp_path, "--db", str(tmp_path / "new.db"), "--today", "2026-11-25", "due"
    )
    assert "Nothing due" in done.stdout
    assert _loaded(modules, "alembic")
    assert [name for name in ("textual", "netcrm.tui") if _loaded(modules, name)] == []


def test_due_upgrades_an_older_store_first_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "netcrm.db"
    store = open_store(str(path))
    downgrade_to(store, KNOWN_REVISIONS[0])
    store.close()
    done, modules = _modules(tmp_path, "--db", str(path), "--today", "2026-11-25", "due")
    assert "Nothing due" in done.stdout
    assert "upgrading the store; a copy was saved to" in done.stderr
    assert _loaded(modules, "alembic")
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]


def test_due_refuses_a_store_written_by_a_newer_netcrm(store_at_head: str) -> None:
    with closing(sqlite3.connect(store_at_head)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    done = subprocess.run(
        [sys.executable, "-m", "netcrm", "--db", store_at_head, "due", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (StoreError.exit_code, "")
    assert "was written by a newer netcrm (schema 9999_future)" in done.stderr


def test_search_imports_no_tui_no_rich_no_migrations_no_orm(
    tmp_path: Path, store_at_head: str
) -> None:
    """Search needs rapidfuzz, and nothing else heavy."""
    done, modules = _modules(tmp_path, "--db", store_at_head, "search", "budi")
    assert "Nobody matches" in done.stdout
    assert _loaded(modules, "rapidfuzz")
    allowed = {"rapidfuzz", "netcrm.services.search"}
    assert [name for name in FORBIDDEN if name not in allowed and _loaded(modules, name)] == []


def test_the_core_tables_of_the_fast_paths_load_no_orm() -> None:
    """The fast paths read through ``netcrm.store.tables``, generated from the models (and held
    equal to them by tests/store/test_tables.py): it loads neither SQLModel nor the models."""
    check = (
        "import netcrm.store.tables, sys\n"
        "orm = ('sqlmodel', 'pydantic', 'sqlalchemy.orm', 'netcrm.store.models')\n"
        "loaded = [m for m in orm if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_review_imports_no_tui_no_rich_no_migrations_no_orm(
    tmp_path: Path, store_at_head: str
) -> None:
    """The review's listings go through the CLI's own table renderer, not rich, and it reads
    without the ORM."""
    done, modules = _modules(tmp_path, "--db", store_at_head, "--today", "2026-11-25", "review")
    assert "Nothing is due this week." in done.stdout
    assert [name for name in FORBIDDEN if _loaded(modules, name)] == []


def test_review_on_a_store_at_head_imports_no_sqlalchemy(tmp_path: Path) -> None:
    """A review with something due and every kind of suggestion, read through sqlite3 alone."""
    path = tmp_path / "netcrm.db"
    store = open_store(str(path))
    try:
        start = Clock(date(2026, 5, 1))
        for name in ("Nadia Putri", "Rizky Pratama", "Hannah Müller", "Agus Setiawan"):
            add_contact(store, ContactInput(name=name), start)
        log_conversation(store, ConversationInput(names=["Rizky"]), Clock(date(2026, 11, 20)))
        for day in (date(2026, 6, 1), date(2026, 7, 1)):
            log_conversation(store, ConversationInput(names=["Hannah"]), Clock(day))
        add_follow_up(store, "Agus", "2026-11-26", "Share the roadmap", start)
    finally:
        store.close()
    done, modules = _modules(tmp_path, "--db", str(path), "--today", "2026-11-25", "review")
    for shown in ("Share the roadmap", "Nadia Putri", "Rizky Pratama", "Hannah Müller"):
        assert shown in done.stdout
    assert [name for name in FORBIDDEN_FOR_REVIEW if _loaded(modules, name)] == []
