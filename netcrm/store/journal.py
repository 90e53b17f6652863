"""The undo journal: what each change touched, as it was, and putting it back exactly.

A change (one write transaction) opens a :class:`Journal` before it modifies anything. The
journal notes the highest id of every table with an id: whatever the change creates lies above
it. Before the change modifies or deletes rows, it names the people they belong to
(:meth:`Journal.keep_contacts`): each person's row and everything that hangs off it (handles,
e-mails, tags, the conversations they took part in, strengths, disclosures, exchanges,
follow-ups) is copied as it was. :meth:`Journal.commit` stores both in one ``journal`` row
with the change itself.

Undoing (:func:`put_back`) deletes what the change created and writes the copied rows back,
so the people it touched are exactly as they were, aggregates included, and nobody else
changes. Entries are undone newest first, which keeps every restored state consistent with
the rows around it. Which tables hang off a person is read from the schema, never listed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Table, delete, func, insert, select, update

from netcrm.store.revision import bump_revision
from netcrm.store.tables import CONVERSATION, JOURNAL, PARTICIPANT, metadata
from netcrm.store.types import UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: How many changes the journal keeps; older ones can no longer be undone.
KEPT_CHANGES = 500
NOT_JOURNALED = frozenset({"meta", JOURNAL.name})
CHUNK = 500  # ids per IN (...) list


@cache
def _tables_with_ids() -> list[Table]:
    return [
        table
        for table in metadata.sorted_tables
        if table.name not in NOT_JOURNALED and list(table.primary_key.columns.keys()) == ["id"]
    ]


@cache
def _hanging_off_contact() -> list[Table]:
    """Tables whose rows belong to one person: those with a ``contact_id`` pointing at them."""
    return [
        table
        for table in metadata.sorted_tables
        if "contact_id" in table.c
        and any(fk.column.table.name == "contact" for fk in table.c.contact_id.foreign_keys)
    ]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _encoded(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        if isinstance(value, datetime | date):
            value = value.isoformat()
        out[name] = value
    return out


def _decoded(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        if name not in table.c:
            continue  # a column a later netcrm dropped
        column_type = table.c[name].type
        if value is not None and isinstance(column_type, UTCDateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(column_type, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def _max_ids(session: Session) -> dict[str, int]:
    """The highest id of every table with one (0 when empty), in one statement: every write
    asks twice, before and after."""
    tables = _tables_with_ids()
    highest = [select(func.max(t.c.id)).scalar_subquery().label(t.name) for t in tables]
    row = session.execute(select(*highest)).one()
    return {table.name: value or 0 for table, value in zip(tables, row, strict=True)}


def _rows(session: Session, table: Table, column: Any, ids: list[int]) -> dict[Any, dict[str, Any]]:
    """The rows of ``table`` whose ``column`` is one of ``ids``, by primary key, encoded."""
    keys = list(table.primary_key.columns.keys())
    found: dict[Any, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(table).where(column.in_(chunk))).mappings():
            found[tuple(row[k] for k in keys)] = _encoded(dict(row))
    return found


class Journal:
    """The before-image of one change, gathered while it runs."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.max_ids = _max_ids(session)
        self.contacts: set[int] = set()
        self.rows: dict[str, dict[Any, dict[str, Any]]] = {}

    def keep_contacts(self, contact_ids: Iterable[int | None]) -> None:
        """Copy these people and all that hangs off them, before the change touches them."""
        existed = self.max_ids["contact"]  # people the change created are simply deleted
        new = sorted({i for i in contact_ids if i is not None and i <= existed} - self.contacts)
        if not new:
            return
        self.contacts.update(new)
        self._keep(metadata.tables["contact"], metadata.tables["contact"].c.id, new)
        for table in _hanging_off_contact():
            self._keep(table, table.c.contact_id, new)
        conversation_ids = sorted(
            {row["conversation_id"] for row in self.rows.get(PARTICIPANT.name, {}).values()}
        )
        self._keep(CONVERSATION, CONVERSATION.c.id, conversation_ids)

    def _keep(self, table: Table, column: Any, ids: list[int]) -> None:
        kept = self.rows.setdefault(table.name, {})
        for key, row in _rows(self.session, table, column, ids).items():
            kept.setdefault(key, row)

    def unchanged(self, ignoring: tuple[str, ...] = ("updated_at",)) -> bool:
        """True when the change, so far, created nothing and left every kept row as it was."""
        self.session.flush()
        if _max_ids(self.session) != self.max_ids:
            return False
        for name, rows in self.rows.items():
            table = metadata.tables[name]
            if "contact_id" in table.c:  # read again as kept: by person, so new rows show
                now = _rows(self.session, table, table.c.contact_id, sorted(self.contacts))
            else:
                now = _rows(self.session, table, table.c.id, sorted(key[0] for key in rows))
            if now.keys() != rows.keys():
                return False
            for key, row in rows.items():
                if any(row[c] != now[key][c] for c in row if c not in ignoring):
                    return False
        return True

    def image(self) -> dict[str, Any]:
        """The before-image; ``created_up_to`` bounds the ids the change created, so that it
        can be undone exactly even after later changes created rows of their own."""
        self.session.flush()
        return {
            "max_ids": self.max_ids,
            "created_up_to": _max_ids(self.session),
            "contacts": sorted(self.contacts),
            "rows": {name: list(rows.values()) for name, rows in self.rows.items() if rows},
        }

    def commit(
        self, action: str, summary: str, at: datetime, about: dict[str, Any] | None = None
    ) -> None:
        """Record the change with its before-image, count a revision, commit it all at once.

        ``about`` is kept with the entry for the change's own later use (a merge names the
        people it joined, for ``unmerge``)."""
        image = self.image()
        if about:
            image["about"] = about
        self.session.execute(
            insert(JOURNAL).values(action=action, summary=summary, before=image, at=at)
        )
        newest = self.session.execute(select(func.max(JOURNAL.c.id))).scalar() or 0
        if newest > KEPT_CHANGES:
            self.session.execute(delete(JOURNAL).where(JOURNAL.c.id <= newest - KEPT_CHANGES))
        bump_revision(self.session)
        self.session.commit()


