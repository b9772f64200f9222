"""Plain values crossing the engine boundary: who asks, where, and what the engine answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from bot.engine.names import fitted


@dataclass(frozen=True)
class LearnerRef:
    """A person on a platform; Slack users are scoped by their team (workspace)."""

    platform: str
    workspace: str
    user_id: str
    display_name: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "display_name", fitted(self.display_name))


@dataclass(frozen=True)
class ChatRef:
    """A place questions are asked: a private chat, a group or a channel."""

    platform: str
    workspace: str
    chat_id: str
    is_group: bool = False
    title: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", fitted(self.title))


@dataclass(frozen=True)
class QuestionView:
    instance_id: int
    question_key: str
    topic_id: str
    topic_title: str
    prompt: str
    options: tuple[str, ...]
    kind: str  # "choice" or "true_false"
    reason: str  # "due", "new", "ahead" (review before it is due), "group" or "drill"
    drill_hint: str | None = None  # nothing due: the pair to drill next (bot/engine/drills.py)


@dataclass(frozen=True)
class TopicNotFound:
    query: str
    valid: tuple[tuple[str, str], ...]  # (topic id, title)
    ambiguous: bool = False  # several decks have a topic of that name: `valid` lists them


class AnswerStatus(Enum):
    CORRECT = "correct"
    WRONG = "wrong"
    ALREADY_ANSWERED = "already_answered"
    UNKNOWN_QUESTION = "unknown_question"  # no such instance: forged, or from a wiped database
    RETIRED = "retired"  # the instance exists but its question left the deck
    INVALID_OPTION = "invalid_option"
    NOT_ALLOWED = "not_allowed"  # another learner's or another chat's question

    @property
    def counted(self) -> bool:
        return self in (AnswerStatus.CORRECT, AnswerStatus.WRONG)


@dataclass(frozen=True)
class AnswerResult:
    status: AnswerStatus
    instance_id: int
    chosen: int | None = None
    correct_index: int | None = None
    options: tuple[str, ...] = ()
    explanation: str = ""
    source_section: str = ""
    source: str = ""
    topic_title: str = ""
    answer_count: int = 0
    answerers: tuple[str, ...] = ()  # group questions: who has answered, first first
    next_due: datetime | None = None
    streak: int = 0
    # The learner's chosen language, read with the answer so a reply needs no second query.
    language: str | None = None


@dataclass(frozen=True)
class TopicProgress:
    id: str
    title: str
    questions: int
    reviewed: int
    mastered: int
    deck: str = ""  # the deck's title, for listing topics per deck

    @property
    def mastery(self) -> float:
        return self.mastered / self.questions if self.questions else 0.0


@dataclass(frozen=True)
class Stats:
    answered: int
    correct: int
    current_streak: int
    best_streak: int
    due_now: int
    reviewed_cards: int
    freezes_held: int = 0
    freezes_used: int = 0
    days_to_exam: int | None = None  # None: no exam date ahead

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class LeaderRow:
    rank: int
    name: str
    points: int
    answered: int
    correct: int
    streak: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Leaderboard:
    week_start: date
    week: tuple[LeaderRow, ...]
    all_time: tuple[LeaderRow, ...]
    my_week: LeaderRow | None = None  # the asker's row when outside the shown top
    my_all_time: LeaderRow | None = None


@dataclass(frozen=True)
class QuestionSummary:
    """How a posted question went: for yesterday's result under today's question."""

    prompt: str
    correct_option: str
    answered: int
    right: tuple[str, ...]
