"""Two writers at once and a reader polling meanwhile: no "database is locked", nothing lost.

Real processes: two writers each log 25 conversations through the CLI (all with the same
person, so they fight over the same rows) and add 25 strengths of their own (the same names
in both, each of which must be created once), started at the same instant; a third process
holds the store open the way the TUI does and polls the review, search and one person's page
until they are done.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from safety.helpers import cli, python_process, scalar

pytestmark = pytest.mark.slow

PER_WRITER = 25

WRITER = """
import sys, time
from pathlib import Path
from netcrm.cli.commands import cli, run
db, who, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.002)
for i in range(int(sys.argv[4])):
    code = run(cli, ["--db", db, "log", "Budi Santoso", "--with", who, "--via", "call",
                     "--note", f"{who} {i}", "--learned", "listening", "--shared", "Python",
                     "--shared", f"{who} topic", "--exchange", f"gave: tip {i}",
                     "--follow-up", "in 2 weeks", "--about", f"{who} promise {i}"])
    if code:
        sys.exit(code)
    # Both writers name the same new strength at about the same moment.
    code = run(cli, ["--db", db, "me", "add", f"shared skill {i}"])
    if code:
        sys.exit(code)
"""

READER = """
import sys, time
from pathlib import Path
from netcrm.services.due.items import due_between
from netcrm.services.due.review import weekly_review
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.search import search
from netcrm.services.watch import store_revision
from netcrm.store.engine import open_store
db, go, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
clock = Clock()
store = open_store(db)
while not go.exists():
    time.sleep(0.002)
last, polls, talks = -1, 0, 0
while not stop.exists():
    revision = store_revision(store)
    if revision < last:
        sys.exit(f"the revision went back from {last} to {revision}")
    last = revision
    weekly_review(store, clock)
    due_between(store, clock.today(), 14)
    search(store, "bud", clock)
    seen = len(show_contact(store, "Budi Santoso", clock).conversations)
    if seen < talks:
        sys.exit(f"Budi's conversations went back from {talks} to {seen}")
    talks = seen
    polls += 1
print(polls)
"""


def test_two_writers_and_a_reader_never_hit_a_lock_and_lose_nothing(
    store_url: str, tmp_path: Path
) -> None:
    for name in ("Budi Santoso", "Siti", "Ayu"):
        assert cli("add", name, db=store_url).returncode == 0
    base_revision = int(scalar(store_url, "SELECT value FROM meta WHERE key = 'revision'"))
    go, stop = tmp_path / "go", tmp_path / "stop"
    reader = python_process(READER, store_url, str(go), str(stop))
    writers = [
        python_process(WRITER, store_url, who, str(go), str(PER_WRITER)) for who in ("Siti", "Ayu")
    ]
    time.sleep(1.0)  # let every process import and connect before the start signal
    go.touch()
    results = [w.communicate(timeout=600) for w in writers]
    stop.touch()
    reader_out, reader_err = reader.communicate(timeout=120)

    for writer, (_, err) in zip(writers, results, strict=True):
        assert "locked" not in err.lower(), err
        assert writer.returncode == 0, err
    assert reader.returncode == 0, reader_err
    assert int(reader_out.strip()) > 0, "the reader never got to read"

    total = 2 * PER_WRITER

    def count(sql: str) -> int:
        return int(scalar(store_url, sql))

    assert count("SELECT COUNT(*) FROM conversation") == total
    assert count("SELECT COUNT(*) FROM participant") == 2 * total
    assert count("SELECT COUNT(*) FROM exchange") == 2 * total
    assert count("SELECT COUNT(*) FROM follow_up") == total
    # Python, the two topics, and each shared skill once.
    assert count("SELECT COUNT(*) FROM my_strength") == 3 + PER_WRITER
    assert count("SELECT COUNT(*) FROM strength") == 3  # listening, once per person
    assert count("SELECT COUNT(*) FROM disclosure") == 3 + 2 + 2  # Budi hears all three
    assert count("SELECT conversation_count FROM contact WHERE name = 'Budi Santoso'") == total
    assert count("SELECT conversation_count FROM contact WHERE name = 'Siti'") == PER_WRITER
    assert count("SELECT conversation_count FROM contact WHERE name = 'Ayu'") == PER_WRITER
    assert count("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision'") == (
        base_revision + total + PER_WRITER  # each shared skill is written once, by either
    )
    check = cli("db", "check", db=store_url)
    assert check.returncode == 0, check.stdout + check.stderr
