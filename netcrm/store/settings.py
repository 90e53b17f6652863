"""The store's own settings: a few named values kept in ``meta`` under ``setting:<name>``.

They live in the store, not in a file beside it, because they describe the network (the
country its phone numbers are written for) and must follow it to another machine or backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update

from netcrm.store.tables import META

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

PREFIX = "setting:"


def read_settings(connection: Connection | Session) -> dict[str, str]:
    rows = connection.execute(
        select(META.c.key, META.c.value).where(META.c.key.startswith(PREFIX, autoescape=True))
    ).all()
    return {key.removeprefix(PREFIX): value for key, value in rows}


def write_setting(connection: Connection | Session, name: str, value: str | None) -> None:
    """Set ``name`` to ``value``; None removes it."""
    key = PREFIX + name
    if value is None:
        connection.execute(delete(META).where(META.c.key == key))
        return
    existing = connection.execute(select(META.c.key).where(META.c.key == key)).first()
    if existing:
        connection.execute(update(META).where(META.c.key == key).values(value=value))
    else:
        connection.execute(insert(META).values(key=key, value=value))
