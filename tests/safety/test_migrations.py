"""Migrations never lose data.

A store is built by running only the *first* migration and filled, through the tables as
that migration made them, with rows in every table (unicode included). Opening it with this
netcrm upgrades it through every later migration to head, and every row must still be
there with the same values. As long as netcrm has a single migration that path is empty, so
a probe migration is stacked on top of the real ones: it rebuilds *every* table the way
Alembic's batch mode does on SQLite (copy, drop, rename), the most dangerous kind of schema
change, because dropping a parent table with foreign keys on deletes its children. The probe
also makes the pre-upgrade backup happen, so its promises are tested too.

When a future migration changes data on purpose (renames or drops a column), add the
expected change to ``EXPECTED_CHANGES`` below rather than loosening the comparison.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, MetaData, inspect, select

from netcrm.domain.errors import StoreError
from netcrm.store import migrations
from netcrm.store.backup import KEEP_UPGRADE_BACKUPS
from netcrm.store.engine import Store, current_revision, open_store
from netcrm.store.migrations import runner

FIRST = migrations.KNOWN_REVISIONS[0]
PROBE = "zz_safety_probe"
ROWS = 12
# (table, column) -> how a later migration transforms the value on purpose.
EXPECTED_CHANGES: dict[tuple[str, str], Any] = {}
UNICODE = ("Zoë 🎉", "مريم العلي", "e\u0301\u0301 combining", "Ñúñez 山田")

PROBE_MIGRATION = '''
"""safety probe: rebuild every table"""
import sqlalchemy as sa
from alembic import op

revision = "{probe}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def _tables():
    names = sa.inspect(op.get_bind()).get_table_names()
    return [n for n in names if n != "alembic_version"]


def _recreate():
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade():
    {fail}
    for name in _tables():
        with op.batch_alter_table(name, recreate=_recreate()) as batch:
            batch.add_column(sa.Column("safety_probe", sa.Integer(), nullable=True))
    {fail_after}


def downgrade():
    for name in _tables():
        with op.batch_alter_table(name, recreate=_recreate()) as batch:
            batch.drop_column("safety_probe")
'''


# --- building old stores -------------------------------------------------------------------


@pytest.fixture
def bare_store(backend: str, tmp_path: Path, request: pytest.FixtureRequest):
    if backend == "sqlite":
        store = open_store(str(tmp_path / "data" / "netcrm.db"), migrate=False)
    else:
        store = open_store(request.getfixturevalue("empty_pg_url"), migrate=False)
    yield store
    store.close()


def _value(column, index: int, sqlite: bool) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return index % 2 == 0
    if isinstance(kind, Integer):
        return index
    if isinstance(kind, Float):
        return index + 0.25
    if isinstance(kind, DateTime):
        moment = datetime(2024, 1, 1, 9, 30, tzinfo=UTC) + timedelta(days=index, minutes=index)
        return moment.replace(tzinfo=None) if sqlite else moment
    if isinstance(kind, Date):
        return date(1990, 1, 1) + timedelta(days=index * 40)
    if isinstance(kind, JSON):
        return [f"+62 812 {index:04d}", UNICODE[index % len(UNICODE)]]
    length = getattr(kind, "length", None) or 200
    text = f"{UNICODE[index % len(UNICODE)]} {column.name} {index}"
    return text if len(text) <= length else f"{column.name[: length - 4]}{index:04d}"[-length:]


def fill_every_table(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Rows in every table of whatever schema the store has now, references included."""
    meta = MetaData()
    meta.reflect(store.engine)
    sqlite = store.is_sqlite
    written: dict[str, list[dict[str, Any]]] = {}
    with store.engine.begin() as connection:
        for table in meta.sorted_tables:
            if table.name in ("alembic_version", "meta"):
                continue
            rows = []
            for index in range(1, ROWS + 1):
                row = {}
                for column in table.columns:
                    if column.foreign_keys:
                        row[column.name] = index  # the parent row with the same id
                    else:
                        row[column.name] = _value(column, index, sqlite)
                rows.append(row)
            connection.execute(table.insert(), rows)
            written[table.name] = rows
        if store.engine.dialect.name == "postgresql":
            for table in meta.sorted_tables:
                if "id" in table.columns and table.name in written:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), {ROWS})"
                    )
    return written


