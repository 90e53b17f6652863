"""Contact list rows (``ContactRow``): the columns they are read from, and building them.

Lists select these few columns, never whole model instances; the same names serve an ORM query
(``row_columns(Contact)``) and a Core one (``ROW_COLUMNS``, from the generated tables, for the
paths that run without the ORM). The helpers take a Core connection or an ORM session alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from netcrm.domain.score import TalkAggregate, score_value
from netcrm.services.due.items import next_birthday
from netcrm.services.records import ContactRow
from netcrm.store.tables import CONTACT, CONTACT_TAG, DISMISSAL, FOLLOW_UP, TAG

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

#: The columns of ``contact`` a ``ContactRow`` is made from.
ROW_COLUMN_NAMES = (
    "id",
    "name",
    "company",
    "stage",
    "conversation_count",
    "warmth_mass",
    "last_talked_at",
    "initiated_me",
    "initiated_them",
    "next_touch_due",
    "birthday",
)


def row_columns(contact: Any) -> tuple[Any, ...]:
    """The row's columns of ``contact`` (the ``Contact`` model, or a Core table's columns), and
    what else its next due date needs: the earliest open follow-up, a keep-in-touch snooze."""
    plain = tuple(getattr(contact, name) for name in ROW_COLUMN_NAMES)
    follow_up = (
        select(func.min(FOLLOW_UP.c.due))
        .where(FOLLOW_UP.c.contact_id == contact.id, FOLLOW_UP.c.status == "open")
        .scalar_subquery()
        .label("open_follow_up_due")
    )
    snoozed = (
        select(func.max(DISMISSAL.c.until))
        .where(DISMISSAL.c.contact_id == contact.id, DISMISSAL.c.kind == "keep-in-touch")
        .scalar_subquery()
        .label("touch_snoozed_to")
    )
    return (*plain, follow_up, snoozed)


ROW_COLUMNS = row_columns(CONTACT.c)


def contact_row(
    contact: Any, now: datetime, tags: tuple[str, ...] = (), **extra: Any
) -> ContactRow:
    """A list row from a ``Contact`` or a row of the row's columns."""
    return ContactRow(
        id=contact.id,
        name=contact.name,
        company=contact.company,
        stage=contact.stage,
        score=score_value(talk_aggregate(contact), now),
        last_talked=contact.last_talked_at.astimezone(now.tzinfo).date()
        if contact.last_talked_at
        else None,
        next_due=next_due(contact, now.date()),
        tags=tags,
        **extra,
    )


def next_due(contact: Any, today: date) -> date | None:
    """The earliest of the open follow-ups, the keep-in-touch date (as snoozed) and the next
    birthday: the day this person next needs me."""
    touch = contact.next_touch_due
    snoozed = getattr(contact, "touch_snoozed_to", None)
    if touch is not None and snoozed is not None:
        touch = max(touch, snoozed)
    birthday = next_birthday(contact.birthday, today) if contact.birthday else None
    days = [d for d in (touch, getattr(contact, "open_follow_up_due", None), birthday) if d]
    return min(days) if days else None


def talk_aggregate(contact: Any) -> TalkAggregate:
    """The talk columns of a ``Contact`` (or a row holding them), as the score reads them."""
    return TalkAggregate(
        contact.conversation_count,
        contact.warmth_mass,
        contact.last_talked_at,
        contact.initiated_me,
        contact.initiated_them,
    )


def tags_of(
    connection: Connection | Session, contact_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Each contact's tags, sorted by name."""
    if not contact_ids:
        return {}
    rows = connection.execute(
        select(CONTACT_TAG.c.contact_id, TAG.c.name)
        .select_from(CONTACT_TAG.join(TAG, TAG.c.id == CONTACT_TAG.c.tag_id))
        .where(CONTACT_TAG.c.contact_id.in_(contact_ids))
        .order_by(TAG.c.name)
    ).all()
    tags: dict[int, list[str]] = {}
    for cid, tag in rows:
        tags.setdefault(cid, []).append(tag)
    return {cid: tuple(names) for cid, names in tags.items()}