def put_back(session: Session, image: dict[str, Any]) -> None:
    """Undo one change: delete what it created, write back the rows it had touched."""
    max_ids: dict[str, int] = image.get("max_ids", {})
    created_up_to: dict[str, int] = image.get("created_up_to", {})
    contacts: list[int] = image.get("contacts", [])
    rows: dict[str, list[dict[str, Any]]] = image.get("rows", {})
    for table in reversed(_tables_with_ids()):
        if table.name in max_ids:
            created = table.c.id > max_ids[table.name]
            if table.name in created_up_to:
                created &= table.c.id <= created_up_to[table.name]
            session.execute(delete(table).where(created))
    for table in reversed(_hanging_off_contact()):
        for chunk in _chunks(contacts):
            statement = delete(table).where(table.c.contact_id.in_(chunk))
            if "id" in table.c and table.primary_key.columns.keys() == ["id"]:
                kept = [row["id"] for row in rows.get(table.name, [])]
                statement = statement.where(table.c.id.not_in(kept))
            session.execute(statement)
    for table in metadata.sorted_tables:
        for row in rows.get(table.name, []):
            values = _decoded(table, row)
            keys = list(table.primary_key.columns.keys())
            match = [table.c[k] == values[k] for k in keys]
            if keys == ["id"]:
                if (
                    session.connection()
                    .execute(update(table).where(*match).values(**values))
                    .rowcount
                ):
                    continue
            else:
                session.execute(delete(table).where(*match))
            session.execute(insert(table).values(**values))


def overlaps(earlier: dict[str, Any], later: dict[str, Any]) -> bool:
    """Whether a later change touched what an earlier one did: then undoing the earlier one
    alone, out of turn, would not put things back exactly."""
    if set(earlier.get("contacts", ())) & set(later.get("contacts", ())):
        return True
    if "created_up_to" not in later or "created_up_to" not in earlier:
        return True  # an entry from before changes kept their bounds: cannot tell
    return _rows_within(earlier, later) or _rows_within(later, earlier)


def _rows_within(kept: dict[str, Any], creator: dict[str, Any]) -> bool:
    """Whether a row ``kept`` holds has an id among those ``creator`` created."""
    low, high = creator["max_ids"], creator["created_up_to"]
    for table, rows in kept.get("rows", {}).items():
        if table in low and any(low[table] < row.get("id", 0) <= high[table] for row in rows):
            return True
    return False
