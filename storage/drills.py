"""Drill repository: runs of a drill on a confusable pair, and the answers that score a pair."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Integer, cast, func, insert, select, update

from storage.models import Answer, Card, DrillRun, QuizInstance


@dataclass(frozen=True)
class DrillRunRecord:
    id: int
    pair_key: str
    step: int
    correct: int
    instance_id: int | None


_COLUMNS = (DrillRun.id, DrillRun.pair_key, DrillRun.step, DrillRun.correct, DrillRun.instance_id)


def open_run(
    session: Connection, learner_id: int, chat_id: int, pair_key: str
) -> DrillRunRecord | None:
    """The learner's unfinished run of this pair in this chat."""
    row = session.execute(
        select(*_COLUMNS)
        .where(
            DrillRun.learner_id == learner_id,
            DrillRun.chat_id == chat_id,
            DrillRun.pair_key == pair_key,
            DrillRun.finished_at.is_(None),
        )
        .order_by(DrillRun.id.desc())
        .limit(1)
    ).one_or_none()
    return None if row is None else DrillRunRecord(*row)


def run_asking(session: Connection, learner_id: int, instance_id: int) -> DrillRunRecord | None:
    """The learner's unfinished run whose current question is this instance."""
    row = session.execute(
        select(*_COLUMNS).where(
            DrillRun.learner_id == learner_id,
            DrillRun.instance_id == instance_id,
            DrillRun.finished_at.is_(None),
        )
    ).one_or_none()
    return None if row is None else DrillRunRecord(*row)


def start_run(
    session: Connection, learner_id: int, chat_id: int, pair_key: str, now: datetime
) -> DrillRunRecord:
    run_id = session.execute(
        insert(DrillRun)
        .values(
            learner_id=learner_id,
            chat_id=chat_id,
            pair_key=pair_key,
            step=0,
            correct=0,
            started_at=now,
        )
        .returning(DrillRun.id)
    ).scalar_one()
    return DrillRunRecord(run_id, pair_key, 0, 0, None)


def set_question(session: Connection, run_id: int, instance_id: int) -> None:
    session.execute(update(DrillRun).where(DrillRun.id == run_id).values(instance_id=instance_id))


def advance(
    session: Connection, run: DrillRunRecord, correct: bool, finished_at: datetime | None
) -> DrillRunRecord:
    """Count the current question's answer; the run ends when `finished_at` is given.

    Only advances a run still at the step the caller read, so two taps racing on one drill
    question move it on once.
    """
    step, right = run.step + 1, run.correct + int(correct)
    done = session.execute(
        update(DrillRun)
        .where(DrillRun.id == run.id, DrillRun.step == run.step)
        .values(step=step, correct=right, instance_id=None, finished_at=finished_at)
    )
    if done.rowcount == 0:
        return run
    return DrillRunRecord(run.id, run.pair_key, step, right, None)


def answered(session: Connection, instance_id: int, learner_id: int) -> bool | None:
    """Whether the learner answered this instance right; None when not answered."""
    value = session.scalar(
        select(Answer.correct).where(
            Answer.instance_id == instance_id, Answer.learner_id == learner_id
        )
    )
    return None if value is None else bool(value)


def answer_counts(
    session: Connection, learner_id: int, keys: Collection[str]
) -> dict[str, tuple[int, int]]:
    """(answered, right) per question key, over every answer the learner gave to them."""
    if not keys:
        return {}
    rows = session.execute(
        select(
            QuizInstance.question_key,
            func.count(),
            func.sum(cast(Answer.correct, Integer)),
        )
        .join(QuizInstance, QuizInstance.id == Answer.instance_id)
        .where(Answer.learner_id == learner_id, QuizInstance.question_key.in_(list(keys)))
        .group_by(QuizInstance.question_key)
    )
    return {key: (int(n), int(right or 0)) for key, n, right in rows.all()}


def missed(session: Connection, learner_id: int, keys: Collection[str]) -> set[str]:
    """Which of these questions the learner got wrong at their last review."""
    if not keys:
        return set()
    rows = session.scalars(
        select(Card.question_key).where(
            Card.learner_id == learner_id,
            Card.last_correct.is_(False),
            Card.question_key.in_(list(keys)),
        )
    )
    return set(rows.all())
