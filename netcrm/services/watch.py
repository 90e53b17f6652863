"""Noticing changes made elsewhere (the CLI while the TUI is open, another machine)."""

from __future__ import annotations

from netcrm.store.engine import Store
from netcrm.store.revision import read_revision


def store_revision(store: Store) -> int:
    """A number that grows with every write to the store, from any process."""
    with store.connection() as connection:
        return read_revision(connection)
