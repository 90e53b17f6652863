"""What "live" means: a contact is in the trash while ``trashed_at`` is set.

The one definition, for every way the store is read: through an ORM model or a Core table's
columns (:func:`live`, :func:`trashed`) and in SQL text (:func:`live_sql`). Saying it imports
nothing, so the ``sqlite3`` read path uses it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement
    from sqlalchemy.sql.base import ReadOnlyColumnCollection
    from sqlmodel import SQLModel

    #: ``Contact`` (the model) or ``CONTACT.c`` (a Core table's columns).
    Rows: TypeAlias = type[SQLModel] | ReadOnlyColumnCollection[str, ColumnElement[Any]]

COLUMN = "trashed_at"


def live(rows: Rows) -> ColumnElement[bool]:
    """Not in the trash."""
    column: Any = getattr(rows, COLUMN)
    return column.is_(None)


def trashed(rows: Rows) -> ColumnElement[bool]:
    """In the trash."""
    column: Any = getattr(rows, COLUMN)
    return column.is_not(None)


def live_sql(alias: str | None = None) -> str:
    """:func:`live` as SQL text, of the table called ``alias`` in the query if given."""
    return f"{alias}.{COLUMN} IS NULL" if alias else f"{COLUMN} IS NULL"
