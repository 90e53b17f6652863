"""``netcrm db``: path, check (and that it notices damage), backup while writing, copy."""

from __future__ import annotations

import re
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest
from backends import pg_databases

from safety.helpers import cli, python_process, sqlite_integrity, store_digest


def _fill(db: str) -> None:
    for args in (
        [
            "add",
            "Budi Santoso",
            "--handle",
            "instagram:budisan",
            "--email",
            "budi@example.id",
            "--tag",
            "design",
            "--every",
            "every 2 weeks",
            "--birthday",
            "1990-12-01",
        ],
        ["add", "Zoë 🎉 Ñúñez", "--notes", "مرحبا — e\u0301 combining"],
        [
            "log",
            "budi",
            "--with",
            "Zoë",
            "--via",
            "call",
            "--note",
            "Design systems",
            "--learned",
            "UX research",
            "--shared",
            "Python",
            "--exchange",
            "gave: an intro",
            "--follow-up",
            "in 2 weeks",
            "--about",
            "send the talk",
            "--initiated",
            "me",
        ],
        ["follow-up", "Zoë", "next month", "--every", "monthly"],
        ["me", "add", "public speaking"],
        ["rm", "Zoë"],
    ):
        result = cli(*args, db=db)
        assert result.returncode == 0, result.stderr


