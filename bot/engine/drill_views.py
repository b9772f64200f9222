"""Plain values of drills on confusable pairs, as the engine hands them to adapters."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.views import AnswerResult, QuestionView

DRILL_LENGTH = 5  # questions in one run, alternating the pair's two sides


@dataclass(frozen=True)
class PairStanding:
    """A pair in the /drill list, with the learner's accuracy on its questions."""

    id: str
    title: str
    labels: tuple[str, str]
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class DrillList:
    pairs: tuple[PairStanding, ...]  # only pairs this chat can ask


@dataclass(frozen=True)
class DrillNotFound:
    query: str
    valid: tuple[tuple[str, str], ...]  # (pair id, title) of the pairs this chat can ask


@dataclass(frozen=True)
class DrillUnavailable:
    """The pair exists, but the questions of one of its sides cannot be asked here."""

    pair_id: str
    title: str


@dataclass(frozen=True)
class DrillQuestion:
    question: QuestionView
    pair_id: str
    pair_title: str
    step: int  # 1-based
    total: int
    side: str  # the label of the side this question is about
    resumed: bool = False  # shown again: the run was left at this question


@dataclass(frozen=True)
class DrillEnd:
    """The contrast shown when a run ends, with the learner's score in it."""

    pair_id: str
    title: str
    clue: str
    sides: tuple[tuple[str, str], ...]  # (label, what it is for)
    correct: int
    total: int


@dataclass(frozen=True)
class DrillAnswer:
    result: AnswerResult
    then: DrillQuestion | DrillEnd | None  # None: the answer moved no run on


DrillStart = DrillQuestion | DrillEnd | DrillNotFound | DrillUnavailable
