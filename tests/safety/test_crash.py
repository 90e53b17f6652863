"""A ``kill -9`` in the middle of a write leaves a sound store holding all or none of it.

Real processes, real signals: the writer is a separate Python process running netcrm's CLI,
and it is killed with SIGKILL while its transaction is open (seen from outside: the store
has grown on disk by a good part of what the write adds, uncommitted pages included).
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from safety.helpers import cli, python_process, scalar, sqlite_integrity

pytestmark = pytest.mark.slow

FOLLOWERS = 150_000


def _instagram_export(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "followers_1.json"
    entries = [
        {
            "title": "",
            "media_list_data": [],
            "string_list_data": [
                {
                    "href": f"https://www.instagram.com/follower{i}",
                    "value": f"follower{i}",
                    "timestamp": 1_700_000_000 + i,
                }
            ],
        }
        for i in range(count)
    ]
    path.write_text(json.dumps(entries))
    return path


def _bytes_on_disk(db: str) -> int:
    """How much the store occupies now, uncommitted writes included."""
    if "://" not in db:
        return sum(
            Path(f"{db}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{db}{suffix}").exists()
        )
    url = make_url(db)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            return connection.execute(
                text("SELECT pg_database_size(:name)"), {"name": url.database}
            ).scalar()
    finally:
        engine.dispose()


def _deep_into_writing(db: str, start: int):
    """True once the writer has put a good part of the import on disk (a fifth or so)."""
    return lambda: _bytes_on_disk(db) - start > 12 * 1024 * 1024


def _wait_until(condition, process, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the writer ended before {what}: {process.returncode} {err[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _kill(process) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def _assert_sound(db: str, backend: str) -> None:
    if backend == "sqlite":
        assert sqlite_integrity(db) == ("ok", [])
    check = cli("db", "check", db=db)
    assert check.returncode == 0, check.stdout + check.stderr


IMPORTER = """
import sys
from netcrm.cli.commands import cli, run
sys.exit(run(cli, ["--db", sys.argv[1], "import", "instagram", sys.argv[2]]))
"""


def test_kill_during_a_150k_follower_import_leaves_none_of_it(
    store_url: str, backend: str, tmp_path: Path
) -> None:
    assert cli("add", "Budi Santoso", "--handle", "instagram:budisan", db=store_url).returncode == 0
    assert cli("log", "budi", "--note", "coffee", db=store_url).returncode == 0
    before = scalar(store_url, "SELECT COUNT(*) FROM contact")
    revision = scalar(store_url, "SELECT value FROM meta WHERE key = 'revision'")
    export = _instagram_export(tmp_path / "export", FOLLOWERS)

    start = _bytes_on_disk(store_url)
    importer = python_process(IMPORTER, store_url, str(export))
    _wait_until(_deep_into_writing(store_url, start), importer, 600, "the import wrote a lot")
    _kill(importer)

    _assert_sound(store_url, backend)
    assert scalar(store_url, "SELECT COUNT(*) FROM contact") == before, "part of an import stayed"
    assert scalar(store_url, "SELECT COUNT(*) FROM handle") == 1
    assert scalar(store_url, "SELECT value FROM meta WHERE key = 'revision'") == revision
    # The store is usable straight away.
    shown = cli("show", "budi", "--json", db=store_url)
    assert shown.returncode == 0, shown.stderr
    assert [c["summary"] for c in json.loads(shown.stdout)["conversations"]] == ["coffee"]
    assert cli("add", "Siti", db=store_url).returncode == 0


LOGGER = """
import sys
from netcrm.cli.commands import cli, run
db, start = sys.argv[1], int(sys.argv[2])
i = start
while True:
    i += 1
    code = run(cli, ["--db", db, "log", "Budi Santoso", "--with", "Siti", "--note", f"talk {i}",
                     "--learned", f"skill {i}", "--exchange", "gave: an intro",
                     "--follow-up", "in 2 weeks", "--about", f"promise {i}"])
    if code:
        sys.exit(code)
"""


def _log_counts(db: str) -> dict[str, int]:
    sql = {
        "conversations": "SELECT COUNT(*) FROM conversation",
        "participants": "SELECT COUNT(*) FROM participant",
        "strengths": "SELECT COUNT(*) FROM strength",
        "exchanges": "SELECT COUNT(*) FROM exchange",
        "follow_ups": "SELECT COUNT(*) FROM follow_up",
        "budi_count": "SELECT conversation_count FROM contact WHERE name = 'Budi Santoso'",
        "siti_count": "SELECT conversation_count FROM contact WHERE name = 'Siti'",
        "revision": "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision'",
    }
    return {key: scalar(db, query) for key, query in sql.items()}


def test_kill_during_a_stream_of_logs_keeps_each_conversation_whole(
    store_url: str, backend: str
) -> None:
    """Each ``log`` writes seven kinds of rows; after a kill, every conversation has all."""
    assert cli("add", "Budi Santoso", db=store_url).returncode == 0
    assert cli("add", "Siti", db=store_url).returncode == 0
    base_revision = _log_counts(store_url)["revision"]
    rng = random.Random(5)
    for _round in range(3):
        done = _log_counts(store_url)["conversations"]
        logger = python_process(LOGGER, store_url, str(done))
        target = done + rng.randint(5, 15)
        _wait_until(
            lambda target=target: scalar(store_url, "SELECT COUNT(*) FROM conversation") >= target,
            logger,
            300,
            "enough conversations were logged",
        )
        time.sleep(rng.uniform(0, 0.2))
        _kill(logger)

        _assert_sound(store_url, backend)
        counts = _log_counts(store_url)
        n = counts["conversations"]
        assert counts == {
            "conversations": n,
            "participants": 2 * n,
            "strengths": 2 * n,
            "exchanges": 2 * n,
            "follow_ups": n,
            "budi_count": n,
            "siti_count": n,
            "revision": base_revision + n,
        }