def test_db_path_prints_the_store_and_hides_passwords(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "netcrm.db"
    result = cli("db", "path", db=str(path))
    assert result.returncode == 0
    assert result.stdout.strip() == str(path)
    assert not path.parent.exists(), "db path must not create anything"
    url = "postgresql+psycopg://me:s3cret@db.example:5432/netcrm"
    result = cli("db", "path", db=url)
    assert result.returncode == 0
    assert "s3cret" not in result.stdout
    assert result.stdout.strip() == "postgresql+psycopg://me:***@db.example:5432/netcrm"


def test_db_check_reports_a_sound_store(store_url: str) -> None:
    _fill(store_url)
    result = cli("db", "check", db=store_url)
    assert result.returncode == 0, result.stderr
    assert "Schema: 0001" in result.stdout or "Schema: " in result.stdout
    assert "Holds 2 contacts (1 in the trash), 1 conversation, 2 follow-ups." in result.stdout
    assert "OK:" in result.stdout


def test_db_check_on_a_missing_store_is_not_found(tmp_path: Path) -> None:
    path = tmp_path / "netcrm.db"
    result = cli("db", "check", db=str(path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"netcrm: There is no netcrm store at {path} yet."
    assert not path.exists()


def test_db_check_notices_rows_pointing_nowhere(store_url: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL enforces foreign keys; there is no way to store an orphan")
    _fill(store_url)
    connection = sqlite3.connect(store_url)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM contact WHERE name = 'Budi Santoso'")
    connection.commit()
    connection.close()
    result = cli("db", "check", db=store_url)
    assert result.returncode == 1
    assert "point to a missing contact" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("netcrm: The store ")
    assert "damaged" in result.stderr


def test_db_check_notices_a_damaged_file(store_url: str, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("page-level damage is a SQLite file concern")
    assert cli("add", "Budi", db=store_url).returncode == 0
    connection = sqlite3.connect(store_url)
    connection.executemany(
        "INSERT INTO email (contact_id, address, address_key) VALUES (1, ?, ?)",
        [(f"a{i}@b.c", f"a{i}@b.c") for i in range(5000)],
    )
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    # Scribble over a few pages in the middle of the file, as a failing disk might.
    data = bytearray(Path(store_url).read_bytes())
    page = 4096
    middle = len(data) // 2 // page * page
    for offset in range(middle, middle + 4 * page, page):
        data[offset + 100 : offset + 400] = b"\xff" * 300
    Path(store_url).write_bytes(bytes(data))
    result = cli("db", "check", db=store_url)
    assert result.returncode == 1, result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("netcrm: ")
    assert "Traceback" not in result.stderr


def test_db_check_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    result = cli("db", "check", db=str(path))
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"netcrm: {path} is not a netcrm database; it was left untouched."
    )
    assert path.read_text() == "my notes\n"


def test_db_backup_makes_a_private_consistent_copy(store_url: str, backend: str) -> None:
    if backend != "sqlite":
        result = cli("db", "backup", db=store_url)
        assert result.returncode == 2
        assert "pg_dump" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        return
    _fill(store_url)
    result = cli("db", "backup", db=store_url)
    assert result.returncode == 0, result.stderr
    folder = Path(store_url).parent
    copies = list(folder.glob("netcrm-backup-*.db"))
    assert len(copies) == 1
    assert re.fullmatch(r"netcrm-backup-\d{14}\.db", copies[0].name)
    assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
    # A copy is self-contained: no -wal beside it is needed.
    connection = sqlite3.connect(copies[0])
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()
    assert sqlite_integrity(copies[0]) == ("ok", [])
    assert store_digest(str(copies[0])) == store_digest(store_url)


def test_db_backup_to_a_named_file_refuses_to_overwrite(
    store_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL backups are pg_dump's job")
    target = tmp_path / "mine.db"
    assert cli("db", "backup", str(target), db=store_url).returncode == 0
    before = target.read_bytes()
    again = cli("db", "backup", str(target), db=store_url)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert target.read_bytes() == before
    itself = cli("db", "backup", store_url, db=store_url)
    assert itself.returncode == 2


WRITER = """
import sys
from netcrm.cli.commands import cli, run
db = sys.argv[1]
i = 0
while True:
    i += 1
    code = run(cli, ["--db", db, "log", "Budi Santoso", "--note", f"talk {i}",
                     "--exchange", "gave: a tip", "--follow-up", "in 2 weeks"])
    if code:
        sys.exit(code)
"""


@pytest.mark.slow
def test_db_backup_while_another_process_writes(store_url: str, backend: str) -> None:
    """The copy is a snapshot of one moment: every conversation in it is whole."""
    if backend != "sqlite":
        pytest.skip("PostgreSQL backups are pg_dump's job")
    _fill(store_url)
    writer = python_process(WRITER, store_url)
    try:
        deadline = time.monotonic() + 60
        while _conversations(store_url) < 15 and time.monotonic() < deadline:
            assert writer.poll() is None, writer.communicate()
            time.sleep(0.05)
        copies = []
        for n in range(5):
            result = cli("db", "backup", str(Path(store_url).parent / f"copy{n}.db"), db=store_url)
            assert result.returncode == 0, result.stderr
            copies.append(Path(store_url).parent / f"copy{n}.db")
        assert writer.poll() is None, "the writer must still be writing while we copy"
    finally:
        writer.kill()
        writer.wait()
    for copy in copies:
        assert sqlite_integrity(copy) == ("ok", [])
        check = cli("db", "check", db=str(copy))
        assert check.returncode == 0, check.stderr
        connection = sqlite3.connect(copy)
        conversations = connection.execute("SELECT COUNT(*) FROM conversation").fetchone()[0]
        for table in ("participant", "exchange", "follow_up"):
            count = connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            # _fill wrote one conversation with two participants and two follow-ups.
            extra = {"participant": 1, "exchange": 1, "follow_up": 1}[table]
            assert count == conversations + extra, (table, count, conversations)
        connection.close()


def _conversations(db: str) -> int:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return connection.execute("SELECT COUNT(*) FROM conversation").fetchone()[0]
    finally:
        connection.close()


def test_db_copy_moves_everything_to_another_store(backend: str, tmp_path: Path) -> None:
    """A SQLite store copied to PostgreSQL (or, without a server, to another SQLite file)."""
    source = str(tmp_path / "laptop" / "netcrm.db")
    _fill(source)
    before_show = cli("show", "budi", "--json", db=source).stdout
    before_trash = cli("trash", "--json", db=source).stdout
    if backend == "postgresql":
        databases = pg_databases()
        target = databases.fresh(migrated=False)
    else:
        target = str(tmp_path / "elsewhere" / "copy.db")
    try:
        result = cli("db", "copy", "--to", target, db=source)
        assert result.returncode == 0, result.stderr
        assert "Copied 2 contacts, 1 conversation" in result.stdout
        assert store_digest(target) == store_digest(source)
        assert cli("show", "budi", "--json", db=target).stdout == before_show
        assert cli("trash", "--json", db=target).stdout == before_trash
        # New rows get new ids (PostgreSQL sequences moved past the copied ones).
        added = cli("add", "Siti", db=target)
        assert added.returncode == 0, added.stderr
        assert "(#3)" in added.stdout
        logged = cli("log", "siti", "--follow-up", "in 3 days", "--learned", "Go", db=target)
        assert logged.returncode == 0, logged.stderr
        assert cli("db", "check", db=target).returncode == 0
        # A second copy into the now non-empty target is refused and changes nothing.
        before = store_digest(target)
        again = cli("db", "copy", "--to", target, db=source)
        assert again.returncode == 2
        assert "already holds" in again.stderr
        assert store_digest(target) == before
    finally:
        if backend == "postgresql":
            databases.drop(target)


def test_db_copy_refuses_the_store_itself(store_url: str) -> None:
    before = store_digest(store_url)
    result = cli("db", "copy", "--to", store_url, db=store_url)
    assert result.returncode == 2
    assert store_digest(store_url) == before


def test_db_copy_from_postgresql_to_a_sqlite_snapshot(
    store_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("the SQLite → SQLite direction is covered above")
    _fill(store_url)
    target = tmp_path / "snapshot.db"
    result = cli("db", "copy", "--to", str(target), db=store_url)
    assert result.returncode == 0, result.stderr
    assert store_digest(str(target)) == store_digest(store_url)
    assert sqlite_integrity(target) == ("ok", [])


def test_db_copy_is_all_or_nothing(
    store_url: str, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that fails half-way leaves the target empty."""
    from netcrm.store import copy as copy_module

    _fill(store_url)
    target = str(tmp_path / "half.db")
    real = copy_module._copy_table
    calls = threading.local()

    def failing(reader, writer, table, progress):
        calls.n = getattr(calls, "n", 0) + 1
        if calls.n == 4:
            raise OSError("simulated failure")
        return real(reader, writer, table, progress)

    monkeypatch.setattr(copy_module, "_copy_table", failing)
    failed = cli("db", "copy", "--to", target, db=store_url)
    assert failed.returncode != 0
    assert "simulated failure" in failed.stderr
    monkeypatch.setattr(copy_module, "_copy_table", real)
    result = cli("db", "check", db=target)
    assert result.returncode == 0, result.stderr
    assert "Holds 0 contacts, 0 conversations, 0 follow-ups." in result.stdout
    # ...and can then receive the copy.
    assert cli("db", "copy", "--to", target, db=store_url).returncode == 0
