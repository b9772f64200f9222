"""drill runs: a learner's place in a short drill on a confusable pair, kept across restarts

Revision ID: 0010_drill_runs
Revises: 0009_option_order
Create Date: 2026-12-02 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision: str = "0010_drill_runs"
down_revision: str | None = "0009_option_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "drill_runs",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column(
            "learner_id", BigId, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("chat_id", BigId, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
        sa.Column("pair_key", sa.String(length=160), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("instance_id", BigId, sa.ForeignKey("quiz_instances.id", ondelete="SET NULL")),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime()),
    )
    op.create_index("ix_drill_runs_open", "drill_runs", ["learner_id", "chat_id", "pair_key"])


def downgrade() -> None:
    op.drop_index("ix_drill_runs_open", table_name="drill_runs")
    op.drop_table("drill_runs")
