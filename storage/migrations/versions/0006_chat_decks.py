"""decks added from chats, what each chat switched off or retired, and question reports

Revision ID: 0006_chat_decks
Revises: 0005
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import BigId, UtcDateTime

revision: str = "0006_chat_decks"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _chat_fk() -> sa.Column:
    return sa.Column(
        "chat_id", BigId, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "chat_decks",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("deck_id", sa.String(64), nullable=False, unique=True),
        _chat_fk(),
        sa.Column("owner_id", BigId, sa.ForeignKey("learners.id", ondelete="SET NULL")),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("yaml_text", sa.Text(), nullable=False),
        sa.Column("doubted", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("chat_id", "file_name", name="uq_chat_decks_file"),
    )
    op.create_table(
        "chat_catalogs",
        sa.Column(
            "chat_id", BigId, sa.ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "deck_switches",
        sa.Column(
            "chat_id", BigId, sa.ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("deck_id", sa.String(64), primary_key=True),
    )
    op.create_table(
        "retired_questions",
        sa.Column(
            "chat_id", BigId, sa.ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("question_key", sa.String(160), primary_key=True),
        sa.Column("retired_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "question_reports",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        _chat_fk(),
        sa.Column("question_key", sa.String(160), nullable=False),
        sa.Column(
            "learner_id",
            BigId,
            sa.ForeignKey("learners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("chat_id", "question_key", "learner_id", name="uq_reports_once"),
    )


def downgrade() -> None:
    for table in (
        "question_reports",
        "retired_questions",
        "deck_switches",
        "chat_catalogs",
        "chat_decks",
    ):
        op.drop_table(table)
