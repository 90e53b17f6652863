"""Importing people: a platform export or a netcrm backup, into the store in one transaction.

A platform export is read into neutral records (:mod:`netcrm.importers`), each record is
matched to a contact the store holds or to someone new (:mod:`.import_matching`), and what
that found is written (:mod:`.import_writing`); a failure writes nothing. A netcrm backup
(``json``) is restored by :mod:`.restore`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from netcrm.domain.errors import BadInput
from netcrm.importers import FORMATS, read_people
from netcrm.importers.records import ImportedPerson
from netcrm.services.clock import Clock
from netcrm.services.import_duplicates import import_duplicates
from netcrm.services.import_matching import ImportMatch, KnownContacts, uid_contact_ids
from netcrm.services.import_writing import CHUNK, Progress, apply_updates, insert_new
from netcrm.services.records import DuplicateGroup, ImportReport
from netcrm.store.engine import Store
from netcrm.store.journal import Journal
from netcrm.store.revision import bump_revision

BACKUP_FORMAT = "json"
SAMPLE = 20  # names shown in the report


def check_import(fmt: str, path: Path) -> str:
    """The normalised format name, once the format is known and the path exists."""
    fmt = fmt.strip().lower()
    if fmt != BACKUP_FORMAT and fmt not in FORMATS:
        raise BadInput(
            f'Unknown import format "{fmt}": use one of {", ".join(FORMATS)}, '
            "or json (a netcrm backup)."
        )
    if not path.exists():
        raise BadInput(f"There is no file or folder {path}.")
    return fmt


def import_file(
    store: Store,
    fmt: str,
    path: Path,
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read ``path`` as ``fmt`` (a platform export, or ``json``: a netcrm backup) and import it.

    The cyclic garbage collector is paused throughout: with a large export in memory, each of
    its passes would rescan every record and hold the interpreter (freezing the app's event
    loop too), while none of those records is garbage.
    """
    from netcrm.importers.reading import gc_paused

    fmt = check_import(fmt, path)
    with gc_paused():
        if fmt == BACKUP_FORMAT:
            return _restore_backup(store, path, clock, dry_run=dry_run, progress=progress)
        people = read_people(fmt, path)
        return import_people(store, people, clock, dry_run=dry_run, progress=progress, source=fmt)


def import_people(
    store: Store,
    people: Iterable[ImportedPerson],
    clock: Clock,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    source: str | None = None,
) -> ImportReport:
    """Merge ``people`` into the store; a dry run reports the same and writes nothing."""
    people = list(people)
    total = len(people)
    now = clock.now()
    with store.session() if dry_run else store.writing() as session:
        journal = None if dry_run else Journal(session)
        match = ImportMatch(KnownContacts(session, uid_contact_ids(people)))
        for index, person in enumerate(people, 1):
            match.add(person)
            if progress and index % CHUNK == 0:
                progress(index if dry_run else index // 2, total)  # a dry run only checks
        if journal is not None:
            journal.keep_contacts(match.updates)
        changed = apply_updates(session, match.known, match.updates, now, dry_run)
        created = len(match.new)
        if dry_run or not (match.new or changed):
            duplicates = import_duplicates(session.connection(), match.known, match.new)
            session.rollback()
        else:
            assert journal is not None
            bump_revision(session)  # first: on SQLite this takes the write lock
            # Before the new rows are there: they are described from memory, ids given after.
            connection = session.connection()
            duplicates = import_duplicates(connection, match.known, match.new)
            ids = insert_new(session, match.new, now, progress, total)
            if duplicates:
                duplicates = _with_ids(duplicates, ids)
            journal.commit("import", _import_summary(source, len(match.new), changed), now)
    if progress:
        progress(total, total)
    return ImportReport(
        created=created,
        updated=len(changed),
        skipped=match.unchanged,
        duplicates=duplicates,
        created_names=tuple(p.person.name for p in match.new[:SAMPLE]),
        updated_names=tuple(changed[:SAMPLE]),
        dry_run=dry_run,
    )


def _with_ids(groups: tuple[DuplicateGroup, ...], ids: list[int]) -> tuple[DuplicateGroup, ...]:
    """The groups with each new person's provisional id (-1, -2, ...) replaced by its own."""
    return tuple(
        replace(
            group,
            people=tuple(replace(p, id=ids[-p.id - 1]) if p.id < 0 else p for p in group.people),
        )
        for group in groups
    )


def _import_summary(source: str | None, created: int, updated: list[str]) -> str:
    def people(n: int) -> str:
        return "1 person" if n == 1 else f"{n} people"

    where = f" from {source}" if source else ""
    also = f", updated {people(len(updated))}" if updated else ""
    return f"Imported {people(created)}{where}{also}"


def _restore_backup(
    store: Store, path: Path, clock: Clock, *, dry_run: bool, progress: Progress | None
) -> ImportReport:
    from netcrm.importers.backup_json import read_backup
    from netcrm.services.restore import restore_backup

    data = read_backup(path)
    return restore_backup(store, data, clock, dry_run=dry_run, progress=progress)
