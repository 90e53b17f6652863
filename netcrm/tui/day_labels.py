"""How days and moments read on screen: "Wed 25 Nov", "Wed 25 Nov 2026, 15:30"."""

from __future__ import annotations

from datetime import date, datetime


def day_label(day: date) -> str:
    """A day near today: weekday, day and month."""
    return f"{day:%a} {day.day} {day:%b}"


def full_day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def moment_label(at: datetime, has_time: bool) -> str:
    text = full_day_label(at.date())
    return f"{text}, {at:%H:%M}" if has_time else text


def week_label(start: date, end: date) -> str:
    """ "Wed 25 Nov – Tue 1 Dec 2026", the year once unless the range crosses it."""
    if start.year == end.year:
        return f"{day_label(start)} – {full_day_label(end)}"
    return f"{full_day_label(start)} – {full_day_label(end)}"
