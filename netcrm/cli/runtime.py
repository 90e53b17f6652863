"""What every command shares: the store and the day (``Runtime``), and the global options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from netcrm.services.clock import Clock

if TYPE_CHECKING:
    from netcrm.store.engine import Store
    from netcrm.store.sqlite import SqliteReader


class Runtime:
    """What every command needs: where the store is and what day it is."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.today: date | None = None
        self.demo = False
        self._store: Store | None = None
        self._reader: SqliteReader | None = None

    @property
    def clock(self) -> Clock:
        return Clock(self.today)

    @property
    def store(self) -> Store:
        if self._store is None:
            from netcrm.store.engine import open_store

            if self.demo:
                from netcrm.demo import open_demo_store

                self._store = open_demo_store(self.clock)
            else:
                self._store = open_store(self.db)
        return self._store

    def reading_store(self) -> Store | SqliteReader:
        """The store for a read-only command: a SQLite file at the head revision is read
        through ``sqlite3`` alone, without importing SQLAlchemy; anything else is ``store``."""
        if self._reader is not None:
            return self._reader
        if self._store is None and not self.demo:
            from netcrm.store.location import sqlite_file
            from netcrm.store.sqlite import open_at_head

            path = sqlite_file(self.db)
            reader = open_at_head(path) if path is not None else None
            if reader is not None:
                self._reader = reader
                return reader
        return self.store

    def close(self) -> None:
        """Close the store's connections, so SQLite folds its write-ahead log back in."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._store is not None:
            self._store.close()
            self._store = None


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" is not a date like 2026-03-14.') from None


def remember(attr: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback that keeps the option's value on the ``Runtime``."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if param.name == "today":
            value = _parse_today(value)
        if value not in (None, False):
            setattr(ctx.ensure_object(Runtime), attr, value)
        return value

    return callback


#: The options every command takes: (flag, metavar, the ``Runtime`` attribute, help).
GLOBAL_OPTIONS = (
    ("--db", "PATH_OR_URL", "db", "Store path or SQLAlchemy URL (else $NETCRM_DB)."),
    ("--today", "YYYY-MM-DD", "today", "Pretend today is this date."),
)


def global_options(command: Callable) -> Callable:
    """``--db`` and ``--today`` are accepted before or after the command name."""
    for flag, metavar, attr, help_text in reversed(GLOBAL_OPTIONS):
        command = click.option(
            flag,
            metavar=metavar,
            expose_value=False,
            callback=remember(attr),
            is_eager=True,
            help=help_text,
        )(command)
    return command


def pass_runtime(command: Callable) -> Callable:
    """The command gets the ``Runtime`` first, and takes the global options."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(click.get_current_context().ensure_object(Runtime), *args, **kwargs)

    return global_options(wrapper)
