"""The models' tables as SQLAlchemy Core, for the paths that must not import SQLModel.

Generated from ``netcrm.store.models`` by ``python -m netcrm.store.generate_tables``: do not edit,
change the models and run it again. A test fails while this file is out of date.
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

from netcrm.store.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

META = Table(
    "meta",
    metadata,
    Column("key", String(length=64), primary_key=True),
    Column("value", String(), nullable=False),
)

CONTACT = Table(
    "contact",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(), nullable=False),
    Column("name_key", String(), nullable=False, index=True),
    Column("company", String()),
    Column("role", String()),
    Column("location", String()),
    Column("phones", JSON(), nullable=False),
    Column("birthday", Date()),
    Column("birthday_md", String(length=5)),
    Column("how_met", String()),
    Column("source", String()),
    Column("since", Date()),
    Column("notes", String()),
    Column("cadence", String()),
    Column("cadence_set_on", Date()),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Column("trashed_at", UTCDateTime()),
    Column("search_text", String(), nullable=False, default=""),
    Column("conversation_count", Integer(), nullable=False, default=0),
    Column("first_talked_at", UTCDateTime()),
    Column("last_talked_at", UTCDateTime()),
    Column("initiated_me", Integer(), nullable=False, default=0),
    Column("initiated_them", Integer(), nullable=False, default=0),
    Column("warmth_mass", Float(), nullable=False, default=0.0),
    Column("strength_count", Integer(), nullable=False, default=0),
    Column("disclosure_count", Integer(), nullable=False, default=0),
    Column("exchange_count", Integer(), nullable=False, default=0),
    Column("stage", String(length=16), nullable=False, default="follower"),
    Column("stage_since", Date()),
    Column("next_touch_due", Date()),
    Index("ix_contact_live_birthday", "trashed_at", "birthday_md"),
    Index("ix_contact_live_stage", "trashed_at", "stage", "last_talked_at"),
    Index("ix_contact_live_touch", "trashed_at", "next_touch_due"),
    Index("ix_contact_live_warmth", "trashed_at", "warmth_mass"),
)

EMAIL = Table(
    "email",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("address", String(), nullable=False),
    Column("address_key", String(), nullable=False),
    Index("ix_email_key", "address_key"),
)

HANDLE = Table(
    "handle",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("platform", String(length=32), nullable=False),
    Column("username", String(), nullable=False),
    Column("username_key", String(), nullable=False),
    Column("url", String()),
    Column("direction", String(length=16)),
    Column("since", Date()),
    Index("ix_handle_platform_key", "platform", "username_key"),
)

TAG = Table(
    "tag",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(), nullable=False),
    Column("name_key", String(), nullable=False, unique=True),
)

CONTACT_TAG = Table(
    "contact_tag",
    metadata,
    Column("contact_id", Integer(), ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer(), ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)

CONVERSATION = Table(
    "conversation",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("at", UTCDateTime(), nullable=False, index=True),
    Column("has_time", Boolean(), nullable=False, default=False),
    Column("channel", String(length=16), nullable=False),
    Column("place", String()),
    Column("summary", String()),
    Column("initiated", String(length=8)),
    Column("created_at", UTCDateTime(), nullable=False),
)

PARTICIPANT = Table(
    "participant",
    metadata,
    Column(
        "conversation_id",
        Integer(),
        ForeignKey("conversation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

STRENGTH = Table(
    "strength",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("name", String(), nullable=False),
    Column("name_key", String(), nullable=False, index=True),
    Column("conversation_id", Integer(), ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("noted_at", UTCDateTime(), nullable=False),
    UniqueConstraint("contact_id", "name_key"),
)

MY_STRENGTH = Table(
    "my_strength",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("name", String(), nullable=False),
    Column("name_key", String(), nullable=False, unique=True),
    Column("created_at", UTCDateTime(), nullable=False),
)

DISCLOSURE = Table(
    "disclosure",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "my_strength_id",
        Integer(),
        ForeignKey("my_strength.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("conversation_id", Integer(), ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("at", UTCDateTime(), nullable=False),
    UniqueConstraint("contact_id", "my_strength_id"),
)

EXCHANGE = Table(
    "exchange",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("direction", String(length=8), nullable=False),
    Column("kind", String(length=16), nullable=False, default="favour"),
    Column("description", String(), nullable=False),
    Column("conversation_id", Integer(), ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("at", UTCDateTime(), nullable=False),
)

FOLLOW_UP = Table(
    "follow_up",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("title", String(), nullable=False),
    Column("due", Date(), nullable=False),
    Column("recurrence", String()),
    Column("anchor", Date()),
    Column("status", String(length=8), nullable=False, default="open"),
    Column("snoozed_from", Date()),
    Column("done_at", UTCDateTime()),
    Column("conversation_id", Integer(), ForeignKey("conversation.id", ondelete="SET NULL")),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_follow_up_contact_open", "contact_id", "status", "due"),
    Index("ix_follow_up_open_due", "status", "due"),
)

DISMISSAL = Table(
    "dismissal",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(length=16), nullable=False),
    Column("until", Date(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_dismissal_until", "until"),
)

NOT_SAME = Table(
    "not_same",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column(
        "contact_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "other_id",
        Integer(),
        ForeignKey("contact.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", UTCDateTime(), nullable=False),
    UniqueConstraint("contact_id", "other_id"),
)

JOURNAL = Table(
    "journal",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("action", String(length=16), nullable=False),
    Column("summary", String(), nullable=False),
    Column("before", JSON(), nullable=False),
    Column("undone_at", UTCDateTime()),
)
