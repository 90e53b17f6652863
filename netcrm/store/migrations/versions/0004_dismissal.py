"""review items put off: keep-in-touch snoozed, birthdays and suggestions dismissed for a while

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_dismissal_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissal")),
    )
    with op.batch_alter_table("dismissal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dismissal_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_dismissal_until", ["until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dismissal", schema=None) as batch_op:
        batch_op.drop_index("ix_dismissal_until")
        batch_op.drop_index(batch_op.f("ix_dismissal_contact_id"))
    op.drop_table("dismissal")
