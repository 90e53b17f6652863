"""The CLI as a real process: ``python -m netcrm`` with ``--db`` and ``--today``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.cli.meeting import LOG_THE_MEETING

pytestmark = pytest.mark.slow

TODAY = "2026-11-25"


def netcrm_process(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m netcrm ARGS...`` in a fresh interpreter, never in debug mode."""
    environ = {k: v for k, v in os.environ.items() if k != "NETCRM_DEBUG"}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "netcrm", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environ,
        timeout=120,
    )


def netcrm(db: Path, *args: str, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    return netcrm_process(
        "--db", str(db), "--today", today, *args, PYTHONIOENCODING="utf-8", COLUMNS="80"
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert (result.returncode, result.stderr) == (0, ""), result
    return result.stdout


def test_both_moments_in_real_processes(tmp_path: Path) -> None:
    db = tmp_path / "store" / "netcrm.db"
    # Right after a meeting.
    assert (
        ok(
            netcrm(
                db,
                "add",
                "Budi Santoso",
                "--handle",
                "instagram:budisan",
                "--every",
                "every 2 weeks",
            )
        )
        == "Added Budi Santoso (#1) as a follower.\n"
    )
    assert (db.stat().st_mode & 0o777, db.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    out = ok(netcrm(db, *LOG_THE_MEETING))
    assert out == (
        "Logged a conversation with Budi Santoso.\n"
        "Budi Santoso: follower → mutual.\n"
        "Follow-up #1 due in 2 weeks (2026-12-09): Follow up with Budi Santoso.\n"
    )
    items = json.loads(ok(netcrm(db, "due", "--days", "15", "--json")))
    assert [(i["id"], i["kind"], i["due"], i["overdue_days"]) for i in items] == [
        (None, "keep-in-touch", "2026-12-08", 0),
        (1, "follow-up", "2026-12-09", 0),
    ]
    assert all({"id", "contact", "kind", "due", "overdue_days", "title"} <= set(i) for i in items)
    shown = json.loads(ok(netcrm(db, "show", "Budi Santoso", "--json")))
    assert (shown["stage"], shown["strengths"]) == ("mutual", ["UX research"])
    assert shown["conversations"][0]["when"] == "2026-11-24"
    assert json.loads(ok(netcrm(db, "ladder", "--json"))) == {
        "follower": 0,
        "talked": 0,
        "known": 0,
        "mutual": 1,
        "trusted": 0,
    }
    assert "Budi Santoso" in ok(netcrm(db, "who-can", "UX research"))
    assert json.loads(ok(netcrm(db, "me", "--json"))) == [
        {"strength": "Python", "known_by": ["Budi Santoso"], "not_yet": []}
    ]

    # Once a week, later: the cadence slipped and the follow-up is due.
    later = "2026-12-12"
    items = json.loads(ok(netcrm(db, "due", "--week", "--json", today=later)))
    assert [(i["kind"], i["overdue_days"]) for i in items] == [
        ("keep-in-touch", 4),
        ("follow-up", 3),
    ]
    review = ok(netcrm(db, "review", today=later))
    assert "4 days overdue" in review
    assert max(len(line) for line in review.splitlines()) <= 80
    ok(netcrm(db, "log", "Budi", "--via", "call", today=later))
    items = json.loads(ok(netcrm(db, "due", "--week", "--json", today=later)))
    assert [i["kind"] for i in items] == ["follow-up"]


def test_errors_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "netcrm.db"
    ok(netcrm(db, "add", "Budi Santoso"))
    before = ok(netcrm(db, "show", "Budi Santoso", "--json"))
    for args, code, fragment in [
        (["log", "Budi", "--when", "blorp"], 2, 'Cannot understand the date "blorp"'),
        (["show", "Budy Santos0"], 1, "Did you mean Budi Santoso?"),
    ]:
        result = netcrm(db, *args)
        assert result.returncode == code, (args, result)
        assert result.stdout == ""
        assert result.stderr.startswith("netcrm: ") and result.stderr.count("\n") == 1, result
        assert fragment in result.stderr
        assert "Traceback" not in result.stderr
    result = netcrm(db, "due", today="2026-02-30")
    assert (
        result.returncode == 2 and "--today" in result.stderr and "Traceback" not in result.stderr
    )
    assert ok(netcrm(db, "show", "Budi Santoso", "--json")) == before


def test_the_demo_never_touches_the_users_store(tmp_path: Path) -> None:
    own = Path(os.environ["NETCRM_DB"])
    demo_folders = set(Path(tempfile.gettempdir()).glob("netcrm-demo-*"))
    result = netcrm_process("--demo", "--today", TODAY, "due", "--week", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    items = json.loads(result.stdout)
    assert any(i["kind"] == "follow-up" and i["overdue_days"] == 0 for i in items)
    assert not own.exists()
    assert set(Path(tempfile.gettempdir()).glob("netcrm-demo-*")) <= demo_folders


@pytest.mark.parametrize("command", [["log"], ["db", "copy"]])
def test_help_is_as_wide_as_100_columns_in_a_wide_terminal(command: list[str]) -> None:
    """The group's ``max_content_width`` reaches the subcommands (a test runner forces 80)."""
    result = netcrm_process(*command, "-h", COLUMNS="200")
    assert (result.returncode, result.stderr) == (0, "")
    assert 80 < max(len(line) for line in result.stdout.splitlines()) <= 100
