"""What is due in a window: open follow-ups, slipped keep-in-touch cadences, birthdays.

This is the read path of ``netcrm due``, which runs many times a day, so it stays off the ORM:
SQLModel, pydantic and the mapped models take as long to import as the rest of the command. The
queries name the few columns they read through the lightweight SQLAlchemy Core tables of
``lean`` (the same SQL on SQLite and PostgreSQL, dates typed the same way). On a SQLite store
opened through ``sqlite3`` alone (``SqliteReader``) the same queries are written out in SQL, and
SQLAlchemy is not imported at all: importing it is most of what the command would cost.
The weekly review (``agenda``) builds on ``due_items`` on its own connection. ``DueItem`` lives
here, not with the other records: creating their twenty dataclasses would cost the command
about 20 ms.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from netcrm.domain.dates import YEARLESS
from netcrm.domain.errors import BadInput
from netcrm.store.sqlite import SqliteReader

if TYPE_CHECKING:
    from netcrm.store.engine import Store

WEEK_DAYS = 7
MAX_WINDOW_DAYS = 3660
BIRTHDAY_DAYS_LISTED = 62
KIND_ORDER = {"follow-up": 0, "keep-in-touch": 1, "birthday": 2}


class DueItem(NamedTuple):
    """Something that needs me: a follow-up, a slipped keep-in-touch cadence, or a birthday.

    A named tuple, not a frozen dataclass: a 10k-contact review builds two thousand of them,
    and a frozen dataclass takes five times as long to build.
    """

    kind: str  # "follow-up" | "keep-in-touch" | "birthday"
    contact_id: int
    contact: str
    due: date
    overdue_days: int
    title: str
    id: int | None = None  # the follow-up id, for done/snooze
    recurrence: str | None = None


#: (follow-up id, due, title, recurrence, contact id, name)
FollowUpRow = tuple[int, date, str, Any, int, str]
#: (contact id, name, next touch due, cadence)
CadenceRow = tuple[int, str, date, str]
#: (contact id, name, birthday)
BirthdayRow = tuple[int, str, date]


def due_between(store: Store | SqliteReader, today: date, days: int = WEEK_DAYS) -> list[DueItem]:
    """Overdue items and items due from ``today`` to ``today + days - 1``, sorted by due date."""
    if days < 1 or days > MAX_WINDOW_DAYS:
        raise BadInput(f"The window must be between 1 and {MAX_WINDOW_DAYS} days.")
    until = today + timedelta(days=days - 1)
    if isinstance(store, SqliteReader):
        with store.reading() as connection:
            return sqlite_due_items(connection, today, until)
    with store.connection() as connection:
        return due_items(connection, today, until)


def due_items(connection: Any, today: date, until: date) -> list[DueItem]:
    """The items, read through ``connection`` (a Core connection or an ORM session).

    Results are fetched whole (``all()``): iterating a result fetches row by row, three times
    slower for the two thousand rows of a 10k-contact network.
    """
    from sqlalchemy import select

    from netcrm.services.lean import CONTACT, FOLLOW_UP, LIVE

    contact, follow_up = CONTACT.c, FOLLOW_UP.c
    follow_ups = connection.execute(
        select(
            follow_up.id,
            follow_up.due,
            follow_up.title,
            follow_up.recurrence,
            contact.id,
            contact.name,
        )
        .select_from(FOLLOW_UP.join(CONTACT, contact.id == follow_up.contact_id))
        .where(follow_up.status == "open", follow_up.due <= until, LIVE)
    ).all()
    cadences = connection.execute(
        select(contact.id, contact.name, contact.next_touch_due, contact.cadence).where(
            LIVE, contact.next_touch_due.is_not(None), contact.next_touch_due <= until
        )
    ).all()
    birthdays = connection.execute(
        select(contact.id, contact.name, contact.birthday).where(
            LIVE, birthday_window(today, until)
        )
    ).all()
    return _items(today, until, follow_ups, cadences, birthdays)


def sqlite_due_items(connection: sqlite3.Connection, today: date, until: date) -> list[DueItem]:
    """``due_items`` through ``sqlite3``: the same SQL, with dates read from their ISO text."""
    day = date.fromisoformat
    last = until.isoformat()
    follow_ups = connection.execute(
        "SELECT f.id, f.due, f.title, f.recurrence, c.id, c.name "
        "FROM follow_up AS f JOIN contact AS c ON c.id = f.contact_id "
        "WHERE f.status = ? AND f.due <= ? AND c.trashed_at IS NULL",
        ("open", last),
    ).fetchall()
    cadences = connection.execute(
        "SELECT id, name, next_touch_due, cadence FROM contact "
        "WHERE trashed_at IS NULL AND next_touch_due IS NOT NULL AND next_touch_due <= ?",
        (last,),
    ).fetchall()
    condition, values = sqlite_birthday_window(today, until)
    birthdays = connection.execute(
        f"SELECT id, name, birthday FROM contact WHERE trashed_at IS NULL AND ({condition})",
        values,
    ).fetchall()
    return _items(
        today,
        until,
        [(fid, day(due), title, rec, cid, name) for fid, due, title, rec, cid, name in follow_ups],
        [(cid, name, day(due), cadence) for cid, name, due, cadence in cadences],
        [(cid, name, day(birthday)) for cid, name, birthday in birthdays],
    )


def _items(
    today: date,
    until: date,
    follow_ups: Iterable[FollowUpRow],
    cadences: Iterable[CadenceRow],
    birthdays: Iterable[BirthdayRow],
) -> list[DueItem]:
    items: list[DueItem] = []
    for fid, due, title, recurrence, cid, name in follow_ups:
        overdue = (today - due).days
        items.append(DueItem("follow-up", cid, name, due, max(overdue, 0), title, fid, recurrence))
    for cid, name, due, cadence in cadences:
        overdue = (today - due).days
        items.append(
            DueItem("keep-in-touch", cid, name, due, max(overdue, 0), f"Keep in touch ({cadence})")
        )
    for cid, name, birthday in birthdays:
        when = next_birthday(birthday, today)
        if when <= until:
            age = when.year - birthday.year if birthday.year != YEARLESS else 0
            items.append(
                DueItem(
                    "birthday", cid, name, when, 0, f"Birthday ({age})" if age > 0 else "Birthday"
                )
            )
    items.sort(key=lambda i: (i.due, KIND_ORDER[i.kind], i.contact, i.id or 0))
    return items


def birthday_keys(today: date, until: date) -> list[str] | None:
    """The MM-DD keys of a short window (and 02-29), or None when a range is better.

    Short windows list their days, so the (trashed_at, birthday_md) index answers them directly
    (an OR of ranges would scan every contact).
    """
    days = (until - today).days
    if days >= BIRTHDAY_DAYS_LISTED:
        return None
    keys = {(today + timedelta(days=n)).strftime("%m-%d") for n in range(days + 1)}
    return sorted(keys | {"02-29"})


def birthday_window(today: date, until: date):
    """MM-DD conditions, wrapping over the new year; 29 February is checked in Python."""
    from sqlalchemy import and_, or_

    from netcrm.services.lean import CONTACT

    md = CONTACT.c.birthday_md
    if (until - today).days >= 365:
        return md.is_not(None)
    keys = birthday_keys(today, until)
    if keys is not None:
        return md.in_(keys)
    start, end = today.strftime("%m-%d"), until.strftime("%m-%d")
    if today.year == until.year:
        condition = and_(md >= start, md <= end)
    else:
        condition = or_(md >= start, md <= end)
    return or_(condition, md == "02-29")


def sqlite_birthday_window(today: date, until: date) -> tuple[str, list[str]]:
    """``birthday_window`` as SQL text and its values."""
    if (until - today).days >= 365:
        return "birthday_md IS NOT NULL", []
    keys = birthday_keys(today, until)
    if keys is not None:
        return f"birthday_md IN ({', '.join('?' * len(keys))})", keys
    start, end = today.strftime("%m-%d"), until.strftime("%m-%d")
    joint = "AND" if today.year == until.year else "OR"
    return (
        f"(birthday_md >= ? {joint} birthday_md <= ?) OR birthday_md = ?",
        [start, end, "02-29"],
    )


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
