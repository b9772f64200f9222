"""Plain records that repositories return, so callers never hold live ORM state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class LearnerRecord:
    id: int
    display_name: str
    language: str | None
    timezone: str | None
    answered: int
    correct: int
    current_streak: int
    best_streak: int
    last_active_date: date | None
    exam_date: date | None = None
    freezes_held: int = 0
    freezes_used: int = 0


@dataclass(frozen=True)
class ChatRecord:
    id: int
    is_group: bool
    timezone: str | None


@dataclass(frozen=True)
class CardRecord:
    learner_id: int
    question_key: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int
    last_correct: bool


@dataclass(frozen=True)
class InstanceRecord:
    id: int
    chat_id: int
    question_key: str
    learner_id: int | None
    chat_platform: str
    chat_workspace: str
    chat_external_id: str
    chat_timezone: str | None
    answer_count: int
    option_order: str | None = None  # see bot/engine/option_order.py


@dataclass(frozen=True)
class ScoreRow:
    learner_id: int
    display_name: str
    points: int
    answered: int
    correct: int
    current_streak: int
    last_active_date: date | None
    rank: int
    freezes_held: int = 0


@dataclass(frozen=True)
class SubscriptionRecord:
    id: int
    chat_id: int
    learner_id: int | None
    local_time: str
    timezone: str
    active: bool


@dataclass(frozen=True)
class DeliveryJob:
    id: int
    subscription_id: int
    local_date: date
    state: str
    instance_id: int | None
    message_ref: str | None
    active: bool
    timezone: str
    platform: str
    workspace: str
    chat_external_id: str
    is_group: bool
    chat_title: str
    learner_external_id: str | None
    learner_name: str | None
    learner_language: str | None
    chat_id: int
    learner_id: int | None


@dataclass(frozen=True)
class Outcome:
    """How one send ended, to be recorded with others in one transaction."""

    delivery_id: int
    state: str
    message_ref: str | None = None
    reason: str | None = None
    unsubscribe: int | None = None  # the subscription to end: the platform says it is gone


@dataclass(frozen=True)
class DeckRecord:
    """A deck added from a chat, as stored."""

    id: int
    deck_id: str
    chat_id: int
    owner_id: int | None
    file_name: str
    title: str
    yaml_text: str
    doubted: str
    version: int
