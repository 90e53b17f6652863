"""The store's write counter, ``meta.revision``: it grows with every write transaction.

Readers compare it to tell that something changed, in this process or in another one (the CLI
while the TUI is open, another machine on PostgreSQL), without reading any data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Integer, String, cast, select, update

from netcrm.store.tables import META

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

KEY = "revision"


def read_revision(connection: Connection | Session) -> int:
    """The store's write counter (0 if it was never written)."""
    value = connection.execute(select(META.c.value).where(META.c.key == KEY)).scalar()
    return int(value or 0)


def bump_revision(connection: Connection | Session) -> None:
    """Every write transaction calls this, so that readers see that something changed."""
    counter = cast(cast(META.c.value, Integer) + 1, String)
    connection.execute(update(META).where(META.c.key == KEY).values(value=counter))


def set_revision(connection: Connection | Session, revision: int) -> None:
    connection.execute(update(META).where(META.c.key == KEY).values(value=str(revision)))
