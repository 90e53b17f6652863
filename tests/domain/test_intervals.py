"""Recurrence intervals: parsing, canonical text and anchor-based arithmetic."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.errors import BadInput
from netcrm.domain.intervals import Interval, IntervalParseError, parse_interval

ACCEPTED: dict[str, tuple[int, str]] = {
    "every 2 weeks": (2, "week"),
    "every week": (1, "week"),
    "2 weeks": (2, "week"),
    "every 3 months": (3, "month"),
    "daily": (1, "day"),
    "weekly": (1, "week"),
    "biweekly": (2, "week"),
    "fortnightly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "yearly": (1, "year"),
    "annually": (1, "year"),
    "half-yearly": (6, "month"),
    "semiannually": (6, "month"),
    "every 10 days": (10, "day"),
    "every year": (1, "year"),
    "every day": (1, "day"),
    "every month": (1, "month"),
    "every 1 day": (1, "day"),
    "every 2 week": (2, "week"),
    "every two weeks": (2, "week"),
    "a week": (1, "week"),
    "every other week": (2, "week"),
    "every other month": (2, "month"),
    "once a month": (1, "month"),
    "once a week": (1, "week"),
    "per year": (1, "year"),
    "every fortnight": (2, "week"),
    "every quarter": (3, "month"),
    "every 2 quarters": (6, "month"),
    "every 12 months": (12, "month"),
    "10 days": (10, "day"),
    "2w": (2, "week"),
    "10d": (10, "day"),
    "3m": (3, "month"),
    "1y": (1, "year"),
    "2 w": (2, "week"),
    "  Every   2  WEEKS ": (2, "week"),
    "MONTHLY": (1, "month"),
    "every 3653 days": (3653, "day"),
    "every 521 weeks": (521, "week"),
    "every 120 months": (120, "month"),
    "every 10 years": (10, "year"),
}


@pytest.mark.parametrize("text", list(ACCEPTED))
def test_accepted_forms(text: str) -> None:
    count, unit = ACCEPTED[text]
    assert parse_interval(text) == Interval(count, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (Interval(1, "day"), "every day"),
        (Interval(1, "week"), "every week"),
        (Interval(2, "week"), "every 2 weeks"),
        (Interval(1, "month"), "every month"),
        (Interval(3, "month"), "every 3 months"),
        (Interval(1, "year"), "every year"),
        (Interval(10, "day"), "every 10 days"),
        (Interval(5, "year"), "every 5 years"),
    ],
)
def test_canonical_text(interval: Interval, text: str) -> None:
    assert interval.text == text
    assert parse_interval(text) == interval


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("weekly", "every week"),
        ("monthly", "every month"),
        ("quarterly", "every 3 months"),
        ("yearly", "every year"),
        ("daily", "every day"),
        ("fortnightly", "every 2 weeks"),
    ],
)
def test_adverbs_have_canonical_text(word: str, text: str) -> None:
    assert parse_interval(word).text == text


@pytest.mark.parametrize(
    ("interval", "days"),
    [
        (Interval(1, "day"), 1.0),
        (Interval(10, "day"), 10.0),
        (Interval(1, "week"), 7.0),
        (Interval(2, "week"), 14.0),
        (Interval(1, "month"), 30.44),
        (Interval(3, "month"), 91.32),
        (Interval(1, "year"), 365.25),
        (Interval(2, "year"), 730.5),
    ],
)
def test_approx_days(interval: Interval, days: float) -> None:
    assert interval.approx_days == days


def test_delta() -> None:
    assert Interval(2, "week").delta == relativedelta(weeks=2)
    assert Interval(3, "month").delta == relativedelta(months=3)
    assert Interval(1, "year").delta == relativedelta(years=1)
    assert Interval(10, "day").delta == relativedelta(days=10)


def test_after_counts_from_the_anchor_without_drifting() -> None:
    monthly = Interval(1, "month")
    start = date(2027, 1, 31)
    assert [monthly.after(start, n) for n in range(5)] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
    ]
    assert monthly.after(date(2028, 1, 31)) == date(2028, 2, 29)
    assert Interval(1, "year").after(date(2024, 2, 29)) == date(2025, 2, 28)
    assert Interval(1, "year").after(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert Interval(2, "week").after(date(2026, 11, 25), 3) == date(2027, 1, 6)
    assert Interval(10, "day").after(date(2026, 12, 25)) == date(2027, 1, 4)
    assert Interval(3, "month").after(date(2026, 11, 30)) == date(2027, 2, 28)


def test_next_after() -> None:
    monthly = Interval(1, "month")
    anchor = date(2027, 1, 31)
    assert monthly.next_after(anchor, date(2027, 1, 31)) == date(2027, 2, 28)
    assert monthly.next_after(anchor, date(2027, 2, 27)) == date(2027, 2, 28)
    assert monthly.next_after(anchor, date(2027, 2, 28)) == date(2027, 3, 31)
    assert monthly.next_after(anchor, date(2027, 3, 30)) == date(2027, 3, 31)
    assert monthly.next_after(anchor, date(2027, 3, 31)) == date(2027, 4, 30)
    assert monthly.next_after(anchor, date(2020, 1, 1)) == date(2027, 2, 28)
    assert monthly.next_after(anchor, date(2127, 1, 30)) == date(2127, 1, 31)
    weekly = Interval(1, "week")
    assert weekly.next_after(date(2026, 11, 25), date(2026, 11, 25)) == date(2026, 12, 2)
    assert weekly.next_after(date(2026, 11, 25), date(2026, 12, 2)) == date(2026, 12, 9)
    assert weekly.next_after(date(2026, 11, 25), date(2026, 12, 3)) == date(2026, 12, 9)
    yearly = Interval(1, "year")
    assert yearly.next_after(date(2024, 2, 29), date(2025, 2, 28)) == date(2026, 2, 28)
    assert yearly.next_after(date(2024, 2, 29), date(2027, 3, 1)) == date(2028, 2, 29)


def test_next_after_past_the_calendar_end_overflows() -> None:
    with pytest.raises(OverflowError):
        Interval(1, "day").next_after(date(2000, 1, 1), date(9999, 12, 31))
    with pytest.raises(OverflowError):
        Interval(10, "year").next_after(date(2000, 1, 1), date(9995, 1, 1))


GENERIC = "try every 2 weeks, weekly, monthly, quarterly, yearly or every 10 days."
TOO_LONG = "is too long: the longest is every 10 years."

ERRORS: dict[str, str] = {
    "blorp": f'Cannot understand the interval "blorp": {GENERIC}',
    " blorp ": f'Cannot understand the interval "blorp": {GENERIC}',
    "": f"Please give an interval: {GENERIC}",
    "   ": f"Please give an interval: {GENERIC}",
    "every": f'Cannot understand the interval "every": {GENERIC}',
    "every weeks": f'Cannot understand the interval "every weeks": {GENERIC}',
    "every d": f'Cannot understand the interval "every d": {GENERIC}',
    "every 2": f'Cannot understand the interval "every 2": {GENERIC}',
    "every 2 fortnights please": (
        f'Cannot understand the interval "every 2 fortnights please": {GENERIC}'
    ),
    "every 2.5 weeks": f'Cannot understand the interval "every 2.5 weeks": {GENERIC}',
    "every blorp weeks": f'Cannot understand the interval "every blorp weeks": {GENERIC}',
    "bimonthly": f'Cannot understand the interval "bimonthly": {GENERIC}',
    "every 2 hours": f'Cannot understand the interval "every 2 hours": {GENERIC}',
    "every 0 days": f'The interval "every 0 days" must be at least one day: {GENERIC}',
    "0w": f'The interval "0w" must be at least one day: {GENERIC}',
    "every -2 weeks": f'The interval "every -2 weeks" must be positive: {GENERIC}',
    "-1 month": f'The interval "-1 month" must be positive: {GENERIC}',
    "every 11 years": f'The interval "every 11 years" {TOO_LONG}',
    "every 121 months": f'The interval "every 121 months" {TOO_LONG}',
    "every 522 weeks": f'The interval "every 522 weeks" {TOO_LONG}',
    "every 3654 days": f'The interval "every 3654 days" {TOO_LONG}',
    "every 41 quarters": f'The interval "every 41 quarters" {TOO_LONG}',
    "every 99999999999999999999 days": f'The interval "every 99999999999999999999 days" {TOO_LONG}',
}


@pytest.mark.parametrize("text", list(ERRORS))
def test_refusals_explain_in_one_sentence(text: str) -> None:
    with pytest.raises(IntervalParseError) as caught:
        parse_interval(text)
    assert str(caught.value) == ERRORS[text]
    assert isinstance(caught.value, BadInput)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("count", "unit", "message"),
    [
        (0, "day", 'The interval "every 0 days" must be at least one day: '),
        (-3, "month", 'The interval "every -3 months" must be at least one month: '),
        (11, "year", 'The interval "every 11 years" is too long: '),
        (2, "fortnight", 'The interval unit "fortnight" is unknown: '),
        (True, "day", 'The interval count "True" must be a whole number: '),
        (1.5, "day", 'The interval count "1.5" must be a whole number: '),
    ],
)
def test_invalid_intervals_cannot_be_built(count: object, unit: str, message: str) -> None:
    with pytest.raises(IntervalParseError) as caught:
        Interval(count, unit)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


# --- properties ---------------------------------------------------------------------------

MAX_COUNT = {"day": 3653, "week": 521, "month": 120, "year": 10}

intervals = st.sampled_from(["day", "week", "month", "year"]).flatmap(
    lambda unit: st.builds(Interval, st.integers(1, MAX_COUNT[unit]), st.just(unit))
)
small_intervals = st.sampled_from(["day", "week", "month", "year"]).flatmap(
    lambda unit: st.builds(Interval, st.integers(1, min(24, MAX_COUNT[unit])), st.just(unit))
)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
month_ends = st.builds(
    lambda year, month: date(year, month, 1) + relativedelta(day=31),
    st.integers(1900, 2200),
    st.integers(1, 12),
)


@given(interval=intervals)
def test_canonical_text_round_trips(interval: Interval) -> None:
    assert parse_interval(interval.text) == interval
    assert parse_interval(interval.text.upper()) == interval


@given(interval=small_intervals, start=dates, n=st.integers(0, 60))
def test_after_is_monotonic_in_times(interval: Interval, start: date, n: int) -> None:
    assert interval.after(start, 0) == start
    assert interval.after(start, n + 1) > interval.after(start, n)


@given(interval=small_intervals, start=dates, n=st.integers(0, 60))
def test_after_never_drifts_from_the_anchor_day(interval: Interval, start: date, n: int) -> None:
    result = interval.after(start, n)
    if interval.unit in ("month", "year"):
        # same day of month as the anchor, or the month's last day when it is shorter
        last_day = (result + relativedelta(day=31)).day
        assert result.day == min(start.day, last_day)
    else:
        step = interval.count * (7 if interval.unit == "week" else 1)
        assert (result - start).days == step * n


@given(interval=small_intervals, start=month_ends, n=st.integers(1, 60))
def test_month_ends_stay_month_ends_for_monthly_steps(
    interval: Interval, start: date, n: int
) -> None:
    if interval.unit not in ("month", "year") or start.day < 31:
        return
    result = interval.after(start, n)
    assert result == result + relativedelta(day=31)


@given(start=st.integers(1900, 2196).filter(calendar.isleap), n=st.integers(1, 3))
def test_leap_day_anchors_come_back_on_leap_years(start: int, n: int) -> None:
    yearly = Interval(1, "year")
    anchor = date(start, 2, 29)
    assert yearly.after(anchor, n) == date(start + n, 2, 28)
    back = start + 4
    assert yearly.after(anchor, 4) == date(back, 2, 29 if calendar.isleap(back) else 28)
    assert Interval(12, "month").after(anchor, 4) == yearly.after(anchor, 4)
    assert Interval(1, "month").after(anchor, 12) == date(start + 1, 2, 28)


@given(interval=intervals, anchor=dates, after=dates)
def test_next_after_is_the_first_lattice_point_strictly_after(
    interval: Interval, anchor: date, after: date
) -> None:
    result = interval.next_after(anchor, after)
    assert result > after
    assert result > anchor
    # on the anchor's lattice: anchor + k * interval for some k >= 1 ...
    if interval.unit in ("day", "week"):
        step = interval.count * (7 if interval.unit == "week" else 1)
        k, rest = divmod((result - anchor).days, step)
        assert rest == 0
    else:
        months = (result.year - anchor.year) * 12 + result.month - anchor.month
        step = interval.count * (12 if interval.unit == "year" else 1)
        k, rest = divmod(months, step)
        assert rest == 0
    assert k >= 1
    assert interval.after(anchor, k) == result
    # ... and the first one: the previous lattice point is not after `after`
    assert k == 1 or interval.after(anchor, k - 1) <= after


@given(interval=small_intervals, anchor=dates, gap=st.integers(0, 50_000))
def test_next_after_is_at_most_one_interval_past(
    interval: Interval, anchor: date, gap: int
) -> None:
    after = anchor + timedelta(days=gap)
    if after.year > 2200:
        return
    result = interval.next_after(anchor, after)
    assert after < result <= interval.after(after) + timedelta(days=3)
