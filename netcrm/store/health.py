"""``netcrm db check``: is the store sound, and what does it hold?

Three layers: the database file itself (``PRAGMA integrity_check`` on SQLite; PostgreSQL
guards its own pages), references between rows (``PRAGMA foreign_key_check``, or the same
question asked with joins on PostgreSQL), and netcrm's own bookkeeping (the counts kept on
each contact agree with the history they summarise). Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from netcrm.store.copy import data_tables, table_counts
from netcrm.store.engine import Store, current_revision
from netcrm.store.migrations import HEAD_REVISION
from netcrm.store.tables import CONTACT, PARTICIPANT
from netcrm.store.trash import trashed

SHOWN_PROBLEMS = 5


@dataclass
class HealthReport:
    label: str
    backend: str
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    trashed: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_store(store: Store) -> HealthReport:
    """Check ``store`` (opened with ``migrate=False``); the caller refuses newer schemas."""
    revision = current_revision(store)
    report = HealthReport(store.label, store.engine.dialect.name, revision)
    with store.engine.connect() as connection:
        if store.is_sqlite:
            _sqlite_pages(connection, report)
        tables = set(inspect(connection).get_table_names())
        if revision is None:
            report.notes.append(
                "The store holds no netcrm schema yet; netcrm creates it on first use."
            )
            return report
        if revision != HEAD_REVISION:
            report.notes.append(
                f"Schema {revision} is older than {HEAD_REVISION}; netcrm upgrades it "
                "(keeping a copy) the next time it opens the store."
            )
        missing = [t.name for t in data_tables() if t.name not in tables]
        if missing:
            report.problems.append(f"Tables are missing: {', '.join(missing)}.")
            return report
        if store.is_sqlite:
            _sqlite_references(connection, report)
        else:
            _references_by_join(connection, report)
        report.counts = table_counts(connection)
        report.trashed = connection.execute(
            select(func.count()).select_from(CONTACT).where(trashed(CONTACT.c))
        ).scalar_one()
        if revision == HEAD_REVISION:
            _bookkeeping(connection, report)
    return report


def _sqlite_pages(connection: Connection, report: HealthReport) -> None:
    try:
        rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    except DBAPIError as error:
        report.problems.append(f"SQLite cannot read the file: {error.orig}.")
        return
    if rows != ["ok"]:
        shown = "; ".join(rows[:SHOWN_PROBLEMS])
        more = f" (and {len(rows) - SHOWN_PROBLEMS} more)" if len(rows) > SHOWN_PROBLEMS else ""
        report.problems.append(f"The database file is damaged: {shown}{more}.")


def _sqlite_references(connection: Connection, report: HealthReport) -> None:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    _report_orphans(report, [(row[0], row[2]) for row in rows])


def _references_by_join(connection: Connection, report: HealthReport) -> None:
    orphans: list[tuple[str, str]] = []
    for table in data_tables():
        for fk in table.foreign_keys:
            column, parent = fk.parent, fk.column
            missing = (
                select(func.count())
                .select_from(table)
                .where(
                    column.is_not(None),
                    ~select(parent).where(parent == column).exists(),
                )
            )
            orphans += [(table.name, parent.table.name)] * connection.execute(missing).scalar_one()
    _report_orphans(report, orphans)


def _report_orphans(report: HealthReport, orphans: list[tuple[str, str]]) -> None:
    if not orphans:
        return
    pairs: dict[tuple[str, str], int] = {}
    for pair in orphans:
        pairs[pair] = pairs.get(pair, 0) + 1
    described = "; ".join(
        f"{n} {table} row{'s' if n != 1 else ''} point to a missing {parent}"
        for (table, parent), n in pairs.items()
    )
    report.problems.append(f"Rows refer to rows that do not exist: {described}.")


def _bookkeeping(connection: Connection, report: HealthReport) -> None:
    actual = (
        select(func.count())
        .select_from(PARTICIPANT)
        .where(PARTICIPANT.c.contact_id == CONTACT.c.id)
        .scalar_subquery()
    )
    stale = connection.execute(
        select(func.count()).select_from(CONTACT).where(CONTACT.c.conversation_count != actual)
    ).scalar_one()
    if stale:
        report.problems.append(
            f"{stale} contact{'s' if stale != 1 else ''} "
            f"{'have' if stale != 1 else 'has'} a conversation count that disagrees with "
            "their history."
        )
