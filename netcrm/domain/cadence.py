"""Keep-in-touch cadences: when a contact is next due for a conversation, and how late.

Next due = last conversation + cadence, so logging a conversation resets the clock. A
contact never talked to is due one cadence after the cadence was set. When the cadence was
set (or changed) after the last conversation, the last conversation still counts: the
question is "how long since we last talked?", not "how long since I set a reminder?".
"""

from __future__ import annotations

from datetime import date

from netcrm.domain.intervals import Interval


def next_touch_due(last_talked: date | None, cadence: Interval, cadence_set_on: date) -> date:
    """The day the next conversation is due: ``last_talked`` + cadence, or, if the contact
    was never talked to, ``cadence_set_on`` + cadence."""
    start = last_talked if last_talked is not None else cadence_set_on
    return cadence.after(start)


def overdue_ratio(next_due: date, cadence: Interval, today: date) -> float:
    """How many cadences late: 0.0 on or before the due day, else days overdue divided by
    the cadence's average length (a weekly touch 14 days late is 2.0)."""
    days_overdue = (today - next_due).days
    if days_overdue <= 0:
        return 0.0
    return days_overdue / cadence.approx_days
