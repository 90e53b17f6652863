"""pairs of people said to be different, never offered as duplicates again

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "not_same",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_not_same_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_id"],
            ["contact.id"],
            name=op.f("fk_not_same_other_id_contact"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_not_same")),
        sa.UniqueConstraint("contact_id", "other_id", name=op.f("uq_not_same_contact_id")),
    )
    with op.batch_alter_table("not_same", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_not_same_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_not_same_other_id"), ["other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("not_same", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_not_same_other_id"))
        batch_op.drop_index(batch_op.f("ix_not_same_contact_id"))
    op.drop_table("not_same")
