"""Where the store lives: ``--db``, then ``NETCRM_DB``, then the platform user data dir."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url

ENV_VAR = "NETCRM_DB"


def default_store_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("netcrm", appauthor=False)) / "netcrm.db"


def resolve_store_url(db: str | None) -> URL:
    """Turn a path or an SQLAlchemy URL into a URL; paths become SQLite files."""
    target = db or os.environ.get(ENV_VAR) or str(default_store_path())
    if "://" in target:
        return make_url(target)
    return URL.create("sqlite+pysqlite", database=str(Path(target).expanduser().absolute()))


def describe_url(url: URL) -> str:
    """A human name for a store, never showing a password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)
