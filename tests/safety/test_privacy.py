"""Privacy: private files, nothing in logs, no network, no passwords on screen."""

from __future__ import annotations

import logging
import os
import socket
import stat
from pathlib import Path

import pytest

from safety.helpers import cli, netcrm

PERSONAL = ("Budi Secretname", "budi.secret@example.id", "private note about the divorce")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _fill(db: str) -> None:
    name, email, note = PERSONAL
    for args in (
        ["add", name, "--email", email, "--notes", note, "--birthday", "1990-05-01"],
        ["log", name, "--note", note, "--learned", "secret skill", "--follow-up", "in 2 weeks"],
    ):
        result = cli(*args, db=db)
        assert result.returncode == 0, result.stderr


def test_a_new_store_is_0600_in_a_0700_folder_whatever_the_umask(tmp_path: Path) -> None:
    """A real process with the usual umask 022 creating the default layout."""
    folder = tmp_path / "home" / ".local" / "share" / "netcrm"
    db = folder / "netcrm.db"
    old = os.umask(0o022)
    try:
        result = netcrm("add", "Budi", db=str(db))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert _mode(folder) == 0o700
    assert _mode(db) == 0o600
    for sidecar in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if sidecar.exists():
            assert _mode(sidecar) == 0o600, sidecar


@pytest.mark.parametrize("fmt", ["json", "csv", "vcard", "ics"])
def test_exports_are_0600_even_over_a_world_readable_file(tmp_path: Path, fmt: str) -> None:
    db = str(tmp_path / "netcrm.db")
    _fill(db)
    target = tmp_path / f"export.{fmt}"
    target.write_text("old")
    target.chmod(0o644)
    result = cli("export", fmt, "-o", str(target), db=db)
    assert result.returncode == 0, result.stderr
    assert _mode(target) == 0o600
    assert target.read_text() != "old"


def test_backups_and_copies_are_0600(tmp_path: Path) -> None:
    db = str(tmp_path / "netcrm.db")
    _fill(db)
    assert cli("db", "backup", str(tmp_path / "b.db"), db=db).returncode == 0
    assert _mode(tmp_path / "b.db") == 0o600
    assert cli("db", "copy", "--to", str(tmp_path / "copy" / "c.db"), db=db).returncode == 0
    assert _mode(tmp_path / "copy" / "c.db") == 0o600
    assert _mode(tmp_path / "copy") == 0o700


def test_nothing_personal_reaches_a_log_even_with_logging_turned_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Everything at DEBUG, SQLAlchemy's statement log switched on as someone debugging would."""
    db = str(tmp_path / "netcrm.db")
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    _fill(db)
    for args in (
        ["show", PERSONAL[0]],
        ["search", "secret"],
        ["due", "--days", "30"],
        ["who-can", "secret skill"],
        ["export", "json", "-o", str(tmp_path / "out.json")],
        ["db", "check"],
        ["rm", PERSONAL[0]],
        ["trash"],
    ):
        assert cli(*args, db=db).returncode == 0, args
    assert caplog.records, "the test must really capture log records"
    for record in caplog.records:
        message = record.getMessage()
        for secret in PERSONAL:
            assert secret.lower() not in message.lower(), (record.name, message[:300])


def test_database_errors_do_not_echo_personal_values(tmp_path: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from netcrm.store.engine import open_store

    store = open_store(str(tmp_path / "netcrm.db"))
    try:
        with store.session() as session, pytest.raises(IntegrityError) as raised:
            session.execute(
                text("INSERT INTO email (contact_id, address, address_key) VALUES (4242, :a, :a)"),
                {"a": PERSONAL[1]},
            )
            session.flush()
    finally:
        store.close()
    assert PERSONAL[1] not in str(raised.value)


def test_no_network_connection_with_a_local_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[object] = []

    def refuse(self, address, *args, **kwargs):
        if self.family != socket.AF_UNIX:
            attempts.append(address)
            raise OSError("network use is not allowed in this test")
        return real_connect(self, address, *args, **kwargs)

    real_connect = socket.socket.connect
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    db = str(tmp_path / "netcrm.db")
    _fill(db)
    for args in (["review"], ["ladder", "--json"], ["export", "ics"], ["me"]):
        assert cli(*args, db=db).returncode == 0, args
    assert attempts == []


def test_a_password_in_the_url_is_never_shown(tmp_path: Path) -> None:
    url = "postgresql+psycopg://me:s3cret-pw@127.0.0.1:1/netcrm"
    for args in (["due"], ["db", "check"], ["db", "path"], ["db", "backup"]):
        result = cli(*args, db=url)
        assert "s3cret-pw" not in result.stdout + result.stderr, args
        assert "Traceback" not in result.stderr
    failed = cli("due", db=url)
    assert failed.returncode == 2
    assert failed.stderr.startswith("netcrm: ")
    assert len(failed.stderr.strip().splitlines()) == 1
