"""Parsing and describing dates typed by people."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.dates import (
    DateParseError,
    ParsedWhen,
    describe_due,
    describe_relative,
    parse_date,
    parse_when,
)
from netcrm.domain.errors import BadInput

JAKARTA = ZoneInfo("Asia/Jakarta")
# Wednesday 2026-11-25 09:00, in UTC and in a zone seven hours ahead.
NOW_UTC = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
NOW_JKT = datetime(2026, 11, 25, 9, 0, tzinfo=JAKARTA)
NOWS = pytest.mark.parametrize("now", [NOW_UTC, NOW_JKT], ids=["utc", "jakarta"])

# text -> (date with prefer="past", date with prefer="future", time or None for date-only)
TABLE: dict[str, tuple[str, str, str | None]] = {
    # ISO
    "2026-12-01": ("2026-12-01", "2026-12-01", None),
    "2026-1-5": ("2026-01-05", "2026-01-05", None),
    "2026/12/01": ("2026-12-01", "2026-12-01", None),
    "2026-12-01T15:30": ("2026-12-01", "2026-12-01", "15:30"),
    "2026-12-01 15:30": ("2026-12-01", "2026-12-01", "15:30"),
    "2026-12-01 15:30:45": ("2026-12-01", "2026-12-01", "15:30:45"),
    "2026-12-01 3pm": ("2026-12-01", "2026-12-01", "15:00"),
    "1900-01-01": ("1900-01-01", "1900-01-01", None),
    "2200-12-31": ("2200-12-31", "2200-12-31", None),
    "2028-02-29": ("2028-02-29", "2028-02-29", None),
    # simple words
    "today": ("2026-11-25", "2026-11-25", None),
    "yesterday": ("2026-11-24", "2026-11-24", None),
    "tomorrow": ("2026-11-26", "2026-11-26", None),
    "day before yesterday": ("2026-11-23", "2026-11-23", None),
    "the day after tomorrow": ("2026-11-27", "2026-11-27", None),
    # ago / in
    "3 days ago": ("2026-11-22", "2026-11-22", None),
    "1 day ago": ("2026-11-24", "2026-11-24", None),
    "a week ago": ("2026-11-18", "2026-11-18", None),
    "2 weeks ago": ("2026-11-11", "2026-11-11", None),
    "3 months ago": ("2026-08-25", "2026-08-25", None),
    "a year ago": ("2025-11-25", "2025-11-25", None),
    "two years ago": ("2024-11-25", "2024-11-25", None),
    "0 days ago": ("2026-11-25", "2026-11-25", None),
    "in 3 days": ("2026-11-28", "2026-11-28", None),
    "in a week": ("2026-12-02", "2026-12-02", None),
    "in 2 weeks": ("2026-12-09", "2026-12-09", None),
    "in 1 month": ("2026-12-25", "2026-12-25", None),
    "in 3 months": ("2027-02-25", "2027-02-25", None),
    "in 2 years": ("2028-11-25", "2028-11-25", None),
    "in twelve days": ("2026-12-07", "2026-12-07", None),
    "2 days ago 3pm": ("2026-11-23", "2026-11-23", "15:00"),
    "in 2 weeks at 10am": ("2026-12-09", "2026-12-09", "10:00"),
    # weekdays (today is a Wednesday)
    "friday": ("2026-11-20", "2026-11-27", None),
    "fri": ("2026-11-20", "2026-11-27", None),
    "on friday": ("2026-11-20", "2026-11-27", None),
    "monday": ("2026-11-23", "2026-11-30", None),
    "wednesday": ("2026-11-25", "2026-11-25", None),
    "last friday": ("2026-11-20", "2026-11-20", None),
    "last wednesday": ("2026-11-18", "2026-11-18", None),
    "last thursday": ("2026-11-19", "2026-11-19", None),
    "next tuesday": ("2026-12-01", "2026-12-01", None),
    "next wednesday": ("2026-12-02", "2026-12-02", None),
    "next thursday": ("2026-11-26", "2026-11-26", None),
    "this monday": ("2026-11-23", "2026-11-23", None),
    "this sunday": ("2026-11-29", "2026-11-29", None),
    "next thurs": ("2026-11-26", "2026-11-26", None),
    # shifts and weekends
    "next week": ("2026-12-02", "2026-12-02", None),
    "last week": ("2026-11-18", "2026-11-18", None),
    "next month": ("2026-12-25", "2026-12-25", None),
    "last month": ("2026-10-25", "2026-10-25", None),
    "next year": ("2027-11-25", "2027-11-25", None),
    "this weekend": ("2026-11-28", "2026-11-28", None),
    "next weekend": ("2026-12-05", "2026-12-05", None),
    "last weekend": ("2026-11-21", "2026-11-21", None),
    # times
    "friday 3pm": ("2026-11-20", "2026-11-27", "15:00"),
    "friday at 3pm": ("2026-11-20", "2026-11-27", "15:00"),
    "yesterday 14:30": ("2026-11-24", "2026-11-24", "14:30"),
    "last friday 3pm": ("2026-11-20", "2026-11-20", "15:00"),
    "last friday 3:30 pm": ("2026-11-20", "2026-11-20", "15:30"),
    "3pm": ("2026-11-25", "2026-11-25", "15:00"),
    "3 pm": ("2026-11-25", "2026-11-25", "15:00"),
    "9:45am": ("2026-11-25", "2026-11-25", "09:45"),
    "12am": ("2026-11-25", "2026-11-25", "00:00"),
    "12pm": ("2026-11-25", "2026-11-25", "12:00"),
    "3 p.m.": ("2026-11-25", "2026-11-25", "15:00"),
    "15:30": ("2026-11-25", "2026-11-25", "15:30"),
    "at 15:30": ("2026-11-25", "2026-11-25", "15:30"),
    "15:30 yesterday": ("2026-11-24", "2026-11-24", "15:30"),
    "3pm tomorrow": ("2026-11-26", "2026-11-26", "15:00"),
    "today at noon": ("2026-11-25", "2026-11-25", "12:00"),
    "tomorrow midnight": ("2026-11-26", "2026-11-26", "00:00"),
    "0:00": ("2026-11-25", "2026-11-25", "00:00"),
    "23:59": ("2026-11-25", "2026-11-25", "23:59"),
    # day and month names
    "3 dec": ("2025-12-03", "2026-12-03", None),
    "Dec 3": ("2025-12-03", "2026-12-03", None),
    "3 December": ("2025-12-03", "2026-12-03", None),
    "december 3rd": ("2025-12-03", "2026-12-03", None),
    "the 3rd of december": ("2025-12-03", "2026-12-03", None),
    "3 December 2026": ("2026-12-03", "2026-12-03", None),
    "December 3, 2026": ("2026-12-03", "2026-12-03", None),
    "dec. 3 2026": ("2026-12-03", "2026-12-03", None),
    "thu 3 dec 2026": ("2026-12-03", "2026-12-03", None),
    "Thursday, December 3, 2026": ("2026-12-03", "2026-12-03", None),
    "1 nov": ("2026-11-01", "2027-11-01", None),
    "25 nov": ("2026-11-25", "2026-11-25", None),
    "24 nov": ("2026-11-24", "2027-11-24", None),
    "26 nov": ("2025-11-26", "2026-11-26", None),
    "sept 9": ("2026-09-09", "2027-09-09", None),
    "29 feb": ("2024-02-29", "2028-02-29", None),
    "3 dec 3pm": ("2025-12-03", "2026-12-03", "15:00"),
    "3 December 2026 15:30": ("2026-12-03", "2026-12-03", "15:30"),
}


def _expected(now: datetime, day: str, clock: str | None) -> ParsedWhen:
    parsed_day = date.fromisoformat(day)
    if clock is None:
        return ParsedWhen(datetime.combine(parsed_day, time(12), tzinfo=now.tzinfo), False)
    parsed_time = time.fromisoformat(clock)
    return ParsedWhen(datetime.combine(parsed_day, parsed_time, tzinfo=now.tzinfo), True)


@NOWS
@pytest.mark.parametrize("text", list(TABLE))
def test_accepted_forms(now: datetime, text: str) -> None:
    past, future, clock = TABLE[text]
    assert parse_when(text, now) == _expected(now, past, clock)
    assert parse_when(text, now, prefer="past") == _expected(now, past, clock)
    assert parse_when(text, now, prefer="future") == _expected(now, future, clock)


@NOWS
@pytest.mark.parametrize("text", ["  Last FRIDAY  3PM ", "LAST\tfriday\n3pm", "Last Friday 3pm"])
def test_case_and_whitespace_do_not_matter(now: datetime, text: str) -> None:
    assert parse_when(text, now) == _expected(now, "2026-11-20", "15:00")


@NOWS
def test_result_is_in_the_timezone_of_now(now: datetime) -> None:
    result = parse_when("yesterday", now)
    assert result.at.tzinfo is now.tzinfo
    assert result.date == date(2026, 11, 24)


@NOWS
@pytest.mark.parametrize("text", ["now", "NOW", " right now ", "just now"])
def test_now_is_now_with_time(now: datetime, text: str) -> None:
    assert parse_when(text, now) == ParsedWhen(now, True)


@NOWS
@pytest.mark.parametrize(
    ("text", "delta"),
    [
        ("2 hours ago", timedelta(hours=-2)),
        ("an hour ago", timedelta(hours=-1)),
        ("in 30 minutes", timedelta(minutes=30)),
        ("in 3 hours", timedelta(hours=3)),
        ("10 mins ago", timedelta(minutes=-10)),
        ("in 24 hours", timedelta(hours=24)),
    ],
)
def test_hours_and_minutes_are_exact(now: datetime, text: str, delta: timedelta) -> None:
    result = parse_when(text, now)
    assert result.has_time is True
    assert result.at == now + delta
    assert result.at.tzinfo is now.tzinfo


def test_hours_ago_counts_real_hours_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Clocks went back from 03:00 CEST to 02:00 CET on 2026-10-25.
    now = datetime(2026, 10, 25, 4, 0, tzinfo=berlin)
    result = parse_when("3 hours ago", now)
    assert result.at.astimezone(UTC) == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    assert result.at.astimezone(UTC) == now.astimezone(UTC) - timedelta(hours=3)


def test_iso_offset_is_converted_into_the_timezone_of_now() -> None:
    result = parse_when("2026-12-01T15:30Z", NOW_JKT)
    assert result == ParsedWhen(datetime(2026, 12, 1, 22, 30, tzinfo=JAKARTA), True)
    result = parse_when("2026-12-01T15:30+02:00", NOW_UTC)
    assert result == ParsedWhen(datetime(2026, 12, 1, 13, 30, tzinfo=UTC), True)
    result = parse_when("2026-12-01 23:30-05:00", NOW_JKT)
    assert result.date == date(2026, 12, 2)
    assert result.at.hour == 11


def test_date_only_results_keep_the_day_in_utc() -> None:
    for now in (NOW_JKT, datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))):
        result = parse_when("2026-12-01", now)
        assert result.at.time() == time(12, 0)
        assert result.at.astimezone(UTC).date() == date(2026, 12, 1)


def test_this_weekend_on_saturday_and_sunday_is_today() -> None:
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    sunday = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert parse_when("this weekend", saturday).date == date(2026, 11, 28)
    assert parse_when("this weekend", sunday).date == date(2026, 11, 29)
    assert parse_when("next weekend", sunday).date == date(2026, 12, 5)
    assert parse_when("last weekend", sunday).date == date(2026, 11, 21)


def test_last_and_next_weekday_skip_today() -> None:
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert parse_when("last friday", friday).date == date(2026, 11, 20)
    assert parse_when("next friday", friday).date == date(2026, 12, 4)
    assert parse_when("friday", friday).date == date(2026, 11, 27)
    assert parse_when("friday", friday, prefer="future").date == date(2026, 11, 27)


def test_next_month_from_a_month_end_clamps() -> None:
    jan31 = datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    assert parse_when("next month", jan31).date == date(2027, 2, 28)
    assert parse_when("in 1 month", jan31).date == date(2027, 2, 28)
    assert parse_when("a month ago", datetime(2028, 3, 31, tzinfo=UTC)).date == date(2028, 2, 29)


def test_parse_date_is_the_day_of_parse_when() -> None:
    today = date(2026, 11, 25)
    assert parse_date("yesterday", today) == date(2026, 11, 24)
    assert parse_date("friday", today) == date(2026, 11, 20)
    assert parse_date("friday", today, prefer="future") == date(2026, 11, 27)
    assert parse_date("3 dec", today, "future") == date(2026, 12, 3)
    assert parse_date("last friday 3pm", today) == date(2026, 11, 20)
    assert parse_date("2026-12-01", today) == date(2026, 12, 1)


GENERIC = (
    "try 2026-12-01, today, yesterday, 3 days ago, in 2 weeks, last friday, next tuesday, "
    "friday 3pm or 3 Dec."
)

ERRORS: dict[str, str] = {
    "blorp": f'Cannot understand the date "blorp": {GENERIC}',
    "  blorp  ": f'Cannot understand the date "blorp": {GENERIC}',
    "": f"Please give a date: {GENERIC}",
    "   ": f"Please give a date: {GENERIC}",
    "\t\n": f"Please give a date: {GENERIC}",
    "dec": f'Cannot understand the date "dec": {GENERIC}',
    "2026": f'Cannot understand the date "2026": {GENERIC}',
    "3": f'Cannot understand the date "3": {GENERIC}',
    "now 3pm": f'Cannot understand the date "now 3pm": {GENERIC}',
    "2 hours ago 3pm": f'Cannot understand the date "2 hours ago 3pm": {GENERIC}',
    "friday 3pm+07:00": f'Cannot understand the date "friday 3pm+07:00": {GENERIC}',
    "yesterday 15:30+07:00": f'Cannot understand the date "yesterday 15:30+07:00": {GENERIC}',
    "next": f'Cannot understand the date "next": {GENERIC}',
    "in 3 fortnights": f'Cannot understand the date "in 3 fortnights": {GENERIC}',
    "every week": f'Cannot understand the date "every week": {GENERIC}',
    "blorp 5pm": f'Cannot understand the date "blorp 5pm": {GENERIC}',
    "3 days": f'Cannot understand the date "3 days": {GENERIC}',
    "friday friday": f'Cannot understand the date "friday friday": {GENERIC}',
    "12/03": (
        'The date "12/03" is ambiguous (day/month or month/day?): '
        "write it like 2026-12-01 or 1 Dec."
    ),
    "12/03/2026": (
        'The date "12/03/2026" is ambiguous (day/month or month/day?): '
        "write it like 2026-12-01 or 1 Dec."
    ),
    "03.12.2026": (
        'The date "03.12.2026" is ambiguous (day/month or month/day?): '
        "write it like 2026-12-01 or 1 Dec."
    ),
    "12/03 3pm": (
        'The date "12/03 3pm" is ambiguous (day/month or month/day?): '
        "write it like 2026-12-01 or 1 Dec."
    ),
    "2026-02-31": 'The date "2026-02-31" does not exist: February 2026 has 28 days.',
    "2027-02-29": 'The date "2027-02-29" does not exist: February 2027 has 28 days.',
    "2026-04-31 10:00": 'The date "2026-04-31 10:00" does not exist: April 2026 has 30 days.',
    "2026-13-01": 'The date "2026-13-01" does not exist: there is no month 13.',
    "2026-00-10": 'The date "2026-00-10" does not exist: there is no month 0.',
    "31 Feb": 'The date "31 Feb" does not exist: February has at most 29 days.',
    "31 apr": 'The date "31 apr" does not exist: April has 30 days.',
    "0 dec": 'The date "0 dec" does not exist: December has 31 days.',
    "32 december 2026": 'The date "32 december 2026" does not exist: December 2026 has 31 days.',
    "1899-12-31": (
        'The date "1899-12-31" is too far in the past: netcrm accepts years 1900 to 2200.'
    ),
    "2201-01-01": (
        'The date "2201-01-01" is too far in the future: netcrm accepts years 1900 to 2200.'
    ),
    "0001-01-01": (
        'The date "0001-01-01" is too far in the past: netcrm accepts years 1900 to 2200.'
    ),
    "3 dec 1850": (
        'The date "3 dec 1850" is too far in the past: netcrm accepts years 1900 to 2200.'
    ),
    "in 500 years": (
        'The date "in 500 years" is too far in the future: netcrm accepts years 1900 to 2200.'
    ),
    "200 years ago": (
        'The date "200 years ago" is too far in the past: netcrm accepts years 1900 to 2200.'
    ),
    "in 9999999 days": (
        'The date "in 9999999 days" is too far in the future: netcrm accepts years 1900 to 2200.'
    ),
    "in 99999999999999999999 days": (
        'The date "in 99999999999999999999 days" is too far in the future: '
        "netcrm accepts years 1900 to 2200."
    ),
    "99999999999 months ago": (
        'The date "99999999999 months ago" is too far in the past: '
        "netcrm accepts years 1900 to 2200."
    ),
    "9999999 hours ago": (
        'The date "9999999 hours ago" is too far in the past: netcrm accepts years 1900 to 2200.'
    ),
    "3 dec 26": 'The year in "3 dec 26" is ambiguous: write it in full, like 3 Dec 2026.',
    "tue 3 dec 2026": 'The date "tue 3 dec 2026" does not add up: 3 Dec 2026 is a Thursday.',
    "25:00": 'The time in "25:00" does not exist: try 15:30, 3pm or 9:45am.',
    "yesterday 13pm": 'The time in "yesterday 13pm" does not exist: try 15:30, 3pm or 9:45am.',
    "0am": 'The time in "0am" does not exist: try 15:30, 3pm or 9:45am.',
    "friday 10:75": 'The time in "friday 10:75" does not exist: try 15:30, 3pm or 9:45am.',
    "2026-12-01T10:00+25:00": (
        'The time in "2026-12-01T10:00+25:00" does not exist: try 15:30, 3pm or 9:45am.'
    ),
}


@NOWS
@pytest.mark.parametrize("text", list(ERRORS))
def test_refusals_explain_in_one_sentence(now: datetime, text: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when(text, now)
    message = str(caught.value)
    assert message == ERRORS[text]
    assert message.endswith(".")
    assert "\n" not in message
    assert isinstance(caught.value, BadInput)
    assert caught.value.exit_code == 2


def test_nothing_near_the_year_limits_slips_through() -> None:
    edge = datetime(2200, 12, 31, 9, 0, tzinfo=UTC)
    with pytest.raises(DateParseError, match="too far in the future"):
        parse_when("tomorrow", edge)
    with pytest.raises(DateParseError, match="too far in the future"):
        parse_when("next month", edge)
    with pytest.raises(DateParseError, match="too far in the future"):
        parse_when("1 jan", edge, prefer="future")
    assert parse_when("today", edge).date == date(2200, 12, 31)
    start = datetime(1900, 1, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(DateParseError, match="too far in the past"):
        parse_when("yesterday", start)
    with pytest.raises(DateParseError, match="too far in the past"):
        parse_when("last friday", start)


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_when("today", datetime(2026, 11, 25, 9, 0))


def test_unknown_preference_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="prefer"):
        parse_when("friday", NOW_UTC, prefer="sideways")  # type: ignore[arg-type]


def test_parsed_when_is_frozen() -> None:
    result = parse_when("today", NOW_UTC)
    with pytest.raises(AttributeError):
        result.has_time = True  # type: ignore[misc]


# --- properties ---------------------------------------------------------------------------

in_range_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
timezones = st.sampled_from(
    [UTC, JAKARTA, ZoneInfo("America/Los_Angeles"), ZoneInfo("Pacific/Kiritimati")]
)
nows = st.builds(
    lambda day, hour, tz: datetime.combine(day, time(hour), tzinfo=tz),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)),
    st.integers(0, 23),
    timezones,
)


@given(day=in_range_dates, now=nows)
def test_iso_dates_round_trip(day: date, now: datetime) -> None:
    result = parse_when(day.isoformat(), now)
    assert result.date == day
    assert result.has_time is False
    assert result.at.time() == time(12)
    assert result.at.tzinfo is now.tzinfo


@given(day=in_range_dates, hour=st.integers(0, 23), minute=st.integers(0, 59), now=nows)
def test_iso_datetimes_round_trip(day: date, hour: int, minute: int, now: datetime) -> None:
    moment = datetime.combine(day, time(hour, minute))
    result = parse_when(moment.isoformat(), now)
    assert result == ParsedWhen(moment.replace(tzinfo=now.tzinfo), True)


@given(n=st.integers(0, 10_000), now=nows)
def test_in_n_days_is_now_plus_n_days(n: int, now: datetime) -> None:
    assert parse_when(f"in {n} days", now).date == now.date() + timedelta(days=n)
    assert parse_when(f"{n} days ago", now).date == now.date() - timedelta(days=n)


@given(n=st.integers(0, 1_000), now=nows)
def test_weeks_are_seven_days(n: int, now: datetime) -> None:
    assert parse_when(f"in {n} weeks", now).date == now.date() + timedelta(weeks=n)
    assert parse_when(f"{n} weeks ago", now).date == now.date() - timedelta(weeks=n)


@given(now=nows, name=st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_weekday_words_land_on_that_weekday_on_the_right_side(now: datetime, name: str) -> None:
    today = now.date()
    wanted = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(name)
    past = parse_when(name, now).date
    future = parse_when(name, now, prefer="future").date
    last = parse_when(f"last {name}", now).date
    following = parse_when(f"next {name}", now).date
    for day in (past, future, last, following):
        assert day.weekday() == wanted
    assert 0 <= (today - past).days < 7
    assert 0 <= (future - today).days < 7
    assert 1 <= (today - last).days <= 7
    assert 1 <= (following - today).days <= 7


MONTH_ABBRS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@given(day=in_range_dates, now=nows)
def test_day_month_names_pick_the_nearest_year_on_the_preferred_side(
    day: date, now: datetime
) -> None:
    month, dom = day.month, day.day
    text = f"{dom} {MONTH_ABBRS[month - 1]}"
    today = now.date()
    past = parse_when(text, now).date
    future = parse_when(text, now, prefer="future").date
    assert (past.month, past.day) == (month, dom)
    assert (future.month, future.day) == (month, dom)
    assert past <= today <= future
    if (month, dom) == (2, 29):
        # the nearest leap year is at most 8 years away (1900 and 2100 are not leap years)
        assert (today - past).days < 8 * 366
        assert (future - today).days < 8 * 366
    else:
        assert date(past.year + 1, month, dom) > today
        assert date(future.year - 1, month, dom) < today


@given(text=st.text(max_size=30), now=nows)
def test_any_text_either_parses_or_raises_date_parse_error(text: str, now: datetime) -> None:
    try:
        result = parse_when(text, now)
    except DateParseError as error:
        assert str(error).endswith(".")
    else:
        assert result.at.tzinfo is now.tzinfo
        assert 1900 <= result.at.year <= 2200


# --- describing ---------------------------------------------------------------------------

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (0, "today"),
        (1, "tomorrow"),
        (-1, "yesterday"),
        (2, "in 2 days"),
        (-2, "2 days ago"),
        (3, "in 3 days"),
        (-3, "3 days ago"),
        (13, "in 13 days"),
        (-13, "13 days ago"),
        (14, "in 2 weeks"),
        (-14, "2 weeks ago"),
        (20, "in 2 weeks"),
        (21, "in 3 weeks"),
        (-59, "8 weeks ago"),
        (60, "in 2 months"),
        (-60, "2 months ago"),
        (91, "in 3 months"),
        (-200, "7 months ago"),
        (364, "in 12 months"),
        (365, "in 1 year"),
        (-365, "1 year ago"),
        (-729, "1 year ago"),
        (-730, "2 years ago"),
        (3653, "in 10 years"),
    ],
)
def test_describe_relative(offset: int, text: str) -> None:
    assert describe_relative(TODAY + timedelta(days=offset), TODAY) == text


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (0, "due today"),
        (1, "due tomorrow"),
        (3, "due in 3 days"),
        (14, "due in 2 weeks"),
        (90, "due in 3 months"),
        (400, "due in 1 year"),
        (-1, "1 day overdue"),
        (-3, "3 days overdue"),
        (-14, "2 weeks overdue"),
        (-15, "2 weeks overdue"),
        (-70, "2 months overdue"),
        (-800, "2 years overdue"),
    ],
)
def test_describe_due(offset: int, text: str) -> None:
    assert describe_due(TODAY + timedelta(days=offset), TODAY) == text


any_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(day=any_dates, today=any_dates)
def test_describe_never_crashes_and_is_deterministic(day: date, today: date) -> None:
    relative = describe_relative(day, today)
    due = describe_due(day, today)
    assert relative == describe_relative(day, today)
    assert due == describe_due(day, today)
    assert relative
    assert due
    assert " 1 days" not in relative and " 1 weeks" not in relative
    assert " 0 " not in f" {relative} " and " 0 " not in f" {due} "
    if day > today:
        assert relative in ("tomorrow",) or relative.startswith("in ")
        assert due.startswith("due ")
    elif day < today:
        assert relative == "yesterday" or relative.endswith(" ago")
        assert due.endswith(" overdue")


def test_ages_count_local_calendar_days_in_the_score_as_in_the_timeline() -> None:
    """Last night at 23:30 is "yesterday" at 08:00 this morning, though 8.5 hours ago."""
    from datetime import timezone as fixed_zone

    from netcrm.domain.dates import describe_relative, local_day
    from netcrm.domain.score import TalkAggregate, engagement_score

    jakarta = fixed_zone(timedelta(hours=7))
    now = datetime(2026, 11, 25, 8, 0, tzinfo=jakarta)
    talked = datetime(2026, 11, 24, 23, 30, tzinfo=jakarta).astimezone(UTC)  # stored in UTC
    assert local_day(talked, now) == date(2026, 11, 24)
    assert describe_relative(local_day(talked, now), now.date()) == "yesterday"
    verdict = engagement_score(TalkAggregate(1, 1.0, talked, 0, 0), now)
    assert "last talked yesterday" in verdict.why
