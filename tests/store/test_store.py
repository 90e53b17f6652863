"""The store: connection pragmas, honest datetimes, private files, refusing foreign files,
and a migration history that matches the models."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import select

from netcrm.domain.errors import StoreError
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.records import ContactInput
from netcrm.store.engine import Store, current_revision, open_store
from netcrm.store.migrations import HEAD_REVISION, KNOWN_REVISIONS
from netcrm.store.models import Contact, metadata


def _file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- pragmas -------------------------------------------------------------------------------------


def _pragmas(connection) -> tuple[int, str, int]:
    return (
        connection.exec_driver_sql("PRAGMA foreign_keys").scalar(),
        connection.exec_driver_sql("PRAGMA journal_mode").scalar(),
        connection.exec_driver_sql("PRAGMA busy_timeout").scalar(),
    )


def test_every_connection_has_the_pragmas(store: Store) -> None:
    # Two connections open at once: the second one is new, not the pooled first.
    with store.engine.connect() as first, store.engine.connect() as second:
        for connection in (first, second):
            foreign_keys, journal_mode, busy_timeout = _pragmas(connection)
            assert foreign_keys == 1
            assert journal_mode.lower() == "wal"
            assert busy_timeout > 0


def test_pragmas_hold_after_the_pool_is_recycled(store: Store) -> None:
    store.engine.dispose()
    with store.engine.connect() as connection:
        assert _pragmas(connection)[0] == 1
        assert _pragmas(connection)[1].lower() == "wal"


def test_foreign_keys_are_enforced(store: Store) -> None:
    with store.session() as session, pytest.raises(IntegrityError, match="FOREIGN KEY"):
        session.execute(
            text(
                "INSERT INTO email (contact_id, address, address_key) "
                "VALUES (424242, 'a@b.c', 'a@b.c')"
            )
        )


# --- datetimes -----------------------------------------------------------------------------------


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    jakarta = timezone(timedelta(hours=7))
    written = datetime(2026, 11, 25, 9, 30, tzinfo=jakarta)
    with store.session() as session:
        session.add(Contact(name="Budi", name_key="budi", created_at=written, updated_at=written))
        session.commit()
    store.engine.dispose()
    with store.session() as session:
        contact = session.exec(select(Contact)).one()
    assert contact.created_at.tzinfo is not None
    assert contact.created_at.utcoffset() == timedelta(0)
    assert contact.created_at == written
    assert contact.created_at.hour == 2  # 09:30 in Jakarta is 02:30 UTC


def test_raw_rows_hold_utc(store: Store) -> None:
    written = datetime(2026, 11, 25, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    with store.session() as session:
        session.add(Contact(name="Ana", name_key="ana", created_at=written, updated_at=written))
        session.commit()
    with store.engine.connect() as connection:
        raw = connection.exec_driver_sql("SELECT created_at FROM contact").scalar()
    assert str(raw).startswith("2026-11-26 04:30")


def test_naive_datetimes_are_refused(store: Store) -> None:
    naive = datetime(2026, 11, 25, 12, 0)
    with store.session() as session:
        session.add(Contact(name="Naive", name_key="naive", created_at=naive, updated_at=naive))
        with pytest.raises((StatementError, ValueError), match="naive"):
            session.commit()
    with store.session() as session:
        assert session.exec(select(Contact)).all() == []


def test_service_writes_are_aware(store: Store, clock: Clock) -> None:
    detail = add_contact(store, ContactInput(name="Siti"), clock)
    with store.session() as session:
        row = session.get(Contact, detail.id)
    assert row.created_at.tzinfo is not None
    assert row.created_at == clock.now()
    assert row.created_at.astimezone(UTC).utcoffset() == timedelta(0)


# --- files ---------------------------------------------------------------------------------------


def test_a_new_store_is_private(tmp_path: Path) -> None:
    folder = tmp_path / "fresh" / "netcrm"
    path = folder / "netcrm.db"
    store = open_store(str(path))
    try:
        assert path.exists()
        assert _file_mode(path) == 0o600
        assert _file_mode(folder) == 0o700
        for sibling in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if sibling.exists():
                assert _file_mode(sibling) & 0o077 == 0
    finally:
        store.close()


def test_an_existing_folder_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    store = open_store(str(folder / "netcrm.db"))
    store.close()
    assert _file_mode(folder) == 0o755
    assert _file_mode(folder / "netcrm.db") == 0o600


@pytest.mark.parametrize(
    "content",
    [
        b"name,email\nBudi,budi@example.com\n",
        b"\x00\x01\x02 not a database at all" * 100,
        "José Núñez 🙂\n".encode(),
    ],
    ids=["csv", "binary", "utf8"],
)
def test_a_foreign_file_is_refused_and_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    path.chmod(0o644)
    before = path.stat()
    with pytest.raises(StoreError, match="not a netcrm database"):
        open_store(str(path))
    assert path.read_bytes() == content
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, _file_mode(path)) == (
        before.st_size,
        before.st_mtime_ns,
        0o644,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    store = open_store(str(path))
    try:
        assert current_revision(store) == HEAD_REVISION
    finally:
        store.close()


def test_reopening_keeps_the_data(db_path: Path, clock: Clock) -> None:
    first = open_store(str(db_path))
    add_contact(first, ContactInput(name="Budi Santoso"), clock)
    first.close()
    again = open_store(str(db_path))
    try:
        with again.session() as session:
            assert [c.name for c in session.exec(select(Contact)).all()] == ["Budi Santoso"]
    finally:
        again.close()


def test_a_store_from_a_newer_netcrm_is_refused(db_path: Path) -> None:
    store = open_store(str(db_path))
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match="newer netcrm"):
        open_store(str(db_path))


# --- migrations ----------------------------------------------------------------------------------


def _script_directory():
    from alembic.script import ScriptDirectory

    from netcrm.store.migrations.runner import MIGRATIONS_DIR

    return ScriptDirectory(str(MIGRATIONS_DIR))


def test_known_revisions_match_alembic() -> None:
    script = _script_directory()
    assert script.get_heads() == [HEAD_REVISION]
    oldest_first = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(oldest_first) == KNOWN_REVISIONS
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def _tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_on_an_empty_store(db_path: Path) -> None:
    from netcrm.store.migrations.runner import downgrade_to, upgrade_to_head

    store = open_store(str(db_path))
    try:
        assert _tables(store) == set(metadata.tables)
        assert current_revision(store) == HEAD_REVISION
        downgrade_to(store, "base")
        assert _tables(store) == set()
        assert current_revision(store) is None
        upgrade_to_head(store, from_revision=None)
        assert _tables(store) == set(metadata.tables)
        assert current_revision(store) == HEAD_REVISION
        with store.engine.connect() as connection:
            revision = connection.execute(
                text("SELECT value FROM meta WHERE key = 'revision'")
            ).scalar()
        assert revision == "0"
    finally:
        store.close()


def test_models_match_the_migrated_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, metadata)
    assert differences == []


@pytest.mark.slow
def test_opening_at_head_does_not_import_alembic(db_path: Path) -> None:
    import subprocess
    import sys

    open_store(str(db_path)).close()
    code = (
        "import sys; from netcrm.store.engine import open_store; "
        f"open_store({str(db_path)!r}).close(); "
        "print('alembic' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