def read_every_table(store: Store, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    meta = MetaData()
    meta.reflect(store.engine, only=tables)
    seen = {}
    with store.engine.connect() as connection:
        for name in tables:
            table = meta.tables[name]
            order = list(table.primary_key.columns) or list(table.columns)
            seen[name] = [
                dict(row) for row in connection.execute(select(table).order_by(*order)).mappings()
            ]
    return seen


def assert_nothing_lost(before: dict, after: dict) -> None:
    for table, rows in before.items():
        assert len(after[table]) == len(rows), (
            f"{table}: {len(rows)} rows became {len(after[table])}"
        )
        for old, new in zip(rows, after[table], strict=True):
            for column, value in old.items():
                assert column in new or (table, column) in EXPECTED_CHANGES, (
                    f"{table}.{column} disappeared"
                )
                change = EXPECTED_CHANGES.get((table, column))
                expected = change(value) if change else value
                assert new[column] == expected, (table, column, value, new[column])


def _sqlite_sound(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


@pytest.fixture
def with_probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The real migrations plus the probe on top; ``with_probe(fail=...)`` to make it fail."""

    def install(fail: str = "", fail_after: str = "") -> str:
        scripts = tmp_path / "migrations"
        shutil.rmtree(scripts, ignore_errors=True)
        shutil.copytree(
            runner.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__")
        )
        (scripts / "versions" / f"{PROBE}.py").write_text(
            PROBE_MIGRATION.format(
                probe=PROBE,
                head=migrations.HEAD_REVISION,
                fail=fail or "pass",
                fail_after=fail_after or "pass",
            )
        )
        monkeypatch.setattr(runner, "MIGRATIONS_DIR", scripts)
        monkeypatch.setattr(migrations, "KNOWN_REVISIONS", (*migrations.KNOWN_REVISIONS, PROBE))
        monkeypatch.setattr(migrations, "HEAD_REVISION", PROBE)
        return PROBE

    return install


def _at_first_revision(store: Store) -> None:
    command.upgrade(runner.alembic_config(store), FIRST)
    assert current_revision(store) == FIRST


# --- the promises ----------------------------------------------------------------------------


def test_a_first_schema_store_upgraded_to_head_keeps_every_row(
    backend: str, bare_store: Store, with_probe, capfd: pytest.CaptureFixture[str]
) -> None:
    _at_first_revision(bare_store)
    before = fill_every_table(bare_store)
    assert before and all(len(rows) == ROWS for rows in before.values())
    before = read_every_table(bare_store, list(before))
    bare_store.close()
    with_probe()

    upgraded = open_store(
        str(bare_store.path)
        if bare_store.path
        else bare_store.url.render_as_string(hide_password=False)
    )
    try:
        assert current_revision(upgraded) == PROBE
        after = read_every_table(upgraded, list(before))
        assert_nothing_lost(before, after)
        columns = {c["name"] for c in inspect(upgraded.engine).get_columns("contact")}
        assert "safety_probe" in columns, "the probe migration did not run"
    finally:
        upgraded.close()

    if backend == "sqlite":
        path = bare_store.path
        _sqlite_sound(path)
        copies = sorted(path.parent.glob("netcrm.db.bak-*"))
        assert len(copies) == 1
        assert re.fullmatch(r"netcrm\.db\.bak-\d{14}", copies[0].name)
        assert "a copy was saved to" in capfd.readouterr().err
        # The copy is the store as it was before the upgrade.
        copy = open_store(str(copies[0]), migrate=False)
        try:
            assert current_revision(copy) == FIRST
            assert_nothing_lost(before, read_every_table(copy, list(before)))
        finally:
            copy.close()
        _sqlite_sound(copies[0])


def test_the_real_migrations_alone_keep_every_row(backend: str, bare_store: Store) -> None:
    """Without the probe: first revision, filled, then every real migration up to head."""
    _at_first_revision(bare_store)
    before = read_every_table(bare_store, list(fill_every_table(bare_store)))
    command.upgrade(runner.alembic_config(bare_store), "head")
    assert current_revision(bare_store) == migrations.HEAD_REVISION
    assert_nothing_lost(before, read_every_table(bare_store, list(before)))
    if bare_store.path:
        _sqlite_sound(bare_store.path)


def test_only_the_last_few_upgrade_backups_are_kept(
    backend: str, bare_store: Store, with_probe
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL stores are backed up with pg_dump, not by netcrm")
    _at_first_revision(bare_store)
    fill_every_table(bare_store)
    path = bare_store.path
    bare_store.close()
    old = [path.with_name(f"netcrm.db.bak-2020010100000{i}") for i in range(7)]
    for stale in old:
        stale.write_bytes(b"old copy")
    with_probe()
    open_store(str(path)).close()
    kept = sorted(path.parent.glob("netcrm.db.bak-*"))
    assert len(kept) == KEEP_UPGRADE_BACKUPS
    assert kept[:-1] == old[-(KEEP_UPGRADE_BACKUPS - 1) :]
    assert kept[-1] not in old
    assert kept[-1].stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_failing_migration_leaves_the_store_as_it_was(
    backend: str, bare_store: Store, with_probe, where: str
) -> None:
    """Half a migration is never committed: the store stays at the old revision, whole."""
    _at_first_revision(bare_store)
    tables = list(fill_every_table(bare_store))
    before = read_every_table(bare_store, tables)
    target = (
        str(bare_store.path)
        if bare_store.path
        else bare_store.url.render_as_string(hide_password=False)
    )
    bare_store.close()
    boom = "raise RuntimeError('disk unplugged')"
    with_probe(**({"fail": boom} if where == "before" else {"fail_after": boom}))

    with pytest.raises(StoreError, match="left as it was") as raised:
        open_store(target)
    assert "disk unplugged" in str(raised.value)

    store = open_store(target, migrate=False)
    try:
        assert current_revision(store) == FIRST
        columns = {c["name"] for c in inspect(store.engine).get_columns("contact")}
        assert "safety_probe" not in columns, "half a migration was committed"
        assert_nothing_lost(before, read_every_table(store, tables))
    finally:
        store.close()
    if backend == "sqlite":
        _sqlite_sound(Path(target))


def test_every_migration_goes_down_and_up_again(backend: str, bare_store: Store) -> None:
    config = runner.alembic_config(bare_store)
    previous = "base"
    for revision in migrations.KNOWN_REVISIONS:
        command.upgrade(config, revision)
        command.downgrade(config, previous)
        assert current_revision(bare_store) in (None, previous)
        command.upgrade(config, revision)
        assert current_revision(bare_store) == revision
        previous = revision
    command.downgrade(config, "base")
    left = set(inspect(bare_store.engine).get_table_names()) - {"alembic_version"}
    assert left == set(), f"downgrading to base left tables behind: {left}"
    command.upgrade(config, "head")
    assert current_revision(bare_store) == migrations.HEAD_REVISION
