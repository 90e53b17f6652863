"""The clock is read once, at the edge; everything below takes ``now`` or ``today``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo


def local_timezone() -> tzinfo:
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    return tz


@dataclass(frozen=True)
class Clock:
    """Real time, or a frozen ``today`` (``--today``) at noon local time, as hledger does."""

    fixed_today: date | None = None

    def now(self) -> datetime:
        if self.fixed_today is not None:
            return datetime.combine(self.fixed_today, time(12, 0), tzinfo=local_timezone())
        return datetime.now().astimezone()

    def today(self) -> date:
        return self.fixed_today if self.fixed_today is not None else date.today()
