"""Running Alembic programmatically against an open store.

The runner is handed the open store (``netcrm.store.engine.Store``) and needs only what
:class:`Migrating` names of it, so it does not import the module that opens stores.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from netcrm.domain.errors import StoreError
from netcrm.store.backup import backup_before_upgrade

MIGRATIONS_DIR = Path(__file__).parent


class Migrating(Protocol):
    """The store being migrated: its engine, its SQLite file if it has one, its name."""

    @property
    def engine(self) -> Engine: ...

    @property
    def path(self) -> Path | None: ...

    @property
    def label(self) -> str: ...


def alembic_config(store: Migrating) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = store.engine
    return config


def upgrade_to_head(store: Migrating, from_revision: str | None) -> None:
    """Upgrade, first copying an existing SQLite store aside so nothing can be lost.

    The upgrade runs in one transaction (see env.py): if it fails, the store is left exactly
    as it was, and the error says so.
    """
    copy = None
    if from_revision is not None and store.path is not None:
        copy = backup_before_upgrade(store.path)
        print(f"netcrm: upgrading the store; a copy was saved to {copy}", file=sys.stderr)
    try:
        command.upgrade(alembic_config(store), "head")
    except StoreError:
        raise
    except Exception as error:
        kept = f"; a copy made before is at {copy}" if copy else ""
        raise StoreError(
            f"Upgrading the store {store.label} failed ({type(error).__name__}: {error}); "
            f"it was left as it was{kept}."
        ) from error


def downgrade_to(store: Migrating, revision: str) -> None:
    command.downgrade(alembic_config(store), revision)
