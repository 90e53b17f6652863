"""A merge killed with SIGKILL halfway (everything moved, nothing committed) leaves both
people exactly as they were, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal

from safety.helpers import cli, python_process, sqlite_integrity, store_digest

#: Runs ``netcrm merge`` in a real process and stops it for good once every row has moved:
#: the merge reaches its recount of the kept person, says so, and waits to be killed.
HALFWAY = """
import sys, time
import netcrm.services.merging as merging
from netcrm.cli.commands import cli, run

def halfway(*args, **kwargs):
    print("halfway", flush=True)
    time.sleep(600)

merging.refresh_history = halfway
sys.exit(run(cli, ["--db", sys.argv[1], "merge", "Budi Santoso", "Budi", "Siti Rahma"]))
"""


def test_a_merge_killed_halfway_leaves_both_people_as_they_were(store_url, backend) -> None:
    for args in (
        ("add", "Budi Santoso", "--handle", "linkedin:budi-santoso", "--tag", "work"),
        ("add", "Budi", "--phone", "+62 812 555 1234", "--email", "budi@home.id"),
        ("add", "Siti Rahma", "--handle", "instagram:siti"),
        ("log", "Budi", "--with", "Siti", "--note", "coffee", "--learned", "UI"),
    ):
        assert cli(*args, db=store_url).returncode == 0
    before = store_digest(store_url)

    merging = python_process(HALFWAY, store_url)
    assert merging.stdout is not None
    line = merging.stdout.readline()
    assert line.strip() == "halfway", merging.stderr.read() if merging.stderr else line
    os.kill(merging.pid, signal.SIGKILL)
    merging.wait(timeout=30)
    assert merging.returncode == -signal.SIGKILL

    if backend == "sqlite":
        assert sqlite_integrity(store_url) == ("ok", [])
    assert store_digest(store_url) == before
    assert cli("show", "Budi", db=store_url).returncode == 0
    assert cli("merge", "Budi Santoso", "Budi", "Siti Rahma", db=store_url).returncode == 0
