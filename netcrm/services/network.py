"""The network as a whole: the ladder funnel, conversations per week, reciprocity."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from netcrm.domain.ladder import Stage
from netcrm.services.clock import Clock
from netcrm.services.records import LadderCounts, NetworkStats
from netcrm.store.engine import Store
from netcrm.store.models import Contact, Conversation
from netcrm.store.trash import live


def ladder_counts(store: Store, clock: Clock) -> LadderCounts:
    since = clock.today() - timedelta(days=30)
    with store.session() as session:
        rows = session.exec(
            select(Contact.stage, func.count()).where(live(Contact)).group_by(col(Contact.stage))
        ).all()
        moved = session.exec(
            select(Contact.stage, func.count())
            .where(live(Contact), Contact.stage != "follower", col(Contact.stage_since) >= since)
            .group_by(col(Contact.stage))
        ).all()
    counts = {stage.value: 0 for stage in Stage.ordered()}
    counts.update(dict(rows))
    moved_up = {stage.value: 0 for stage in Stage.ordered()}
    moved_up.update(dict(moved))
    return LadderCounts(counts, moved_up, sum(counts.values()))


def network_stats(store: Store, clock: Clock, weeks: int = 12) -> NetworkStats:
    today = clock.today()
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    tz = clock.now().tzinfo
    with store.session() as session:
        from datetime import datetime, time

        start_at = datetime.combine(start, time(0), tzinfo=tz)
        times = session.exec(select(Conversation.at).where(Conversation.at >= start_at)).all()
        initiated = dict(
            session.exec(
                select(Conversation.initiated, func.count()).group_by(Conversation.initiated)
            ).all()
        )
    buckets: dict[date, int] = {start + timedelta(weeks=i): 0 for i in range(weeks)}
    for at in times:
        day = at.astimezone(tz).date()
        monday = day - timedelta(days=day.weekday())
        if monday in buckets:
            buckets[monday] += 1
    return NetworkStats(
        ladder=ladder_counts(store, clock),
        conversations_per_week=tuple(sorted(buckets.items())),
        initiated_me=initiated.get("me", 0),
        initiated_them=initiated.get("them", 0),
        initiated_unknown=initiated.get(None, 0),
    )
