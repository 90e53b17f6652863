"""Dates typed by people: "yesterday", "last friday 3pm", "in 2 weeks", "3 Dec", "2026-12-01".

The grammar is explicit on purpose: every accepted form is listed below and anything else
raises :class:`DateParseError`. A free-form parser would happily turn "12/03" or "blorp 5"
into *some* date, and a wrong date silently stored is worse than a question asked again.
``dateutil.relativedelta`` does the calendar arithmetic (month ends, leap days, weekdays).

The clock is never read here: callers pass ``now`` (an aware datetime), which makes every
result reproducible and lets ``--today`` pretend.

Accepted (case-insensitive, surrounding spaces ignored):

* ISO: ``2026-12-01``, ``2026-12-01T15:30``, ``2026-12-01 15:30[:45]``, with an optional
  ``Z``/``+07:00`` offset (converted into ``now``'s timezone);
* ``now``, ``today``, ``yesterday``, ``tomorrow``, ``day before yesterday``,
  ``day after tomorrow``;
* ``N days|weeks|months|years ago``, ``in N days|weeks|months|years`` (N may be a number
  or "a"/"an"/"one".."twelve"), ``N hours|minutes ago``, ``in N hours|minutes``;
* weekdays: ``friday`` (most recent on-or-before today with ``prefer="past"``, next
  on-or-after today with ``prefer="future"``), ``last friday`` (strictly before today),
  ``next tuesday`` (strictly after today), ``this friday`` (that day of the current
  Monday-to-Sunday week); three-letter abbreviations work too;
* ``next|last week|month|year`` (same day shifted by one unit), ``this|next|last weekend``;
* day and month names: ``3 Dec``, ``Dec 3``, ``3rd of December``, ``December 3, 2026``,
  optionally led by a weekday which must match (``Thu 3 Dec 2026``);
* any of the above except ``now``/hours/minutes followed (or preceded) by a time:
  ``3pm``, ``3:30 pm``, ``15:30``, ``noon``, ``midnight``, optionally ``at 3pm``;
  a time alone means today.

Refused: numeric day/month forms such as ``12/03`` (ambiguous), dates that do not exist
(``2026-02-31``), years outside 1900..2200, and everything else.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal

from dateutil.relativedelta import relativedelta, weekday

from netcrm.domain.errors import BadInput


def calendar_step(units: str, count: int) -> relativedelta:
    """``count`` days, weeks, months or years (``units`` in the plural) of calendar arithmetic."""
    if units == "days":
        return relativedelta(days=count)
    if units == "weeks":
        return relativedelta(weeks=count)
    if units == "months":
        return relativedelta(months=count)
    if units == "years":
        return relativedelta(years=count)
    raise ValueError(f"not a calendar unit: {units}")


Prefer = Literal["past", "future"]

MIN_YEAR = 1900
MAX_YEAR = 2200

EXAMPLES = (
    "2026-12-01, today, yesterday, 3 days ago, in 2 weeks, last friday, next tuesday, "
    "friday 3pm or 3 Dec"
)
_TIME_EXAMPLES = "15:30, 3pm or 9:45am"

# Date-only results sit at noon so converting to UTC for storage never changes the day.
NOON = time(12, 0)


#: Year given to a birthday known only by month and day (``--05-17`` in vCard and Google CSV).
#: Apple Contacts writes the same year for such birthdays; it is a leap year, so 29 February
#: survives. Ages are never shown for it.
YEARLESS = 1604


class DateParseError(BadInput):
    """The text is not a date netcrm understands, or names a date that cannot be used."""


@dataclass(frozen=True)
class ParsedWhen:
    """A parsed moment: ``at`` is aware, in the timezone of the ``now`` it was parsed
    against; ``has_time`` is False when only a day was given (``at`` is then noon)."""

    at: datetime
    has_time: bool

    @property
    def date(self) -> date:
        return self.at.date()


_WEEKDAYS: dict[str, int] = {}
for _index, _name in enumerate(calendar.day_name):
    _full = _name.lower()
    _WEEKDAYS[_full] = _index
    _WEEKDAYS[_full[:3]] = _index
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_MONTHS: dict[str, int] = {}
for _index in range(1, 13):
    _MONTHS[calendar.month_name[_index].lower()] = _index
    _MONTHS[calendar.month_abbr[_index].lower()] = _index
_MONTHS["sept"] = 9

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM = r"\d+|" + "|".join(NUMBER_WORDS)

_TIME = (
    r"(?:at\s+)?(?:"
    r"(?P<h12>\d{1,2})(?::(?P<m12>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?::(?P<s24>\d{2})(?:\.\d+)?)?"
    r"(?P<offset>z|[+-]\d{2}(?::?\d{2})?)?"
    r"|(?P<word>noon|midnight|midday)"
    r")"
)
_TIME_AT_END = re.compile(rf"^(?P<rest>.*?)(?:^|\s+|(?<=\d)t){_TIME}$")
_TIME_AT_START = re.compile(rf"^{_TIME}(?:\s+(?P<rest>.+))?$")

_ISO = re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$")
_AMBIGUOUS = re.compile(r"^\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?\.?$")
_AGO = re.compile(rf"^(?P<n>{_NUM})\s+(?P<unit>[a-z]+)\s+ago$")
_IN = re.compile(rf"^in\s+(?P<n>{_NUM})\s+(?P<unit>[a-z]+)$")
_WEEKDAY = re.compile(rf"^(?:(?P<which>last|next|this|on)\s+)?(?P<wd>{_WD})$")
_SHIFT = re.compile(r"^(?P<which>next|last)\s+(?P<unit>week|month|year)$")
_WEEKEND = re.compile(r"^(?P<which>this|next|last)\s+weekend$")
_LEAD_WD = rf"(?:(?P<wd>{_WD})\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{1,5}))?"
_DAY_MONTH = re.compile(rf"^{_LEAD_WD}(?:the\s+)?{_DAY}\s+(?:of\s+)?(?P<mon>{_MON})\.?{_YEAR}$")
_MONTH_DAY = re.compile(rf"^{_LEAD_WD}(?P<mon>{_MON})\.?\s+(?:the\s+)?{_DAY}{_YEAR}$")

_UNITS = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
    "hour": "hours",
    "hours": "hours",
    "hr": "hours",
    "hrs": "hours",
    "minute": "minutes",
    "minutes": "minutes",
    "min": "minutes",
    "mins": "minutes",
}
_CLOCK_UNITS = {"hours", "minutes"}

_SIMPLE_DAYS = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "day before yesterday": -2,
    "the day before yesterday": -2,
    "day after tomorrow": 2,
    "the day after tomorrow": 2,
}


def _not_understood(shown: str) -> DateParseError:
    return DateParseError(f'Cannot understand the date "{shown}": try {EXAMPLES}.')


def _too_far(shown: str, past: bool) -> DateParseError:
    side = "past" if past else "future"
    return DateParseError(
        f'The date "{shown}" is too far in the {side}: '
        f"netcrm accepts years {MIN_YEAR} to {MAX_YEAR}."
    )


def _check_year(shown: str, year: int) -> None:
    if year < MIN_YEAR:
        raise _too_far(shown, past=True)
    if year > MAX_YEAR:
        raise _too_far(shown, past=False)


def _month_days_sentence(month: int, year: int | None) -> str:
    name = calendar.month_name[month]
    if year is None:
        longest = 29 if month == 2 else calendar.monthrange(2001, month)[1]
        return f"{name} has at most {longest} days" if month == 2 else f"{name} has {longest} days"
    return f"{name} {year} has {calendar.monthrange(year, month)[1]} days"


def _make_date(shown: str, year: int, month: int, day: int) -> date:
    _check_year(shown, year)
    if not 1 <= month <= 12:
        raise DateParseError(f'The date "{shown}" does not exist: there is no month {month}.')
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(
            f'The date "{shown}" does not exist: {_month_days_sentence(month, year)}.'
        ) from None


def _nearest_year(shown: str, month: int, day: int, today: date, prefer: Prefer) -> date:
    """The date with that day and month nearest to ``today`` on the preferred side
    (today itself counts); Feb 29 looks as far as the nearest leap year."""
    if not 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        raise DateParseError(
            f'The date "{shown}" does not exist: {_month_days_sentence(month, None)}.'
        )
    step = -1 if prefer == "past" else 1
    year = today.year
    for _ in range(9):
        if calendar.isleap(year) or (month, day) != (2, 29):
            candidate = date(year, month, day)
            if (candidate <= today) if prefer == "past" else (candidate >= today):
                _check_year(shown, candidate.year)
                return candidate
        year += step
    raise _not_understood(shown)  # pragma: no cover - a leap year is always within 8 years


def _parse_time(shown: str, m: re.Match[str]) -> tuple[time, timezone | None]:
    """The wall-clock time of a matched time phrase and its explicit UTC offset, if any."""
    bad = DateParseError(f'The time in "{shown}" does not exist: try {_TIME_EXAMPLES}.')
    if m["word"]:
        return (time(0, 0) if m["word"] == "midnight" else time(12, 0)), None
    if m["ampm"]:
        hour, minute = int(m["h12"]), int(m["m12"] or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise bad
        hour = hour % 12 + (12 if m["ampm"].startswith("p") else 0)
        return time(hour, minute), None
    hour, minute, second = int(m["h24"]), int(m["m24"]), int(m["s24"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise bad
    offset = None
    if m["offset"]:
        raw = m["offset"]
        if raw == "z":
            offset = UTC
        else:
            digits = raw[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 23 or minutes > 59:
                raise bad
            sign = -1 if raw[0] == "-" else 1
            offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return time(hour, minute, second), offset


def _number(raw: str) -> int | None:
    if raw in NUMBER_WORDS:
        return NUMBER_WORDS[raw]
    if len(raw) > 7:  # more days than fit between 1900 and 2200; avoid huge ints
        return None
    return int(raw)


def _weekday_date(which: str | None, wd: int, today: date, prefer: Prefer) -> date:
    if which == "last":
        return today - timedelta(days=1) + relativedelta(weekday=weekday(wd)(-1))
    if which == "next":
        return today + timedelta(days=1) + relativedelta(weekday=weekday(wd)(+1))
    if which == "this":
        return today - timedelta(days=today.weekday()) + timedelta(days=wd)
    return today + relativedelta(weekday=weekday(wd)(-1 if prefer == "past" else +1))


def _weekend_date(which: str, today: date) -> date:
    this_saturday = today + relativedelta(weekday=weekday(5)(+1))
    if today.weekday() == 6:  # Sunday: this weekend started yesterday
        this_saturday = today - timedelta(days=1)
    if which == "this":
        return today if today.weekday() >= 5 else this_saturday
    return this_saturday + timedelta(days=7 if which == "next" else -7)


def _parse_day(shown: str, s: str, today: date, prefer: Prefer) -> date | None:
    """The calendar day named by ``s`` (already lower-cased, no time), or None if no form
    matches. Raises DateParseError for a recognised form naming an unusable day."""
    if s in _SIMPLE_DAYS:
        return today + timedelta(days=_SIMPLE_DAYS[s])

    if m := _ISO.match(s):
        return _make_date(shown, int(m["y"]), int(m["m"]), int(m["d"]))

    if _AMBIGUOUS.match(s):
        raise DateParseError(
            f'The date "{shown}" is ambiguous (day/month or month/day?): '
            "write it like 2026-12-01 or 1 Dec."
        )

    m = _AGO.match(s) or _IN.match(s)
    if m and _UNITS.get(m["unit"]) in ("days", "weeks", "months", "years"):
        n = _number(m["n"])
        sign = -1 if s.endswith("ago") else 1
        if n is None:
            raise _too_far(shown, past=sign < 0)
        try:
            day = today + calendar_step(_UNITS[m["unit"]], sign * n)
        except (ValueError, OverflowError):
            raise _too_far(shown, past=sign < 0) from None
        _check_year(shown, day.year)
        return day

    if m := _WEEKDAY.match(s):
        which = None if m["which"] == "on" else m["which"]
        return _weekday_date(which, _WEEKDAYS[m["wd"]], today, prefer)

    if m := _SHIFT.match(s):
        sign = 1 if m["which"] == "next" else -1
        day = today + calendar_step(f"{m['unit']}s", sign)
        _check_year(shown, day.year)
        return day

    if m := _WEEKEND.match(s):
        return _weekend_date(m["which"], today)

    if m := _DAY_MONTH.match(s) or _MONTH_DAY.match(s):
        month, day_of_month = _MONTHS[m["mon"]], int(m["day"])
        if m["year"] is not None and len(m["year"]) < 4:
            raise DateParseError(
                f'The year in "{shown}" is ambiguous: write it in full, like 3 Dec 2026.'
            )
        if m["year"] is not None:
            found = _make_date(shown, int(m["year"]), month, day_of_month)
        else:
            found = _nearest_year(shown, month, day_of_month, today, prefer)
        if m["wd"] is not None and _WEEKDAYS[m["wd"]] != found.weekday():
            raise DateParseError(
                f'The date "{shown}" does not add up: '
                f"{found.day} {calendar.month_abbr[found.month]} {found.year} "
                f"is a {calendar.day_name[found.weekday()]}."
            )
        return found

    return None


def parse_when(text: str, now: datetime, prefer: Prefer = "past") -> ParsedWhen:
    """Parse a person's date (and optional time) relative to ``now``.

    ``prefer`` settles the forms that could point either way: a bare weekday or "3 Dec"
    means the most recent one (today included) with "past" — right for logging a
    conversation — and the coming one (today included) with "future" — right for a
    follow-up. Raises :class:`DateParseError` with one sentence for anything else.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs a timezone-aware now")
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    shown = text.strip()
    s = " ".join(shown.lower().split())
    if not s:
        raise DateParseError(f"Please give a date: try {EXAMPLES}.")
    tz = now.tzinfo
    today = now.date()

    if s in ("now", "right now", "just now"):
        return ParsedWhen(now, True)

    m = _AGO.match(s) or _IN.match(s)
    if m and _UNITS.get(m["unit"]) in _CLOCK_UNITS:
        n = _number(m["n"])
        sign = -1 if s.endswith("ago") else 1
        if n is None:
            raise _too_far(shown, past=sign < 0)
        delta = timedelta(**{_UNITS[m["unit"]]: sign * n})
        try:
            # Through UTC so "2 hours ago" is two real hours even across a DST change.
            at = (now.astimezone(UTC) + delta).astimezone(tz)
        except OverflowError:
            raise _too_far(shown, past=sign < 0) from None
        _check_year(shown, at.year)
        return ParsedWhen(at, True)

    day = _parse_day(shown, s, today, prefer)
    if day is not None:
        _check_year(shown, day.year)
        return ParsedWhen(datetime.combine(day, NOON, tzinfo=tz), False)

    for pattern in (_TIME_AT_END, _TIME_AT_START):
        m = pattern.match(s)
        if not m:
            continue
        rest = (m["rest"] or "").strip()
        if m["offset"] and not _ISO.match(rest):
            continue  # an explicit UTC offset only makes sense after an ISO date
        day = today if not rest else _parse_day(shown, rest, today, prefer)
        if day is None:
            continue
        clock, offset = _parse_time(shown, m)
        if offset is not None:
            at = datetime.combine(day, clock, tzinfo=offset).astimezone(tz)
        else:
            at = datetime.combine(day, clock, tzinfo=tz)
        _check_year(shown, at.year)
        return ParsedWhen(at, True)

    raise _not_understood(shown)


