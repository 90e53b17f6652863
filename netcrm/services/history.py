"""Undo and history, over the journal every write keeps in the store.

Undo takes the newest change not yet undone and puts back what it touched, in one transaction,
whichever process made the change (the CLI, the TUI, another machine on PostgreSQL): the
journal lives in the store. Undoing is not itself a change to undo; the next ``undo`` goes one
change further back.
"""

from __future__ import annotations

from sqlalchemy import select, update

from netcrm.domain.errors import NotFound
from netcrm.services.clock import Clock
from netcrm.services.records import ChangeRecord
from netcrm.store.engine import Store
from netcrm.store.journal import put_back
from netcrm.store.revision import bump_revision
from netcrm.store.tables import JOURNAL

SHOWN = 20


def _record(row) -> ChangeRecord:
    return ChangeRecord(row.id, row.at, row.action, row.summary, row.undone_at is not None)


def undo_last(store: Store, clock: Clock) -> ChangeRecord:
    """Undo the newest change that is not undone yet; :class:`NotFound` when there is none."""
    with store.writing() as session:
        row = session.execute(
            select(JOURNAL).where(JOURNAL.c.undone_at.is_(None)).order_by(JOURNAL.c.id.desc())
        ).first()
        if row is None:
            raise NotFound("Nothing to undo: no change is left in the history.")
        put_back(session, row.before)
        session.execute(update(JOURNAL).where(JOURNAL.c.id == row.id).values(undone_at=clock.now()))
        bump_revision(session)
        session.commit()
        return _record(row)


def recent_changes(store: Store, limit: int = SHOWN) -> list[ChangeRecord]:
    """The newest changes first, undone ones included (and marked)."""
    columns = [c for c in JOURNAL.c if c.name != "before"]
    with store.connection() as connection:
        rows = connection.execute(
            select(*columns).order_by(JOURNAL.c.id.desc()).limit(max(limit, 0))
        ).all()
    return [_record(row) for row in rows]


def can_undo(store: Store) -> bool:
    with store.connection() as connection:
        return (
            connection.execute(
                select(JOURNAL.c.id).where(JOURNAL.c.undone_at.is_(None)).limit(1)
            ).first()
            is not None
        )


def forget_history(store: Store) -> None:
    """Empty the journal: what built a sample network is not a change for its user to undo."""
    from sqlalchemy import delete

    with store.writing() as session:
        session.execute(delete(JOURNAL))
        bump_revision(session)
        session.commit()
