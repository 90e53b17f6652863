"""Keep-in-touch cadences: next due day and how late a touch is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.cadence import next_touch_due, overdue_ratio
from netcrm.domain.intervals import Interval, parse_interval

WEEKLY = Interval(1, "week")
MONTHLY = Interval(1, "month")


@pytest.mark.parametrize(
    ("last_talked", "cadence", "set_on", "due"),
    [
        (date(2026, 11, 1), WEEKLY, date(2026, 1, 1), date(2026, 11, 8)),
        (date(2026, 11, 1), MONTHLY, date(2026, 1, 1), date(2026, 12, 1)),
        (date(2027, 1, 31), MONTHLY, date(2026, 1, 1), date(2027, 2, 28)),
        (date(2026, 11, 25), Interval(3, "month"), date(2026, 1, 1), date(2027, 2, 25)),
        (date(2024, 2, 29), Interval(1, "year"), date(2020, 1, 1), date(2025, 2, 28)),
        # never talked to: due one cadence after the cadence was set
        (None, WEEKLY, date(2026, 11, 20), date(2026, 11, 27)),
        (None, Interval(2, "week"), date(2026, 11, 25), date(2026, 12, 9)),
        # cadence set after the last talk: the last talk still counts
        (date(2026, 10, 1), MONTHLY, date(2026, 11, 20), date(2026, 11, 1)),
    ],
)
def test_next_touch_due(
    last_talked: date | None, cadence: Interval, set_on: date, due: date
) -> None:
    assert next_touch_due(last_talked, cadence, set_on) == due


def test_logging_a_conversation_resets_the_clock() -> None:
    set_on = date(2026, 1, 1)
    before = next_touch_due(date(2026, 10, 1), MONTHLY, set_on)
    after = next_touch_due(date(2026, 11, 25), MONTHLY, set_on)
    assert (before, after) == (date(2026, 11, 1), date(2026, 12, 25))


@pytest.mark.parametrize(
    ("due", "cadence", "today", "ratio"),
    [
        (date(2026, 11, 25), WEEKLY, date(2026, 11, 25), 0.0),
        (date(2026, 11, 30), WEEKLY, date(2026, 11, 25), 0.0),
        (date(2026, 11, 24), WEEKLY, date(2026, 11, 25), 1 / 7),
        (date(2026, 11, 18), WEEKLY, date(2026, 11, 25), 1.0),
        (date(2026, 11, 11), WEEKLY, date(2026, 11, 25), 2.0),
        (date(2026, 10, 26), MONTHLY, date(2026, 11, 25), 30 / 30.44),
        (date(2025, 11, 25), Interval(1, "year"), date(2026, 11, 25), 365 / 365.25),
        (date(2026, 11, 15), Interval(10, "day"), date(2026, 11, 25), 1.0),
    ],
)
def test_overdue_ratio(due: date, cadence: Interval, today: date, ratio: float) -> None:
    assert overdue_ratio(due, cadence, today) == pytest.approx(ratio, abs=1e-12)


def test_overdue_ratio_is_a_float() -> None:
    assert type(overdue_ratio(date(2026, 11, 30), WEEKLY, date(2026, 11, 25))) is float
    assert type(overdue_ratio(date(2026, 11, 18), WEEKLY, date(2026, 11, 25))) is float


cadences = st.sampled_from(
    [
        parse_interval(t)
        for t in ("daily", "weekly", "every 2 weeks", "monthly", "quarterly", "yearly")
    ]
)
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


@given(last=st.none() | dates, cadence=cadences, set_on=dates)
def test_next_touch_due_is_one_cadence_after_the_start(
    last: date | None, cadence: Interval, set_on: date
) -> None:
    due = next_touch_due(last, cadence, set_on)
    start = last if last is not None else set_on
    assert due == cadence.after(start)
    assert due > start


@given(due=dates, cadence=cadences, today=dates, later=st.integers(0, 3000))
def test_overdue_ratio_grows_with_time_and_is_never_negative(
    due: date, cadence: Interval, today: date, later: int
) -> None:
    now_ratio = overdue_ratio(due, cadence, today)
    later_ratio = overdue_ratio(due, cadence, today + timedelta(days=later))
    assert now_ratio >= 0.0
    assert later_ratio >= now_ratio
    assert (now_ratio == 0.0) == (today <= due)
