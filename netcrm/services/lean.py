"""Reading the store without the ORM, for the paths that must start fast.

``netcrm due`` and ``netcrm search`` run many times a day, and SQLModel, pydantic and the mapped
models take as long to import as the rest of such a command. These lightweight SQLAlchemy Core
tables name only the columns those paths read, with the models' types (the same SQL and the same
Python values on SQLite and PostgreSQL); a test checks them against the models. The helpers take
a Core connection or an ORM session alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Date, Float, Integer, String, column, select, table

from netcrm.domain.score import TalkAggregate, score_value
from netcrm.services.records import ContactRow
from netcrm.store.types import UTCDateTime

#: Between the identity part (name, handles) and the rest of ``Contact.search_text``.
SEARCH_SEPARATOR = "\x1f"

CONTACT = table(
    "contact",
    column("id", Integer),
    column("name", String),
    column("company", String),
    column("stage", String),
    column("conversation_count", Integer),
    column("warmth_mass", Float),
    column("last_talked_at", UTCDateTime),
    column("initiated_me", Integer),
    column("initiated_them", Integer),
    column("next_touch_due", Date),
    column("trashed_at", UTCDateTime),
    column("cadence", String),
    column("birthday", Date),
    column("birthday_md", String),
    column("search_text", String),
    column("source", String),
    column("disclosure_count", Integer),
)
FOLLOW_UP = table(
    "follow_up",
    column("id", Integer),
    column("contact_id", Integer),
    column("title", String),
    column("due", Date),
    column("recurrence", String),
    column("status", String),
)
TAG = table("tag", column("id", Integer), column("name", String), column("name_key", String))
CONTACT_TAG = table("contact_tag", column("contact_id", Integer), column("tag_id", Integer))
META = table("meta", column("key", String), column("value", String))
TABLES = (CONTACT, FOLLOW_UP, TAG, CONTACT_TAG, META)

LIVE = CONTACT.c.trashed_at.is_(None)
#: What a ``ContactRow`` needs.
ROW_COLUMNS = tuple(
    CONTACT.c[name]
    for name in (
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
    )
)


def read_revision(connection: Any) -> int:
    """The store's write counter (``meta.revision``)."""
    value = connection.execute(select(META.c.value).where(META.c.key == "revision")).scalar()
    return int(value or 0)


def contact_row(contact: Any, now: datetime, tags: tuple[str, ...] = (), **extra) -> ContactRow:
    """A list row from a ``Contact`` or a row of ``ROW_COLUMNS``."""
    return ContactRow(
        id=contact.id,
        name=contact.name,
        company=contact.company,
        stage=contact.stage,
        score=score_value(talk_aggregate(contact), now),
        last_talked=contact.last_talked_at.astimezone(now.tzinfo).date()
        if contact.last_talked_at
        else None,
        next_due=contact.next_touch_due,
        tags=tags,
        **extra,
    )


def talk_aggregate(contact: Any) -> TalkAggregate:
    return TalkAggregate(
        contact.conversation_count,
        contact.warmth_mass,
        contact.last_talked_at,
        contact.initiated_me,
        contact.initiated_them,
    )


def tags_of(connection: Any, contact_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
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
