"""Helpers for the data-safety tests (and a few others): real subprocesses, fingerprints of a
store, and counts read straight from it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from netcrm.store.engine import Store, open_store
from netcrm.store.models import Contact, metadata
from netcrm.store.trash import live

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, db: str, today: str | None = TODAY, input: str | None = None) -> Ran:
    """Run ``netcrm ARGS`` in this process, through the same ``run`` as the console script."""
    from click.testing import CliRunner

    from netcrm.cli.commands import cli as group
    from netcrm.cli.commands import run

    argv = ["--db", db, *(["--today", today] if today else []), *args]
    with CliRunner().isolation(input=input) as (out, err, _):
        code = run(group, argv)
        sys.stdout.flush()
        sys.stderr.flush()
        return Ran(code, out.getvalue().decode(), err.getvalue().decode())


def netcrm(
    *args: str, db: str, today: str | None = TODAY, timeout: float = 120, **kwargs
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m netcrm ARGS`` as a real process, as a user's shell would."""
    argv = [sys.executable, "-m", "netcrm", "--db", db]
    if today:
        argv += ["--today", today]
    return subprocess.run(
        [*argv, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
        **kwargs,
    )


def python_process(code: str, *args: str, **kwargs) -> subprocess.Popen[str]:
    """Start ``python -c CODE ARGS...`` in the background."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def store_digest(db: str) -> str:
    """A fingerprint of every row of every table: equal digests mean nothing was written."""
    store = open_store(db, migrate=False)
    digest = hashlib.sha256()
    try:
        with store.engine.connect() as connection:
            for table in metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                digest.update(table.name.encode())
                for row in connection.execute(select(table).order_by(*order)):
                    digest.update(repr(tuple(row)).encode())
    finally:
        store.close()
    return digest.hexdigest()


def sqlite_integrity(path: str | Path) -> tuple[str, list]:
    """``PRAGMA integrity_check`` and ``foreign_key_check`` straight from sqlite3."""
    connection = sqlite3.connect(path)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return verdict, orphans


def scalar(db: str, sql: str, **params):
    store = open_store(db, migrate=False)
    try:
        with store.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()
    finally:
        store.close()


def count_contacts(store: Store) -> int:
    """How many contacts are not in the trash."""
    with store.session() as session:
        return session.execute(
            select(func.count()).select_from(Contact).where(live(Contact))
        ).scalar_one()
