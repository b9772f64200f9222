"""Tables: learners, chats, per-learner card state, quiz instances, answers, chat scores,
and the decks chats add, switch off, report on and retire questions of."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite has no integer autoincrement for BIGINT; PostgreSQL wants room for billions of rows.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python, stored naive UTC so SQLite and PostgreSQL compare alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Learner(Base):
    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("platform", "workspace", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(128), default="")
    language: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    current_streak: Mapped[int] = mapped_column(Integer, default=0)
    best_streak: Mapped[int] = mapped_column(Integer, default=0)
    last_active_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    exam_date: Mapped[date | None] = mapped_column(Date)
    freezes_held: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    freezes_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Chat(Base):
    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "workspace", "external_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(64))
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(128), default="")
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Card(Base):
    """FSRS state of one question for one learner."""

    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_learner_due", "learner_id", "due"),)

    learner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UtcDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    last_correct: Mapped[bool] = mapped_column(Boolean, default=False)


class QuizInstance(Base):
    """One question as sent to one chat; buttons carry only its id and an option index."""

    __tablename__ = "quiz_instances"
    __table_args__ = (
        Index("ix_instances_chat_question", "chat_id", "question_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigId, ForeignKey("chats.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(160))
    # Set for a personal question (only that learner may answer); NULL for a group question.
    learner_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16), default="quiz")
    message_ref: Mapped[str | None] = mapped_column(String(64))
    answer_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The order the options were shown in ("2,0,3,1": shown position → the deck's option);
    # NULL is the deck's own order (true/false, and instances from before shuffling).
    option_order: Mapped[str | None] = mapped_column(String(64))


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("instance_id", "learner_id", name="uq_answers_instance_learner"),
        Index("ix_answers_learner_time", "learner_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    instance_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("quiz_instances.id", ondelete="CASCADE")
    )
    learner_id: Mapped[int] = mapped_column(BigId, ForeignKey("learners.id", ondelete="CASCADE"))
    option_index: Mapped[int] = mapped_column(Integer)
    correct: Mapped[bool] = mapped_column(Boolean)
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChatScore(Base):
    """Leaderboard aggregate: one row per (chat, period, learner); period is 'all' or a week."""

    __tablename__ = "chat_scores"

    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    points: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    # When the learner reached the current points: an earlier arrival wins a tie.
    reached_at: Mapped[datetime] = mapped_column(UtcDateTime)


# Leaderboards read points high-to-low and, within a tie, reached_at low-to-high: the index
# holds exactly that order so a top-N read is an index range scan.
Index(
    "ix_scores_rank",
    ChatScore.chat_id,
    ChatScore.period,
    ChatScore.points.desc(),
    ChatScore.reached_at,
)


class Subscription(Base):
    """A question of the day for one chat (a private chat's learner, or a channel)."""

    __tablename__ = "subscriptions"
    # Each tick claims the subscriptions of one (zone, local time) slot at a time.
    __table_args__ = (Index("ix_subscriptions_slot", "timezone", "local_time", "active"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), unique=True
    )
    # Who set it up; for a private chat, the learner who gets the questions.
    learner_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE")
    )
    local_time: Mapped[str] = mapped_column(String(5))  # "HH:MM" in `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    # The chat's platform, copied here (a chat never changes platform): claiming due slots
    # then reads subscriptions alone, without a join to chats per row.
    platform: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


# The partial index's predicate; queries repeat it word for word so both databases use it.
CLAIMED = "state = 'claimed'"


class Delivery(Base):
    """One question of the day for one subscription on one local date: claimed once, ever."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "local_date", name="uq_delivery_slot"),
        # Only claims in flight, for taking over those of a process that died.
        Index(
            "ix_deliveries_claimed",
            "claimed_at",
            sqlite_where=text(CLAIMED),
            postgresql_where=text(CLAIMED),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # No foreign key: on PostgreSQL its check locks each subscription row, a large share of
    # the cost of claiming many slots at once. Storage deletes a subscription's
    # deliveries itself where a subscription can go (storage/deliveries.py: delete_of).
    subscription_id: Mapped[int] = mapped_column(BigId)
    local_date: Mapped[date] = mapped_column(Date)
    # claimed → sent | failed; or skipped when the slot passed while nobody was running.
    state: Mapped[str] = mapped_column(String(10))
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    instance_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("quiz_instances.id", ondelete="SET NULL")
    )
    message_ref: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(String(200))
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The process holding the claim (bot/daily/owner.py), so its death is seen at once.
    claimed_by: Mapped[str | None] = mapped_column(String(64))


class ChatDeck(Base):
    """A deck added from a chat: its YAML as imported, owned by the chat it was sent in."""

    __tablename__ = "chat_decks"
    __table_args__ = (UniqueConstraint("chat_id", "file_name", name="uq_chat_decks_file"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # Unique across the database: question keys are "deck/question" and stable forever.
    deck_id: Mapped[str] = mapped_column(String(64), unique=True)
    chat_id: Mapped[int] = mapped_column(BigId, ForeignKey("chats.id", ondelete="CASCADE"))
    owner_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="SET NULL")
    )
    file_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text)
    doubted: Mapped[str] = mapped_column(Text, default="")  # question ids, one per line
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ChatCatalog(Base):
    """Bumped on every change to what a chat studies, so every process rebuilds its cache."""

    __tablename__ = "chat_catalogs"

    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)


class DeckSwitch(Base):
    """A deck a chat switched off (no row: on)."""

    __tablename__ = "deck_switches"

    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class RetiredQuestion(Base):
    """A question a chat will never be asked again; its answers stay in the history."""

    __tablename__ = "retired_questions"

    chat_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("chats.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(160), primary_key=True)
    retired_at: Mapped[datetime] = mapped_column(UtcDateTime)


class QuestionReport(Base):
    """A learner's report that a question they answered is wrong, unclear or has a typo."""

    __tablename__ = "question_reports"
    __table_args__ = (
        UniqueConstraint("chat_id", "question_key", "learner_id", name="uq_reports_once"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigId, ForeignKey("chats.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(160))
    learner_id: Mapped[int] = mapped_column(BigId, ForeignKey("learners.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FrozenDay(Base):
    """A local day without an answer that a streak freeze bridged (marked on the calendar)."""

    __tablename__ = "frozen_days"

    learner_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class DrillRun(Base):
    """One learner's run of a drill on a confusable pair in one chat: which step it is at."""

    __tablename__ = "drill_runs"
    # A learner has at most one unfinished run per pair and chat; finished runs are history.
    __table_args__ = (Index("ix_drill_runs_open", "learner_id", "chat_id", "pair_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(BigId, ForeignKey("learners.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigId, ForeignKey("chats.id", ondelete="CASCADE"))
    pair_key: Mapped[str] = mapped_column(String(160))
    step: Mapped[int] = mapped_column(Integer, default=0)  # questions answered so far
    correct: Mapped[int] = mapped_column(Integer, default=0)
    # The question asked at this step and not answered yet (NULL between steps).
    instance_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("quiz_instances.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
