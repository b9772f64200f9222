"""quiz instances remember the order their options were shown in

Revision ID: 0009_option_order
Revises: 0008_progress
Create Date: 2026-12-02 08:00:00

Options are shuffled per quiz instance so a learner cannot answer by position; the button
press, the result and the group tally must all read the same order, so it is stored with the
instance. NULL means the deck's own order, which every instance recorded before this keeps.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_option_order"
down_revision: str | None = "0008_progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quiz_instances") as batch_op:
        batch_op.add_column(sa.Column("option_order", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quiz_instances") as batch_op:
        batch_op.drop_column("option_order")
