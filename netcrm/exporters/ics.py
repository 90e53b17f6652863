"""An RFC 5545 calendar of what needs me: open follow-ups, keep-in-touch dues and birthdays.

Everything is an all-day event (``VEVENT``), because the calendars people use — Google
Calendar, Outlook, khal — skip to-dos (``VTODO``). Each event starts on its day
(``DTSTART;VALUE=DATE``) and ends the next (``DTEND``, exclusive), is free time
(``TRANSP:TRANSPARENT``: it never makes me look busy) and has an alarm at 9:00 on the day
(``TRIGGER:PT9H``, nine hours after the all-day start).

- A follow-up is ``followup-<id>@netcrm``, on its due date.
- A keep-in-touch date is ``touch-<contact id>@netcrm``: logging a conversation moves it to
  its new date under the same UID.
- A birthday of a live contact is ``birthday-<contact id>@netcrm``, repeating every year
  (``RRULE:FREQ=YEARLY``). It starts on the real birth date when the year is known; when it is
  not, on the first birthday on or after the day the contact was added, so the event never
  claims a year of birth and never moves from one export to the next. Someone born on
  29 February repeats on the last day of February (``BYMONTH=2;BYMONTHDAY=-1``): the 29th in
  leap years, the 28th in the others, as netcrm's own due list has it. A plain yearly rule
  from 29 February would skip three years out of four (RFC 5545 drops invalid dates).

UIDs stay the same from one export to the next, so a calendar that re-subscribes or imports the
file again updates its events instead of adding copies. A client that compares ``SEQUENCE``
numbers on import takes an event with a lower one for an out-of-date copy (as iTIP, RFC 5546,
orders revisions), so an event that changed must carry a higher one. netcrm keeps no
revision counter per item, so the number is derived from two quantities of the store that only
grow, added together:

- the seconds from 2020-01-01 UTC to the contact's latest change (``updated_at``): renaming the
  contact (it is in every title), changing the cadence (in the keep-in-touch title) or the
  birthday, or logging a conversation with them (which moves the keep-in-touch date);
- the days from the day the item was created (the follow-up; for a keep-in-touch date the
  contact) to its date: snoozing a follow-up later raises it by the days it moved. Birthdays
  add nothing here: their start only moves when the birthday is edited, which the first
  quantity counts.

Neither is a hash or a counter kept anywhere, so two exports of an unchanged item give the same
number, and an item that moves later or is renamed always gets a higher one. What moves an item
earlier without another change (snoozing to an earlier date, undoing a snooze) gives a lower
number; a client that compares it keeps the later
copy until the item changes again. Subscriptions and khal take the file as it is.

The content lines are written directly: the icalendar library builds and serialises an object
tree per event, too slow for a large network. The tests read every export back with icalendar
and compare it with the calendar icalendar itself builds from the same items, and import it
into khal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from netcrm import __version__
from netcrm.domain.dates import YEARLESS
from netcrm.exporters.contentlines import content, escape
from netcrm.services.clock import Clock
from netcrm.services.due.items import DueItem, next_birthday
from netcrm.services.exporting import AgendaItem, export_agenda
from netcrm.store.engine import Store

PRODID = f"-//netcrm//netcrm {__version__}//EN"
CALENDAR_NAME = "netcrm follow-ups"
REFRESH = "PT12H"
#: The alarm rings at 9:00 on the day: the start of the all-day event plus nine hours.
ALARM_TRIGGER = "PT9H"
#: SEQUENCE counts seconds from here; an RFC 5545 INTEGER holds them until 2088.
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
YEARLY = "FREQ=YEARLY"
#: Born on 29 February: the last day of every February.
YEARLY_LEAP_DAY = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def item_uid(item: DueItem) -> str:
    if item.kind == "follow-up":
        return f"followup-{item.id}@netcrm"
    if item.kind == "birthday":
        return f"birthday-{item.contact_id}@netcrm"
    return f"touch-{item.contact_id}@netcrm"


def summary(item: DueItem) -> str:
    """``Follow up with Budi: send the deck``; a title that already says so is kept as it is.
    A birthday is ``Birthday: Budi`` (the age changes every year, the event does not)."""
    if item.kind == "birthday":
        return f"Birthday: {item.contact}"
    if item.title.lower().startswith("follow up with"):
        return item.title
    return f"Follow up with {item.contact}: {item.title}"


def description(entry: AgendaItem) -> str:
    item = entry.item
    if item.kind == "follow-up":
        lines = [item.title]
        if item.recurrence:
            lines.append(f"Repeats {item.recurrence}.")
        lines.append(f"When it is done: netcrm done {item.id}")
    elif item.kind == "birthday":
        born = entry.born or item.due
        if born.year == YEARLESS:
            lines = [f"Born on {born.day} {_MONTHS[born.month - 1]}; the year is not known."]
        else:
            lines = [f"Born on {born.isoformat()}."]
    else:
        lines = [
            f"{item.title}: talk to {item.contact} again.",
            "Logging a conversation with them moves this to the next date.",
        ]
    return "\n".join(lines)


def start(entry: AgendaItem) -> date:
    """The event's first day: the due date, or for a birthday the first one it repeats from."""
    if entry.item.kind != "birthday":
        return entry.item.due
    born = entry.born or entry.item.due
    if born.year != YEARLESS:
        return born
    return next_birthday(born, entry.created)  # the first one after they were added


def recurrence(entry: AgendaItem) -> str | None:
    """A birthday's RRULE value; the other events happen once."""
    if entry.item.kind != "birthday":
        return None
    born = entry.born or entry.item.due
    return YEARLY_LEAP_DAY if (born.month, born.day) == (2, 29) else YEARLY


def sequence(entry: AgendaItem) -> int:
    """Grows whenever the event changes for the later or gets a new title (module docstring)."""
    seconds = int((entry.changed - SEQUENCE_EPOCH).total_seconds())
    days = 0 if entry.item.kind == "birthday" else (entry.item.due - entry.created).days
    return max(seconds + days, 0)


def render_ics(store: Store, clock: Clock) -> str:
    return agenda_ics(export_agenda(store, clock), clock.now())


def agenda_ics(entries: Iterable[AgendaItem], now: datetime) -> str:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"NAME:{escape(CALENDAR_NAME)}",
        f"X-WR-CALNAME:{escape(CALENDAR_NAME)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
    ]
    for entry in entries:
        item = entry.item
        title = escape(summary(item))
        first = start(entry)
        lines += (
            "BEGIN:VEVENT",
            f"UID:{item_uid(item)}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence(entry)}",
            f"DTSTART;VALUE=DATE:{_date(first)}",
            f"DTEND;VALUE=DATE:{_date(first + timedelta(days=1))}",
        )
        if rule := recurrence(entry):
            lines.append(f"RRULE:{rule}")
        lines += (
            f"SUMMARY:{title}",
            "TRANSP:TRANSPARENT",
            f"CATEGORIES:netcrm,{item.kind}",
            f"DESCRIPTION:{escape(description(entry))}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{title}",
            f"TRIGGER:{ALARM_TRIGGER}",
            "END:VALARM",
            "END:VEVENT",
        )
    lines.append("END:VCALENDAR")
    return content(lines)


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
