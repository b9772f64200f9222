"""progress: the learner's exam date and streak freezes, and the days a freeze saved

Revision ID: 0008_progress
Revises: 0007_claim_owner
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_progress"
down_revision: str | None = "0007_claim_owner"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


# Plain ALTER TABLE ADD/DROP COLUMN, not batch mode: on SQLite a batch rebuilds learners, and
# dropping the old table would cascade to every row that refers to a learner.


def upgrade() -> None:
    op.add_column("learners", sa.Column("exam_date", sa.Date(), nullable=True))
    for name in ("freezes_held", "freezes_used"):
        column = sa.Column(name, sa.Integer(), nullable=False, server_default="0")
        op.add_column("learners", column)
    op.create_table(
        "frozen_days",
        sa.Column("learner_id", BigId, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("frozen_days")
    for name in ("freezes_used", "freezes_held", "exam_date"):
        op.drop_column("learners", name)
