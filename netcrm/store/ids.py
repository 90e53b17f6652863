"""The id of a stored row.

A model's ``id`` is ``int | None``: None until the row is flushed. Code that holds a stored row
says so with :func:`id_of`, which refuses a row that is not stored yet rather than let its
missing id be written as NULL or returned as a number.
"""

from __future__ import annotations

from typing import Protocol


class Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    if row.id is None:
        raise ValueError(f"this {type(row).__name__} is not stored yet: flush it first")
    return row.id
