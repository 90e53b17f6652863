"""SQLModel tables for every domain object: the one hand-written description of the schema.

Rows never leave the services layer: services turn them into plain records. Columns under
"maintained aggregates" on ``Contact`` are recomputed from the conversations, strengths,
disclosures and exchanges each time those change, so the review and the contact list need no
per-contact queries. The paths that run without the ORM read ``netcrm.store.tables``, Core
tables generated from these: after changing a model, run ``python -m
netcrm.store.generate_tables`` (and add a migration).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, MetaData, UniqueConstraint
from sqlmodel import Field, SQLModel

from netcrm.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata


def _contact_fk(ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey("contact.id", ondelete=ondelete), nullable=False, index=True)


def _conversation_fk() -> Column:
    return Column(Integer, ForeignKey("conversation.id", ondelete="SET NULL"), nullable=True)


class Meta(SQLModel, table=True):
    """Key/value facts about the store; ``revision`` grows with every write."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class Contact(SQLModel, table=True):
    __table_args__ = (
        Index("ix_contact_live_touch", "trashed_at", "next_touch_due"),
        Index("ix_contact_live_birthday", "trashed_at", "birthday_md"),
        Index("ix_contact_live_stage", "trashed_at", "stage", "last_talked_at"),
        Index("ix_contact_live_warmth", "trashed_at", "warmth_mass"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(index=True, description="accent- and case-folded name")
    company: str | None = None
    role: str | None = None
    location: str | None = None
    phones: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    birthday: date | None = None
    birthday_md: str | None = Field(default=None, max_length=5, description="MM-DD for windows")
    how_met: str | None = None
    source: str | None = None
    since: date | None = None
    notes: str | None = None
    cadence: str | None = Field(default=None, description="canonical interval text")
    cadence_set_on: date | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    trashed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    search_text: str = Field(default="", description="folded name, handles, company, notes")

    # maintained aggregates
    conversation_count: int = 0
    first_talked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_talked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    initiated_me: int = 0
    initiated_them: int = 0
    warmth_mass: float = 0.0
    strength_count: int = 0
    disclosure_count: int = 0
    exchange_count: int = 0
    stage: str = Field(default="follower", max_length=16)
    stage_since: date | None = None
    next_touch_due: date | None = None


class Email(SQLModel, table=True):
    __table_args__ = (Index("ix_email_key", "address_key"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    address: str
    address_key: str


class Handle(SQLModel, table=True):
    __table_args__ = (Index("ix_handle_platform_key", "platform", "username_key"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    platform: str = Field(max_length=32)
    username: str
    username_key: str
    url: str | None = None
    direction: str | None = Field(default=None, max_length=16)
    since: date | None = None


class Tag(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"

    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)
    )


class Conversation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
    has_time: bool = False
    channel: str = Field(max_length=16)
    place: str | None = None
    summary: str | None = None
    initiated: str | None = Field(default=None, max_length=8)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Participant(SQLModel, table=True):
    conversation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("conversation.id", ondelete="CASCADE"), primary_key=True
        )
    )
    contact_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class Strength(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("contact_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    name: str
    name_key: str = Field(index=True)
    conversation_id: int | None = Field(default=None, sa_column=_conversation_fk())
    noted_at: datetime = Field(sa_type=UTCDateTime)


class MyStrength(SQLModel, table=True):
    __tablename__ = "my_strength"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Disclosure(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("contact_id", "my_strength_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    my_strength_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("my_strength.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    conversation_id: int | None = Field(default=None, sa_column=_conversation_fk())
    at: datetime = Field(sa_type=UTCDateTime)


class Exchange(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    direction: str = Field(max_length=8, description="gave | got")
    kind: str = Field(default="favour", max_length=16)
    description: str
    conversation_id: int | None = Field(default=None, sa_column=_conversation_fk())
    at: datetime = Field(sa_type=UTCDateTime)


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_open_due", "status", "due"),
        # A person's earliest open follow-up, for the "next due" of every list row.
        Index("ix_follow_up_contact_open", "contact_id", "status", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    title: str
    due: date
    recurrence: str | None = None
    anchor: date | None = Field(default=None, description="first due date of a recurrence")
    status: str = Field(default="open", max_length=8, description="open | done")
    snoozed_from: date | None = None
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    conversation_id: int | None = Field(default=None, sa_column=_conversation_fk())
    created_at: datetime = Field(sa_type=UTCDateTime)


class Dismissal(SQLModel, table=True):
    """Something the review may leave out until a day: "not now" said to it.

    ``kind`` is ``keep-in-touch`` (the cadence's reminder waits until ``until``), ``birthday``
    (the birthday falling before ``until`` is not shown) or ``suggestion`` (not suggested to
    reconnect with before ``until``). Logging a conversation ends a keep-in-touch one.
    """

    __table_args__ = (Index("ix_dismissal_until", "until"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    kind: str = Field(max_length=16)
    until: date
    created_at: datetime = Field(sa_type=UTCDateTime)


class NotSame(SQLModel, table=True):
    """Two people the user said are different: never offered as duplicates again.

    Kept once from each side, so that each row belongs to one person (and is journaled,
    trashed and merged with them).
    """

    __tablename__ = "not_same"
    __table_args__ = (UniqueConstraint("contact_id", "other_id"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(sa_column=_contact_fk())
    other_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("contact.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    created_at: datetime = Field(sa_type=UTCDateTime)


class JournalEntry(SQLModel, table=True):
    """One change in the undo journal: what it was, and the rows it touched as they were before.

    ``before`` holds, per table, the rows the change modified or deleted and, per table with an
    id, the highest id before the change (rows above it are the ones the change created); see
    ``netcrm.store.journal``.
    """

    __tablename__ = "journal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime)
    action: str = Field(max_length=16)
    summary: str
    before: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    undone_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
