"""Consistent copies of a SQLite store with SQLite's online backup API.

A copy is written to a hidden temporary file beside the target, made a self-contained
single-file database (no ``-wal`` needed), checked, and only then renamed into place, so a
backup interrupted half-way never leaves a file that looks like a good backup. Copies are
private (0600) like the store itself.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from netcrm.domain.errors import BadInput, StoreError
from netcrm.store.sqlite import BUSY_TIMEOUT_MS

KEEP_UPGRADE_BACKUPS = 5
UPGRADE_SUFFIX = ".bak-"
STAMP = "%Y%m%d%H%M%S"


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` while other connections may be reading or writing."""
    source, target = Path(source), Path(target)
    if target.exists() and target.resolve() == source.resolve():
        raise BadInput("A backup cannot overwrite the store it copies.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
        try:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dst = sqlite3.connect(temporary)
            try:
                # One step: the copy is a snapshot of a single moment, even under writers.
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise StoreError(f"The copy of {source} failed its check ({verdict}).")
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except sqlite3.Error as error:
        raise StoreError(f"Cannot back up {source}: {error}.") from error
    except OSError as error:
        raise StoreError(f"Cannot write the backup {target}: {error.strerror}.") from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return target


def _free_name(folder: Path, stem: str) -> Path:
    """``stem``, or ``stem-2``, ``stem-3``... if several copies are made within one second."""
    candidate = folder / stem
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}"
        number += 1
    return candidate


def default_backup_path(store_path: Path, now: datetime | None = None) -> Path:
    """``netcrm-backup-YYYYmmddHHMMSS.db`` beside the store (never rotated away)."""
    stamp = (now or datetime.now()).strftime(STAMP)
    path = _free_name(store_path.parent, f"{store_path.stem}-backup-{stamp}")
    return path.with_name(path.name + (store_path.suffix or ".db"))


def upgrade_backups(store_path: Path) -> list[Path]:
    """The copies made before upgrades, oldest first."""
    return sorted(store_path.parent.glob(f"{store_path.name}{UPGRADE_SUFFIX}*"))


def backup_before_upgrade(store_path: Path) -> Path:
    """``netcrm.db.bak-YYYYmmddHHMMSS`` beside the store; only the last few are kept."""
    stamp = datetime.now().strftime(STAMP)
    target = _free_name(store_path.parent, f"{store_path.name}{UPGRADE_SUFFIX}{stamp}")
    backup_sqlite(store_path, target)
    for stale in upgrade_backups(store_path)[:-KEEP_UPGRADE_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target
