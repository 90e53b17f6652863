"""``netcrm db``: where the store is, whether it is sound, backups and copies."""

from __future__ import annotations

from pathlib import Path

import click

from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.domain.errors import BadInput, NetcrmError, NotFound, StoreError


class CheckFailed(NetcrmError):
    """``db check`` found the store damaged."""

    exit_code = 1


@click.group()
def db() -> None:
    """The store itself: where it is, checks, backups, copies."""


def _target(rt: Runtime):
    from netcrm.store.location import resolve_store_url

    if rt.demo:
        raise BadInput("netcrm db works on your own store, not on --demo.")
    return resolve_store_url(rt.db)


def _existing_file(rt: Runtime) -> Path | None:
    """The SQLite file of the store, which must exist; None for a server database."""
    url = _target(rt)
    if url.get_backend_name() != "sqlite":
        return None
    path = Path(url.database or "")
    if not url.database or url.database == ":memory:":
        raise BadInput("An in-memory store has nothing to check or copy.")
    if not path.exists():
        raise NotFound(f"There is no netcrm store at {path} yet.")
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a netcrm store.")
    return path


def _many(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


@db.command()
@pass_runtime
def path(rt: Runtime) -> None:
    """Print where the store is (a file path, or a URL without its password)."""
    from netcrm.store.location import describe_url

    say(describe_url(_target(rt)))


@db.command()
@pass_runtime
def check(rt: Runtime) -> None:
    """Check the store: integrity, references, schema version, and what it holds."""
    from sqlalchemy.exc import DBAPIError

    from netcrm.store.engine import ensure_schema_is_known, explain_db_error, open_store
    from netcrm.store.health import check_store

    file = _existing_file(rt)
    try:
        store = open_store(rt.db, migrate=False)
    except StoreError as error:
        raise CheckFailed(str(error)) from error
    try:
        ensure_schema_is_known(store)
        report = check_store(store)
    except DBAPIError as error:
        message = explain_db_error(store, error)
        if file is not None:
            raise CheckFailed(message) from error
        raise StoreError(message) from error
    finally:
        store.close()
    where = f"{report.label} ({_size(file)})" if file else report.label
    say(f"Store: {where}")
    say(f"Schema: {report.revision or 'none yet'}")
    for note in report.notes:
        say(note)
    if report.counts:
        contacts = report.counts.get("contact", 0)
        trash = f" ({report.trashed:,} in the trash)" if report.trashed else ""
        say(
            f"Holds {_many(contacts, 'contact')}{trash}, "
            f"{_many(report.counts.get('conversation', 0), 'conversation')}, "
            f"{_many(report.counts.get('follow_up', 0), 'follow-up')}."
        )
    if not report.healthy:
        for problem in report.problems:
            say(f"Problem: {problem}", err=True)
        raise CheckFailed(
            f"The store {report.label} is damaged; stop writing to it and restore a backup "
            "(see docs/safety.md)."
        )
    checks = "integrity, references and counts" if file else "references and counts"
    say(f"OK: {checks} are sound.")


@db.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@pass_runtime
def backup(rt: Runtime, file: Path | None) -> None:
    """Save a consistent copy of the store, even while netcrm is running.

    FILE defaults to netcrm-backup-YYYYmmddHHMMSS.db beside the store.
    """
    from netcrm.store.backup import backup_sqlite, default_backup_path
    from netcrm.store.sqlite import refuse_foreign_sqlite

    source = _existing_file(rt)
    if source is None:
        from sqlalchemy.engine import URL

        url = _target(rt)
        plain = URL.create(
            "postgresql", url.username, None, url.host, url.port, url.database, url.query
        )
        where = plain.render_as_string(hide_password=False)
        raise BadInput(
            f"The store is on a PostgreSQL server; back it up with pg_dump, e.g. "
            f"pg_dump --format=custom --file=netcrm.dump '{where}' (see docs/deployment.md)."
        )
    refuse_foreign_sqlite(source)
    if file is None:
        target = default_backup_path(source)
    elif file.is_dir():
        target = default_backup_path(file / source.name)
    elif file.exists():
        raise BadInput(f"{file} already exists; give a new file name.")
    elif not file.parent.exists():
        raise BadInput(f"The folder {file.parent} does not exist.")
    else:
        target = file
    backup_sqlite(source, target)
    say(f"Saved a copy of {source} to {target} ({_size(target)}).")


@db.command()
@click.argument("url", required=False, metavar="[URL]")
@click.option(
    "--to",
    "to",
    metavar="URL",
    help="The target store: postgresql+psycopg://user@host/db, or a new SQLite file.",
)
@pass_runtime
def copy(rt: Runtime, url: str | None, to: str | None) -> None:
    """Copy every contact and all history into another, empty store (e.g. PostgreSQL).

    The target is given as --to URL (or just URL).
    """
    from netcrm.store.copy import copy_store
    from netcrm.store.engine import open_store

    if url and to and url != to:
        raise BadInput("Give the target once: --to URL.")
    to = (to or url or "").strip()
    if not to:
        raise BadInput("Say where to copy the store: netcrm db copy --to URL.")
    _existing_file(rt)
    source = open_store(rt.db)
    try:
        target = open_store(to)
        try:
            report = copy_store(source, target)
        finally:
            target.close()
    finally:
        source.close()
    counts = report.counts
    say(
        f"Copied {_many(counts.get('contact', 0), 'contact')}, "
        f"{_many(counts.get('conversation', 0), 'conversation')} and "
        f"{_many(report.total, 'row')} in all to {target.label}."
    )
    say(f"Use it with --db '{target.label}' or NETCRM_DB.")
