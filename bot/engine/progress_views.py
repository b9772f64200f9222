"""Plain values of the progress report: a calendar of answers, readiness per topic, the exam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

CALENDAR_WEEKS = 26


@dataclass(frozen=True)
class DayCount:
    day: date  # a local day
    answers: int
    frozen: bool = False  # a missed day a streak freeze saved


@dataclass(frozen=True)
class TopicReadiness:
    id: str
    title: str
    questions: int
    reviewed: int  # questions answered at least once (by anyone, for a channel)
    mastery: float  # share of questions right at their last answer (per member, for a channel)
    now: float  # mean FSRS retrievability of its questions now (unseen: 0)
    on_exam: float | None = None  # the same on exam day, if nothing more is reviewed


@dataclass(frozen=True)
class StreakView:
    current: int
    best: int
    freezes_held: int
    freezes_used: int


@dataclass(frozen=True)
class ExamOutlook:
    day: date
    days_left: int
    readiness: float  # over every question, on exam day


@dataclass(frozen=True)
class ProgressReport:
    """One learner's progress, or a channel's (team: streak None, `members` who answered)."""

    title: str
    today: date
    days: tuple[DayCount, ...]  # from a Monday 25 weeks back through today, oldest first
    topics: tuple[TopicReadiness, ...]  # weakest first
    readiness: float  # over every question, now
    streak: StreakView | None = None
    exam: ExamOutlook | None = None
    members: int = 1

    @property
    def answers(self) -> int:
        return sum(d.answers for d in self.days)

    @property
    def active_days(self) -> int:
        return sum(1 for d in self.days if d.answers)

    @property
    def empty(self) -> bool:
        return self.answers == 0 and not any(t.reviewed for t in self.topics)

    @property
    def weakest(self) -> TopicReadiness | None:
        return self.topics[0] if self.topics else None


@dataclass(frozen=True)
class ExamSetting:
    """What /exam did. status: set, same, moved, off, none (nothing to switch off or show),
    shown, past (refused: the day is over)."""

    status: str
    day: date | None = None
    previous: date | None = None
    days_left: int | None = None
