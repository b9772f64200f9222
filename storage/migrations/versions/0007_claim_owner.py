"""deliveries record which process claimed them, so a dead process's claims are taken over
at once instead of after the stale timeout

Revision ID: 0007_claim_owner
Revises: 0006_chat_decks
Create Date: 2026-12-02 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_claim_owner"
down_revision: str | None = "0006_chat_decks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, no default: claims made before this revision have no known owner and go
    # stale as before. ADD COLUMN of a nullable column rewrites no rows on either database.
    op.add_column("deliveries", sa.Column("claimed_by", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_column("claimed_by")
