"""Consistent copies of a SQLite store with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from netcrm.store.engine import Store

KEEP_UPGRADE_BACKUPS = 5


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` page by page while other connections may be writing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.execute("PRAGMA busy_timeout = 10000")
        src.backup(dst)
    dst.close()
    src.close()
    os.chmod(target, 0o600)
    return target


def backup_before_upgrade(store: Store) -> Path:
    """``netcrm.db.bak-YYYYmmddHHMMSS`` beside the store; only the last few are kept."""
    assert store.path is not None
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    target = store.path.with_name(f"{store.path.name}.bak-{stamp}")
    backup_sqlite(store.path, target)
    old = sorted(store.path.parent.glob(f"{store.path.name}.bak-*"))
    for stale in old[:-KEEP_UPGRADE_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target
