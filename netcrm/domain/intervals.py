"""Recurrence intervals: keep-in-touch cadences and repeating follow-ups.

An interval is a whole number of calendar units. Occurrences are always computed from the
anchor (``anchor + k * interval``), never by stepping from the previous occurrence, so a
monthly interval anchored on Jan 31 gives Feb 28/29 and then Mar 31 again instead of
drifting to the 28th.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

from dateutil.relativedelta import relativedelta

from netcrm.domain.dates import NUMBER_WORDS, calendar_step
from netcrm.domain.errors import BadInput

Unit = Literal["day", "week", "month", "year"]
UNITS: tuple[Unit, ...] = get_args(Unit)

_APPROX_DAYS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}

# Ten years per unit (3653 days = ten years including the most leap days possible).
_MAX_COUNT: dict[str, int] = {"day": 3653, "week": 521, "month": 120, "year": 10}

_EXAMPLES = "every 2 weeks, weekly, monthly, quarterly, yearly or every 10 days"


class IntervalParseError(BadInput):
    """The text is not an interval netcrm understands, or the interval is unusable."""


@dataclass(frozen=True)
class Interval:
    """``count`` whole ``unit``\\ s, e.g. ``Interval(2, "week")`` is every 2 weeks."""

    count: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise IntervalParseError(
                f'The interval unit "{self.unit}" is unknown: use day, week, month or year.'
            )
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise IntervalParseError(
                f'The interval count "{self.count}" must be a whole number: try {_EXAMPLES}.'
            )
        if self.count < 1:
            raise IntervalParseError(
                f'The interval "every {self.count} {self.unit}s" must be at least one '
                f"{self.unit}: try {_EXAMPLES}."
            )
        if self.count > _MAX_COUNT[self.unit]:
            raise IntervalParseError(
                f'The interval "every {self.count} {self.unit}s" is too long: '
                "the longest is every 10 years."
            )

    @property
    def delta(self) -> relativedelta:
        return calendar_step(f"{self.unit}s", self.count)

    @property
    def text(self) -> str:
        """Canonical wording, accepted back by :func:`parse_interval`."""
        if self.count == 1:
            return f"every {self.unit}"
        return f"every {self.count} {self.unit}s"

    @property
    def approx_days(self) -> float:
        """Average length in days (month = 30.44, year = 365.25), for ratios and sorting."""
        return round(_APPROX_DAYS[self.unit] * self.count, 6)

    def after(self, start: date, times: int = 1) -> date:
        """``start`` plus ``times`` intervals, computed in one step from ``start``."""
        return start + calendar_step(f"{self.unit}s", self.count * times)

    def next_after(self, anchor: date, after: date) -> date:
        """The first ``anchor + k * interval`` (k >= 1) strictly later than ``after``.

        Jumps straight to the right k (exact month/day arithmetic, then at most a step or
        two of correction), so a gap of decades costs the same as a gap of a day. Raises
        ``OverflowError`` when that occurrence would fall after the year 9999.
        """
        if after < anchor:
            return self.after(anchor, 1)
        if self.unit in ("day", "week"):
            step_days = self.count * (7 if self.unit == "week" else 1)
            k = (after - anchor).days // step_days
        else:
            months = (after.year - anchor.year) * 12 + (after.month - anchor.month)
            step_months = self.count * (12 if self.unit == "year" else 1)
            k = months // step_months
        k = max(k, 1)
        try:
            while k > 1 and self.after(anchor, k - 1) > after:
                k -= 1
            while self.after(anchor, k) <= after:
                k += 1
            return self.after(anchor, k)
        except (ValueError, OverflowError) as error:
            raise OverflowError(
                f"No occurrence of {self.text} from {anchor.isoformat()} "
                f"after {after.isoformat()} fits in the calendar."
            ) from error


_ADVERBS: dict[str, tuple[int, Unit]] = {
    "daily": (1, "day"),
    "weekly": (1, "week"),
    "biweekly": (2, "week"),
    "fortnightly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "half-yearly": (6, "month"),
    "semiannually": (6, "month"),
    "semi-annually": (6, "month"),
    "yearly": (1, "year"),
    "annually": (1, "year"),
}

# Unit words, with the count they multiply by ("fortnight" = 2 weeks, "quarter" = 3 months).
_UNIT_WORDS: dict[str, tuple[int, Unit]] = {
    "day": (1, "day"),
    "days": (1, "day"),
    "d": (1, "day"),
    "week": (1, "week"),
    "weeks": (1, "week"),
    "w": (1, "week"),
    "fortnight": (2, "week"),
    "fortnights": (2, "week"),
    "month": (1, "month"),
    "months": (1, "month"),
    "m": (1, "month"),
    "quarter": (3, "month"),
    "quarters": (3, "month"),
    "year": (1, "year"),
    "years": (1, "year"),
    "y": (1, "year"),
}

_COUNTED = re.compile(
    r"^(?:every\s+)?(?:(?P<digits>[+-]?\d+)\s*|(?P<word>[a-z]+)\s+)(?P<unit>[a-z]+)$"
)
_EVERY_UNIT = re.compile(r"^(?:every|once\s+a|once\s+an|once\s+per|per)\s+(?P<unit>[a-z]+)$")
_EVERY_OTHER = re.compile(r"^every\s+other\s+(?P<unit>[a-z]+)$")


def parse_interval(text: str) -> Interval:
    """Parse "every 2 weeks", "monthly", "quarterly", "10 days", "2w"... into an Interval.

    Round-trips the canonical wording: ``parse_interval(i.text) == i``.
    """
    shown = text.strip()
    s = " ".join(shown.lower().split())
    if not s:
        raise IntervalParseError(f"Please give an interval: try {_EXAMPLES}.")

    if s in _ADVERBS:
        return Interval(*_ADVERBS[s])

    match = _EVERY_UNIT.match(s) or _EVERY_OTHER.match(s)
    unit_word = match["unit"] if match else ""
    if unit_word in _UNIT_WORDS and len(unit_word) > 1 and not unit_word.endswith("s"):
        per, unit = _UNIT_WORDS[unit_word]
        times = 2 if match is not None and match.re is _EVERY_OTHER else 1
        return Interval(per * times, unit)

    match = _COUNTED.match(s)
    if match and match["unit"] in _UNIT_WORDS:
        raw = match["digits"]
        n: int | None
        if raw is None:
            n = NUMBER_WORDS.get(match["word"])
        else:
            if len(raw.lstrip("+-")) > 6:
                raise IntervalParseError(
                    f'The interval "{shown}" is too long: the longest is every 10 years.'
                )
            n = int(raw)
        if n is not None:
            per, unit = _UNIT_WORDS[match["unit"]]
            if n < 0:
                raise IntervalParseError(
                    f'The interval "{shown}" must be positive: try {_EXAMPLES}.'
                )
            if n == 0:
                raise IntervalParseError(
                    f'The interval "{shown}" must be at least one day: try {_EXAMPLES}.'
                )
            if n * per > _MAX_COUNT[unit]:
                raise IntervalParseError(
                    f'The interval "{shown}" is too long: the longest is every 10 years.'
                )
            return Interval(n * per, unit)

    raise IntervalParseError(f'Cannot understand the interval "{shown}": try {_EXAMPLES}.')
