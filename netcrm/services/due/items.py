"""What is due in a window: open follow-ups, slipped keep-in-touch cadences, birthdays.

This is the read path of ``netcrm due``, which runs many times a day, so it stays off the ORM:
SQLModel, pydantic and the mapped models take as long to import as the rest of the command.
Each query is written once, as SQL text with named parameters, which mean the same to
``sqlite3`` (given a dict) and to ``sqlalchemy.text()``. It runs through SQLAlchemy, or, on a
SQLite store opened through ``sqlite3`` alone (``SqliteReader``), without importing SQLAlchemy
at all: importing it is most of what the command would cost. Date parameters are text (ISO
dates, MM-DD keys): SQLite compares the stored text with it, and PostgreSQL reads it as the
type of the column it is compared with. A datetime parameter is bound by the ``Run``, as the
column's type binds it: naive UTC text on SQLite (``sqlite_datetime``), ``timestamptz`` on
PostgreSQL. Dates come back as ISO text from SQLite and as ``date`` from PostgreSQL
(``as_date``); datetimes as naive UTC text or aware datetimes (``as_datetime``).

The weekly review (``review``) runs its queries through the same ``Run``. ``DueItem`` lives
here, not with the other records, whose dataclasses take long to create for a command this
short.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from netcrm.domain.dates import YEARLESS
from netcrm.domain.errors import BadInput
from netcrm.store.sqlite import SqliteReader, sqlite_datetime
from netcrm.store.trash import live_sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from netcrm.store.engine import Store

WEEK_DAYS = 7
MAX_WINDOW_DAYS = 3660
KIND_ORDER = {"follow-up": 0, "keep-in-touch": 1, "birthday": 2}
#: Windows shorter than this list their days; longer ones ask for ranges of MM-DD keys.
BIRTHDAY_DAYS_LISTED = 62

#: (follow-up id, due, title, recurrence, contact id, name) of open follow-ups due by ``until``.
FOLLOW_UPS = (
    "SELECT f.id, f.due, f.title, f.recurrence, c.id, c.name "
    "FROM follow_up AS f JOIN contact AS c ON c.id = f.contact_id "
    f"WHERE f.status = 'open' AND f.due <= :until AND {live_sql('c')}"
)
#: (contact id, name, next touch due, cadence) of cadences due by ``until``.
CADENCES = (
    "SELECT id, name, next_touch_due, cadence FROM contact "
    f"WHERE {live_sql()} AND next_touch_due IS NOT NULL AND next_touch_due <= :until"
)

#: (contact id, kind, until) of what "not now" put off past ``:today``, and every snoozed
#: keep-in-touch reminder: it stays due from its snooze day until a conversation is logged.
DISMISSED = (
    "SELECT contact_id, kind, until FROM dismissal WHERE until > :today OR kind = 'keep-in-touch'"
)

#: A query's named parameters: ISO dates and MM-DD keys as text, numbers, aware datetimes.
Parameters = Mapping[str, str | int | datetime]
#: Runs a query's SQL text with its parameters and returns every row.
Run = Callable[[str, Parameters], Sequence[Sequence[Any]]]


class DueItem(NamedTuple):
    """Something that needs me: a follow-up, a slipped keep-in-touch cadence, or a birthday.

    A named tuple, not a frozen dataclass: a large network's review builds thousands of them,
    and named tuples are much cheaper to build.
    """

    kind: str  # "follow-up" | "keep-in-touch" | "birthday"
    contact_id: int
    contact: str
    due: date
    overdue_days: int
    title: str
    id: int | None = None  # the follow-up id, for done/snooze
    recurrence: str | None = None


def due_between(store: Store | SqliteReader, today: date, days: int = WEEK_DAYS) -> list[DueItem]:
    """Overdue items and items due from ``today`` to ``today + days - 1``, sorted by due date."""
    if days < 1 or days > MAX_WINDOW_DAYS:
        raise BadInput(f"The window must be between 1 and {MAX_WINDOW_DAYS} days.")
    until = today + timedelta(days=days - 1)
    with running(store) as run:
        return read_due(run, today, until)


@contextmanager
def running(store: Store | SqliteReader) -> Iterator[Run]:
    """A ``Run`` on one connection of ``store``: ``sqlite3`` for a reader, else SQLAlchemy."""
    if isinstance(store, SqliteReader):
        with store.reading() as raw:
            yield sqlite_run(raw)
    else:
        with store.connection() as connection:
            yield connection_run(connection)


def sqlite_run(raw: sqlite3.Connection) -> Run:
    """Queries run through ``sqlite3``; a datetime is bound as SQLite's datetime columns hold
    it."""

    def run(sql: str, values: Parameters) -> Sequence[Sequence[Any]]:
        bound = {
            name: sqlite_datetime(value) if isinstance(value, datetime) else value
            for name, value in values.items()
        }
        return raw.execute(sql, bound).fetchall()

    return run


def connection_run(connection: Connection) -> Run:
    """Queries run through a SQLAlchemy connection; a datetime is bound by the ``UTCDateTime``
    column type, as it is for the columns it is compared with."""
    from sqlalchemy import bindparam, text

    from netcrm.store.types import UTCDateTime

    def run(sql: str, values: Parameters) -> Sequence[Sequence[Any]]:
        query = text(sql)
        stamps = [
            bindparam(n, type_=UTCDateTime()) for n, v in values.items() if isinstance(v, datetime)
        ]
        if stamps:
            query = query.bindparams(*stamps)
        # Fetched whole (``all()``): iterating a result fetches row by row, much slower for the
        # thousands of rows of a large network.
        return connection.execute(query, values).all()

    return run


def read_due(run: Run, today: date, until: date) -> list[DueItem]:
    """The items, each query run by ``run``, sorted by due date."""
    window = {"until": until.isoformat()}
    birthdays, birthday_window = birthdays_query(today, until)
    put_off = read_dismissed(run, today)
    items: list[DueItem] = []
    for fid, due, title, recurrence, cid, name in run(FOLLOW_UPS, window):
        day = as_date(due)
        overdue = max((today - day).days, 0)
        items.append(DueItem("follow-up", cid, name, day, overdue, title, fid, recurrence))
    for cid, name, due, cadence in run(CADENCES, window):
        day = as_date(due)
        day = max(day, put_off.get((cid, "keep-in-touch"), day))
        if day > until:
            continue  # snoozed past the window
        overdue = max((today - day).days, 0)
        title = f"Keep in touch ({cadence})"
        items.append(DueItem("keep-in-touch", cid, name, day, overdue, title))
    for cid, name, birthday in run(birthdays, birthday_window):
        born = as_date(birthday)
        when = next_birthday(born, today)
        if when <= until and put_off.get((cid, "birthday"), when) <= when:
            age = when.year - born.year if born.year != YEARLESS else 0
            title = f"Birthday ({age})" if age > 0 else "Birthday"
            items.append(DueItem("birthday", cid, name, when, 0, title))
    items.sort(key=lambda i: (i.due, KIND_ORDER[i.kind], i.contact, i.id or 0))
    return items


def read_dismissed(run: Run, today: date) -> dict[tuple[int, str], date]:
    """(contact id, kind) -> the day "not now" puts it off to, for those still in force."""
    put_off: dict[tuple[int, str], date] = {}
    for cid, kind, until in run(DISMISSED, {"today": today.isoformat()}):
        day = as_date(until)
        put_off[(cid, kind)] = max(day, put_off.get((cid, kind), day))
    return put_off


def birthdays_query(today: date, until: date) -> tuple[str, dict[str, str]]:
    """(contact id, name, birthday) of birthdays that may fall from ``today`` to ``until``, and
    the query's parameters.

    The window is a condition on the MM-DD key, wrapping over the new year; 29 February is
    always read, and ``read_due`` decides in which years it falls. Short windows list their
    days, so the (trashed_at, birthday_md) index answers them directly, where an OR of ranges
    would read every contact.
    """
    days = (until - today).days
    parameters: dict[str, str] = {}
    if days >= 365:
        window = "birthday_md IS NOT NULL"
    elif days < BIRTHDAY_DAYS_LISTED:
        keys = {(today + timedelta(days=n)).strftime("%m-%d") for n in range(days + 1)}
        parameters = {f"day{n}": key for n, key in enumerate(sorted(keys | {"02-29"}))}
        window = f"birthday_md IN ({', '.join(f':{name}' for name in parameters)})"
    else:
        parameters = {"start": today.strftime("%m-%d"), "end": until.strftime("%m-%d")}
        joint = "AND" if today.year == until.year else "OR"
        window = f"(birthday_md >= :start {joint} birthday_md <= :end) OR birthday_md = '02-29'"
    query = f"SELECT id, name, birthday FROM contact WHERE {live_sql()} AND ({window})"
    return query, parameters


def as_date(value: date | str) -> date:
    """A date column's value: SQLite gives its ISO text, PostgreSQL a ``date``."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def as_datetime(value: datetime | str) -> datetime:
    """A ``UTCDateTime`` column's value, aware in UTC: SQLite gives naive UTC text, PostgreSQL
    an aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def next_birthday(birthday: date, today: date) -> date:
    """The next birthday on or after today; 29 February is celebrated on the 28th in other years."""
    for year in (today.year, today.year + 1):
        try:
            candidate = birthday.replace(year=year)
        except ValueError:
            candidate = date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable")
