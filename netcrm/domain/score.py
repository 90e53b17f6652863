"""The engagement score: current warmth of a relationship, 0-100.

Each conversation adds its channel depth (in person 1.0 … dm 0.3), halved every
``HALF_LIFE_DAYS``. The decayed sum saturates into warmth = 1 - exp(-sum / SATURATION), so
frequency and recency both count but a flood of messages cannot exceed 100. Reciprocity scales
the result between 0.75 (always one side reaching out) and 1.0 (balanced); it is 0.875 while who
initiated is unknown. See docs/concepts.md.

Because decay is exponential, the sum can be kept as a "mass" relative to a fixed epoch and
decayed at read time: ``decayed(now) = mass * 2 ** (-(now - EPOCH) / half_life)``. The store keeps
that mass per contact, so scoring 10k contacts needs no per-contact queries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from netcrm.domain.dates import describe_relative, local_day
from netcrm.domain.vocabulary import CHANNEL_DEPTH

HALF_LIFE_DAYS = 90.0
SATURATION = 2.0
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_SECONDS_PER_HALF_LIFE = HALF_LIFE_DAYS * 86_400


def _halvings(at: datetime) -> float:
    return (at - EPOCH).total_seconds() / _SECONDS_PER_HALF_LIFE


def conversation_mass(at: datetime, channel: str) -> float:
    """The epoch-relative contribution of one conversation."""
    return CHANNEL_DEPTH.get(channel, CHANNEL_DEPTH["other"]) * 2.0 ** _halvings(at)


def decayed_weight(mass: float, now: datetime) -> float:
    """In-person-equivalent conversations after decay, as of ``now``."""
    return mass * 2.0 ** (-_halvings(now)) if mass else 0.0


@dataclass(frozen=True)
class TalkAggregate:
    """What the store maintains per contact about their conversations."""

    count: int = 0
    mass: float = 0.0
    last_talked: datetime | None = None
    initiated_me: int = 0
    initiated_them: int = 0


@dataclass(frozen=True)
class ScoreVerdict:
    value: int
    why: str


def aggregate_talks(talks: Iterable[tuple[datetime, str, str | None]]) -> TalkAggregate:
    """Build the aggregate from (when, channel, initiated) triples."""
    count = me = them = 0
    mass = 0.0
    last: datetime | None = None
    for at, channel, initiated in talks:
        count += 1
        mass += conversation_mass(at, channel)
        last = at if last is None or at > last else last
        me += initiated == "me"
        them += initiated == "them"
    return TalkAggregate(count, mass, last, me, them)


def _balance(agg: TalkAggregate) -> float | None:
    known = agg.initiated_me + agg.initiated_them
    if not known:
        return None
    return 1.0 - abs(agg.initiated_them / known - 0.5) * 2.0


def score_value(agg: TalkAggregate, now: datetime) -> int:
    weight = decayed_weight(agg.mass, now)
    warmth = 1.0 - math.exp(-weight / SATURATION)
    balance = _balance(agg)
    factor = 0.875 if balance is None else 0.75 + 0.25 * balance
    return max(0, min(100, round(100 * warmth * factor)))


def engagement_score(agg: TalkAggregate, now: datetime) -> ScoreVerdict:
    value = score_value(agg, now)
    if not agg.count:
        return ScoreVerdict(0, "0/100: no conversation logged yet.")
    weight = decayed_weight(agg.mass, now)
    # Counted in local calendar days, as the timeline and search count them.
    last_day = local_day(agg.last_talked, now) if agg.last_talked else now.date()
    last = describe_relative(min(last_day, now.date()), now.date())
    balance = _balance(agg)
    if balance is None:
        reciprocity = "who reaches out is not recorded"
    elif agg.initiated_them == 0:
        reciprocity = "you always reach out first"
    elif agg.initiated_me == 0:
        reciprocity = "they always reach out first"
    elif balance >= 0.6:
        reciprocity = "you both reach out"
    else:
        side = "you" if agg.initiated_me > agg.initiated_them else "they"
        reciprocity = f"{side} usually reach out first"
    return ScoreVerdict(
        value,
        f"{value}/100: last talked {last}; {agg.count} conversation"
        f"{'s' if agg.count != 1 else ''} worth {weight:.1f} in person after decay "
        f"(half-life {HALF_LIFE_DAYS:.0f} days); {reciprocity}.",
    )


def score_history(
    talks: list[tuple[datetime, str, str | None]],
    now: datetime,
    points: int = 12,
    step_days: int = 7,
) -> list[int]:
    """The score at ``points`` moments ``step_days`` apart, oldest first, for a sparkline."""
    history = []
    for index in range(points - 1, -1, -1):
        moment = now - timedelta(days=index * step_days)
        agg = aggregate_talks(t for t in talks if t[0] <= moment)
        history.append(score_value(agg, moment))
    return history
