"""What is due in a window: open follow-ups, slipped keep-in-touch cadences, birthdays.

This is the read path of ``netcrm due``, which runs many times a day, so it stays off the ORM:
SQLModel, pydantic and the mapped models take as long to import as the rest of the command. The
queries name the few columns they read through the lightweight SQLAlchemy Core tables of
``lean`` (the same SQL on SQLite and PostgreSQL, dates typed the same way).
The weekly review (``agenda``) builds on ``due_items`` inside its own session.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, or_, select

from netcrm.domain.dates import YEARLESS
from netcrm.domain.errors import BadInput
from netcrm.services.lean import CONTACT, FOLLOW_UP, LIVE
from netcrm.services.records import DueItem

if TYPE_CHECKING:
    from netcrm.store.engine import Store

WEEK_DAYS = 7
MAX_WINDOW_DAYS = 3660
BIRTHDAY_DAYS_LISTED = 62
KIND_ORDER = {"follow-up": 0, "keep-in-touch": 1, "birthday": 2}


def due_between(store: Store, today: date, days: int = WEEK_DAYS) -> list[DueItem]:
    """Overdue items and items due from ``today`` to ``today + days - 1``, sorted by due date."""
    if days < 1 or days > MAX_WINDOW_DAYS:
        raise BadInput(f"The window must be between 1 and {MAX_WINDOW_DAYS} days.")
    with store.connection() as connection:
        return due_items(connection, today, today + timedelta(days=days - 1))


def due_items(connection: Any, today: date, until: date) -> list[DueItem]:
    """The items, read through ``connection`` (a Core connection or an ORM session).

    Results are fetched whole (``all()``): iterating a result fetches row by row, three times
    slower for the two thousand rows of a 10k-contact network.
    """
    contact, follow_up = CONTACT.c, FOLLOW_UP.c
    items: list[DueItem] = []
    for fid, due, title, recurrence, cid, name in connection.execute(
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
    ).all():
        overdue = (today - due).days
        items.append(DueItem("follow-up", cid, name, due, max(overdue, 0), title, fid, recurrence))
    for cid, name, due, cadence in connection.execute(
        select(contact.id, contact.name, contact.next_touch_due, contact.cadence).where(
            LIVE, contact.next_touch_due.is_not(None), contact.next_touch_due <= until
        )
    ).all():
        overdue = (today - due).days
        items.append(
            DueItem("keep-in-touch", cid, name, due, max(overdue, 0), f"Keep in touch ({cadence})")
        )
    for cid, name, birthday in connection.execute(
        select(contact.id, contact.name, contact.birthday).where(
            LIVE, birthday_window(today, until)
        )
    ).all():
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


def birthday_window(today: date, until: date):
    """MM-DD conditions, wrapping over the new year; 29 February is checked in Python.

    Short windows list their days, so the (trashed_at, birthday_md) index answers them directly
    (an OR of ranges would scan every contact).
    """
    md = CONTACT.c.birthday_md
    days = (until - today).days
    if days >= 365:
        return md.is_not(None)
    if days < BIRTHDAY_DAYS_LISTED:
        keys = {(today + timedelta(days=n)).strftime("%m-%d") for n in range(days + 1)}
        return md.in_(sorted(keys | {"02-29"}))
    start, end = today.strftime("%m-%d"), until.strftime("%m-%d")
    if today.year == until.year:
        condition = and_(md >= start, md <= end)
    else:
        condition = or_(md >= start, md <= end)
    return or_(condition, md == "02-29")


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
