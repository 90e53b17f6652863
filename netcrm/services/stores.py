"""The open store the services work on, as the CLI and the TUI hold it.

Callers above the services never reach into ``netcrm.store``: they open a store here, keep it,
and pass it back to every service call.
"""

from __future__ import annotations

from netcrm.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
