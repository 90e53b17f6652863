"""Bad input, as a table: each case says one clear sentence on stderr, exits 2 (1 when
something is not found) and writes nothing. Text that is merely unusual (emoji, right-to-left,
combining marks) is kept exactly as typed.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import text

from netcrm.store.engine import open_store
from safety.helpers import REPO, cli, store_digest

TWO_MB = "x" * (2 * 1024 * 1024)

# (what, argv, exit code, words the sentence must contain)
CASES: list[tuple[str, list[str], int, str]] = [
    ("empty name", ["add", ""], 2, "cannot be blank"),
    ("blank name", ["add", "   "], 2, "cannot be blank"),
    ("whitespace-only name", ["add", "\t \u00a0\u2003"], 2, "cannot be blank"),
    ("blank name to log", ["log", "  "], 2, "Say who"),
    ("blank new name", ["edit", "Budi Santoso", "--name", " "], 2, "cannot be blank"),
    ("blank strength", ["me", "add", "  "], 2, "cannot be blank"),
    ("blank tag", ["add", "Siti", "--tag", " "], 2, "cannot be blank"),
    ("blank search", ["search", "   "], 2, "search for"),
    ("31 February (ISO)", ["add", "Siti", "--birthday", "2026-02-31"], 2, "does not exist"),
    ("31 February (words)", ["log", "Budi Santoso", "--when", "31 Feb"], 2, "does not exist"),
    ("30 February as follow-up", ["follow-up", "Budi Santoso", "2027-02-30"], 2, "does not exist"),
    ("31 April snooze", ["snooze", "1", "2027-04-31"], 2, "does not exist"),
    ("--today 31 Feb", ["--today", "2026-02-31", "due"], 2, "is not a date"),
    ("not a date", ["log", "Budi Santoso", "--when", "blorp 5"], 2, "2026-12-01"),
    (
        "unknown channel",
        ["log", "Budi Santoso", "--via", "telepathy"],
        2,
        'Unknown channel "telepathy"',
    ),
    ("unknown initiator", ["log", "Budi Santoso", "--initiated", "nobody"], 2, '"me" or "them"'),
    ("bad exchange", ["log", "Budi Santoso", "--exchange", "stole: a pen"], 2, '"gave: TEXT"'),
    ("zero cadence", ["add", "Siti", "--every", "every 0 days"], 2, "at least one"),
    ("negative cadence", ["add", "Siti", "--every", "every -2 weeks"], 2, "positive"),
    (
        "zero cadence on edit",
        ["edit", "Budi Santoso", "--every", "every 0 months"],
        2,
        "at least one",
    ),
    ("cadence that is a number", ["add", "Siti", "--every", "0"], 2, "interval"),
    (
        "zero recurrence",
        ["follow-up", "Budi Santoso", "tomorrow", "--every", "every 0 weeks"],
        2,
        "at least one",
    ),
    ("zero-day window", ["due", "--days", "0"], 2, "between 1 and"),
    ("negative window", ["due", "--days", "-5"], 2, "between 1 and"),
    (
        "follow-up 500 years out",
        ["follow-up", "Budi Santoso", "2526-01-01"],
        2,
        "too far in the future",
    ),
    (
        "in 500 years",
        ["log", "Budi Santoso", "--follow-up", "in 500 years"],
        2,
        "too far in the future",
    ),
    ("snooze 500 years", ["snooze", "1", "in 500 years"], 2, "too far in the future"),
    ("500 years ago", ["log", "Budi Santoso", "--when", "500 years ago"], 2, "too far in the past"),
    ("birthday 500 years ago", ["add", "Siti", "--birthday", "1526-01-01"], 2, "too far"),
    ("birthday in the future", ["add", "Siti", "--birthday", "2030-01-01"], 2, "future"),
    ("conversation in the future", ["log", "Budi Santoso", "--when", "in 3 days"], 2, "future"),
    (
        "follow-up in the past",
        ["log", "Budi Santoso", "--follow-up", "yesterday"],
        2,
        "today or later",
    ),
    ("NUL in a name", ["add", "Bu\x00di"], 2, "control character"),
    ("NUL in a note", ["log", "Budi Santoso", "--note", "a\x00b"], 2, "control character"),
    ("NUL in a company", ["add", "Siti", "--company", "Go\x00jek"], 2, "control character"),
    ("NUL in a strength", ["log", "Budi Santoso", "--learned", "U\x00X"], 2, "control character"),
    ("escape sequence in a name", ["add", "Bu\x1b[31mdi"], 2, "control character"),
    ("bell in a note", ["log", "Budi Santoso", "--note", "ring\x07"], 2, "control character"),
    ("newline in a name", ["add", "Bu\ndi"], 2, "one line"),
    ("a 300-character name", ["add", "N" * 300], 2, "longer than"),
    ("a 2 MB note", ["log", "Budi Santoso", "--note", TWO_MB], 2, "the limit is"),
    ("2 MB of contact notes", ["add", "Siti", "--notes", TWO_MB], 2, "the limit is"),
    (
        "2 MB follow-up text",
        ["follow-up", "Budi Santoso", "tomorrow", "--about", TWO_MB],
        2,
        "the limit is",
    ),
    ("bad handle", ["add", "Siti", "--handle", "nope"], 2, "PLATFORM:USER"),
    ("handle without a user", ["add", "Siti", "--handle", "instagram:"], 2, "PLATFORM:USER"),
    ("bad email", ["add", "Siti", "--email", "not-an-email"], 2, "not an email"),
    ("--about without --follow-up", ["log", "Budi Santoso", "--about", "x"], 2, "--follow-up"),
    ("unknown import format", ["import", "myspace", "x.json"], 2, "Unknown import format"),
    ("unknown export format", ["export", "pdf"], 2, "Unknown export format"),
    ("follow-up id not a number", ["done", "abc"], 2, "not a valid integer"),
    ("huge follow-up id", ["done", "99999999999999999999999"], 1, "No follow-up"),
    ("unknown follow-up", ["done", "999"], 1, "No follow-up with id 999"),
    ("unknown person", ["show", "Nobody Atall"], 1, 'No contact called "Nobody Atall"'),
    ("log with an unknown person", ["log", "Nobody Atall"], 1, "--create"),
    ("ambiguous name", ["log", "Bu"], 2, "matches several contacts"),
]


def _seed(db: str) -> None:
    for args in (
        ["add", "Budi Santoso"],
        ["add", "Budi Hartono"],
        ["follow-up", "Budi Santoso", "in 3 days"],
    ):
        assert cli(*args, db=db).returncode == 0, args


def assert_one_sentence(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr[:2000]
    line = lines[0]
    assert line.startswith("netcrm: "), line[:300]
    assert line.rstrip().endswith((".", "?")), line[:300]
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    assert len(line) < 400, "one sentence, not a dump"


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [pytest.param(argv, code, says, id=what) for what, argv, code, says in CASES],
)
def test_bad_input_says_one_sentence_and_writes_nothing(
    store_url: str, argv: list[str], code: int, says: str
) -> None:
    _seed(store_url)
    before = store_digest(store_url)
    result = cli(*argv, db=store_url)
    assert result.returncode == code, (result.stdout, result.stderr[:500])
    assert says in result.stderr, result.stderr[:500]
    assert_one_sentence(result.stderr)
    assert result.stdout == ""
    assert store_digest(store_url) == before, "an error wrote to the store"


KEPT = [
    "Zoë 🎉 Nguyễn",
    "مريم العلي",  # right-to-left
    "דוד כהן",  # Hebrew, right-to-left
    "Jose\u0301 Nu\u0301n\u0303ez",  # combining accents (NFD), not the precomposed é, ú, ñ
    "José Núñez",  # the same letters precomposed (NFC): a different string, kept apart
    "👩🏽‍💻 Dewi",  # skin tone and zero-width joiner
    "Ａｙｕ 山田",  # full-width and CJK
    "a\u200bb Zero-width",  # zero-width space
]


def test_unusual_text_is_kept_exactly(store_url: str) -> None:
    note = "\n".join(KEPT) + "\n\ttab-indented line — and ‮reversed‬ text"
    for name in KEPT:
        result = cli("add", name, "--duplicate", "--notes", note, "--company", name, db=store_url)
        assert result.returncode == 0, (name, result.stderr)
    logged = cli(
        "log", "#1", "--note", note, "--learned", KEPT[1], "--shared", KEPT[3], db=store_url
    )
    assert logged.returncode == 0, logged.stderr
    for number, name in enumerate(KEPT, start=1):
        shown = json.loads(cli("show", f"#{number}", "--json", db=store_url).stdout)
        assert shown["name"] == name
        assert shown["company"] == name
        assert shown["notes"] == note
    first = json.loads(cli("show", "#1", "--json", db=store_url).stdout)
    assert first["conversations"][0]["summary"] == note
    assert first["strengths"] == [KEPT[1]]
    # NFC and NFD spellings are two people, each found by its own spelling.
    assert unicodedata.normalize("NFC", KEPT[3]) == KEPT[4]
    assert json.loads(cli("show", KEPT[3], "--json", db=store_url).stdout)["name"] == KEPT[3]
    assert json.loads(cli("show", KEPT[4], "--json", db=store_url).stdout)["name"] == KEPT[4]
    # And every byte survives a backup and a restore into a new store.
    backup = cli("export", "json", db=store_url)
    assert backup.returncode == 0
    data = json.loads(backup.stdout)
    assert [c["name"] for c in data["contacts"]] == KEPT


# --- stores that cannot be used ------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign_sqlite(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()


NOT_A_STORE = {
    "text": lambda p: p.write_text("my notes\n"),
    "png": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    "random bytes": lambda p: p.write_bytes(os.urandom(4096)),
    "truncated sqlite header": lambda p: p.write_bytes(b"SQLite format"),
    "another program's sqlite": _foreign_sqlite,
}


@pytest.mark.parametrize("kind", list(NOT_A_STORE))
@pytest.mark.parametrize("argv", [["add", "Budi"], ["due"], ["db", "backup"], ["export", "json"]])
def test_a_file_that_is_not_a_store_is_left_byte_for_byte(
    tmp_path: Path, kind: str, argv: list[str]
) -> None:
    path = tmp_path / "netcrm.db"
    NOT_A_STORE[kind](path)
    before = _sha(path)
    result = cli(*argv, db=str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "left untouched" in result.stderr
    assert_one_sentence(result.stderr)
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["netcrm.db"], "nothing beside it"


def test_a_folder_given_as_the_store_is_refused(tmp_path: Path) -> None:
    result = cli("add", "Budi", db=str(tmp_path))
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert_one_sentence(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_missing_folders_for_a_new_store_are_created_private(tmp_path: Path) -> None:
    path = tmp_path / "not" / "there" / "yet" / "netcrm.db"
    result = cli("add", "Budi", db=str(path))
    assert result.returncode == 0, result.stderr
    assert path.exists()
    for folder in (tmp_path / "not", tmp_path / "not" / "there", path.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_a_store_path_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    result = cli("add", "Budi", db=str(tmp_path / "notes.txt" / "netcrm.db"))
    assert result.returncode == 2
    assert "Not a directory" in result.stderr or "not a folder" in result.stderr
    assert_one_sentence(result.stderr)
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_a_store_from_a_newer_netcrm_is_refused_not_migrated(store_url: str, backend: str) -> None:
    _seed(store_url)
    store = open_store(store_url, migrate=False)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    path = Path(store_url) if backend == "sqlite" else None
    before = _sha(path) if path else store_digest(store_url)
    for argv in (["add", "Siti"], ["due"], ["show", "Budi Santoso"], ["db", "check"]):
        result = cli(*argv, db=store_url)
        assert result.returncode == 2, (argv, result.stderr)
        assert "newer netcrm" in result.stderr and "9999" in result.stderr
        assert_one_sentence(result.stderr)
    after = _sha(path) if path else store_digest(store_url)
    assert after == before
    if path:
        assert not list(path.parent.glob("*.bak-*")), "no upgrade backup: nothing was upgraded"


# --- read-only stores: a real process that cannot write the file --------------------------

DROP_WRITE_OVERRIDE = """
import ctypes, os, runpy, sys
if os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH: root then obeys file modes
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            sys.exit(99)
    os.execv(sys.executable, [sys.executable, "-m", "netcrm", *sys.argv[1:]])
