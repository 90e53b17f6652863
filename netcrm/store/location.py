"""Where the store lives: ``--db``, then ``NETCRM_DB``, then the platform user data dir."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

ENV_VAR = "NETCRM_DB"


def default_store_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("netcrm", appauthor=False)) / "netcrm.db"


def store_target(db: str | None) -> str:
    """What names the store: ``db``, else ``NETCRM_DB``, else the default path."""
    return db or os.environ.get(ENV_VAR) or str(default_store_path())


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file the store is, when it is named by a path (not by a URL)."""
    target = store_target(db)
    return None if "://" in target else Path(target).expanduser().absolute()


def resolve_store_url(db: str | None) -> URL:
    """Turn a path or an SQLAlchemy URL into a URL; paths become SQLite files."""
    from sqlalchemy.engine import URL, make_url

    target = store_target(db)
    if "://" in target:
        return make_url(target)
    return URL.create("sqlite+pysqlite", database=str(sqlite_file(target)))


def describe_url(url: URL) -> str:
    """A human name for a store, never showing a password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