def parse_date(text: str, today: date, prefer: Prefer = "past") -> date:
    """The calendar day of :func:`parse_when`, taking "now" as noon of ``today``."""
    now = datetime.combine(today, NOON, tzinfo=UTC)
    return parse_when(text, now, prefer).date


def parse_follow_up_date(text: str, now: datetime) -> date:
    """The day a follow-up is promised for: today or later, never a day already gone."""
    day = parse_when(text, now, prefer="future").date
    if day < now.date():
        shown = text.strip()
        raise BadInput(
            f'"{shown}" is {describe_relative(day, now.date())}: '
            "a follow-up date must be today or later."
        )
    return day


def _span(days: int) -> str:
    """A rounded length for a positive number of days: "3 days", "2 weeks", "1 year"."""
    if days < 14:
        count, unit = days, "day"
    elif days < 60:
        count, unit = days // 7, "week"
    elif days < 365:
        count, unit = round(days / 30.44), "month"
    else:
        count, unit = days // 365, "year"
    return f"{count} {unit}" + ("" if count == 1 else "s")


def local_day(moment: datetime, now: datetime) -> date:
    """The day ``moment`` fell on where ``now`` is: the one day boundary every age counts by."""
    return moment.astimezone(now.tzinfo).date()


def describe_relative(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "in 3 days", "2 weeks ago", "1 year ago"...

    Days up to 13, whole weeks from 14 days, rounded months from 60 days, whole years
    from 365 days.
    """
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {_span(delta)}" if delta > 0 else f"{_span(-delta)} ago"


def describe_due(day: date, today: date) -> str:
    """ "due today", "due tomorrow", "due in 3 days", "1 day overdue", "2 weeks overdue"."""
    delta = (day - today).days
    if delta == 0:
        return "due today"
    if delta == 1:
        return "due tomorrow"
    return f"due in {_span(delta)}" if delta > 0 else f"{_span(-delta)} overdue"