runpy.run_module("netcrm", run_name="__main__")
"""


def _as_a_user_who_cannot_write(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", DROP_WRITE_OVERRIDE, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def _can_drop_override() -> bool:
    if os.geteuid() != 0:
        return True
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(23, 1, 0, 0, 0) == 1  # PR_CAPBSET_READ: is CAP_DAC_OVERRIDE there to drop


def test_a_read_only_store_is_refused_with_a_clear_sentence(tmp_path: Path) -> None:
    if not _can_drop_override():
        pytest.skip("running as root without the capability to drop write overrides")
    path = tmp_path / "netcrm.db"
    assert cli("add", "Budi", db=str(path)).returncode == 0
    open_store(str(path)).close()  # checkpointed: the file alone holds everything
    path.chmod(0o444)
    before = _sha(path)
    try:
        result = _as_a_user_who_cannot_write("--db", str(path), "add", "Siti")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "read-only" in result.stderr
        assert_one_sentence(result.stderr)
        reading = _as_a_user_who_cannot_write("--db", str(path), "due")
        assert reading.returncode in (0, 2), reading.stderr
        if reading.returncode:
            assert "read-only" in reading.stderr
            assert_one_sentence(reading.stderr)
    finally:
        path.chmod(0o600)
    assert _sha(path) == before
