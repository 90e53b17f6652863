"""An RFC 5545 calendar of what needs me: open follow-ups and keep-in-touch dues as to-dos.

Each is a VTODO with an all-day DUE and a VALARM at 9:00 on that day. UIDs stay the same from
one export to the next (``followup-<id>@netcrm``, ``touch-<contact id>@netcrm``), so a calendar
that re-subscribes or re-imports updates them instead of adding copies; logging a conversation
moves a keep-in-touch to-do to its new date under the same UID. Birthdays are left to the
vCard export (BDAY), which address books and calendars already show.

The content lines are written directly: the icalendar library builds and serialises an object
tree per to-do, too slow for a large network. The tests read every export back with icalendar
and compare it with the calendar icalendar itself builds from the same items.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from netcrm import __version__
from netcrm.exporters.contentlines import content, escape
from netcrm.services.clock import Clock
from netcrm.services.due.items import DueItem
from netcrm.services.exporting import export_agenda
from netcrm.store.engine import Store

PRODID = f"-//netcrm//netcrm {__version__}//EN"
CALENDAR_NAME = "netcrm follow-ups"
REFRESH = "PT12H"
#: The alarm rings at 9:00 on the due day: the start of the all-day DUE plus nine hours.
ALARM_TRIGGER = "PT9H"


def item_uid(item: DueItem) -> str:
    if item.kind == "follow-up":
        return f"followup-{item.id}@netcrm"
    return f"touch-{item.contact_id}@netcrm"


def summary(item: DueItem) -> str:
    """``Follow up with Budi: send the deck``; a title that already says so is kept as it is."""
    if item.title.lower().startswith("follow up with"):
        return item.title
    return f"Follow up with {item.contact}: {item.title}"


def description(item: DueItem) -> str:
    if item.kind == "follow-up":
        lines = [item.title]
        if item.recurrence:
            lines.append(f"Repeats {item.recurrence}.")
        lines.append(f"When it is done: netcrm done {item.id}")
    else:
        lines = [
            f"{item.title}: talk to {item.contact} again.",
            "Logging a conversation with them moves this to the next date.",
        ]
    return "\n".join(lines)


def render_ics(store: Store, clock: Clock) -> str:
    return agenda_ics(export_agenda(store, clock), clock.now())


def agenda_ics(items: Iterable[DueItem], now: datetime) -> str:
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
    for item in items:
        title = escape(summary(item))
        lines += (
            "BEGIN:VTODO",
            f"UID:{item_uid(item)}",
            f"DTSTAMP:{stamp}",
            f"SUMMARY:{title}",
            f"DUE;VALUE=DATE:{_date(item.due)}",
            "STATUS:NEEDS-ACTION",
            f"CATEGORIES:netcrm,{item.kind}",
            f"DESCRIPTION:{escape(description(item))}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{title}",
            f"TRIGGER;RELATED=END:{ALARM_TRIGGER}",
            "END:VALARM",
            "END:VTODO",
        )
    lines.append("END:VCALENDAR")
    return content(lines)


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"
