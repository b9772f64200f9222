"""Progress repository: answers per quarter hour (for calendars in any time zone), exam dates,
the days a streak freeze saved, and the card state readiness is computed from."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Connection, Integer, cast, func, select, update

from storage.models import Answer, Card, FrozenDay, Learner, QuizInstance
from storage.upsert import insert_for

# Answers are counted per quarter hour in UTC: every time zone's offset is a whole number of
# quarter hours, so the engine can put each bucket on the right local day of any zone.
BUCKET_SECONDS = 900


def _bucket(session: Connection):
    if session.dialect.name == "postgresql":
        epoch = func.extract("epoch", Answer.answered_at)
        return cast(func.floor(epoch / BUCKET_SECONDS), BigInteger)
    # SQLite stores the naive UTC text; strftime('%s') reads it as UTC.
    return cast(func.strftime("%s", Answer.answered_at), Integer) // BUCKET_SECONDS


def _counts(session: Connection, stmt) -> list[tuple[datetime, int]]:
    return [
        (datetime.fromtimestamp(int(b) * BUCKET_SECONDS, UTC), int(n))
        for b, n in session.execute(stmt).all()
    ]


def learner_answers(
    session: Connection, learner_id: int, since: datetime
) -> list[tuple[datetime, int]]:
    """(start of a UTC quarter hour, answers the learner gave in it) since `since`."""
    bucket = _bucket(session).label("bucket")
    stmt = (
        select(bucket, func.count())
        .where(Answer.learner_id == learner_id, Answer.answered_at >= since)
        .group_by(bucket)
    )
    return _counts(session, stmt)


def chat_answers(session: Connection, chat_id: int, since: datetime) -> list[tuple[datetime, int]]:
    """(start of a UTC quarter hour, answers anyone gave in the chat in it) since `since`."""
    bucket = _bucket(session).label("bucket")
    stmt = (
        select(bucket, func.count())
        .join(QuizInstance, QuizInstance.id == Answer.instance_id)
        .where(QuizInstance.chat_id == chat_id, Answer.answered_at >= since)
        .group_by(bucket)
    )
    return _counts(session, stmt)


def chat_members(session: Connection, chat_id: int) -> list[int]:
    """The learners who have answered at least one question in the chat."""
    stmt = (
        select(Answer.learner_id)
        .distinct()
        .join(QuizInstance, QuizInstance.id == Answer.instance_id)
        .where(QuizInstance.chat_id == chat_id)
    )
    return sorted(session.scalars(stmt).all())


def memory(
    session: Connection, learner_ids: Sequence[int]
) -> list[tuple[int, str, float | None, datetime | None, bool]]:
    """(learner, question key, stability, last review, last answer right) of every card."""
    if not learner_ids:
        return []
    stmt = select(
        Card.learner_id, Card.question_key, Card.stability, Card.last_review, Card.last_correct
    ).where(Card.learner_id.in_(list(learner_ids)))
    return [tuple(row) for row in session.execute(stmt).all()]


def set_exam_date(session: Connection, learner_id: int, day: date | None) -> None:
    session.execute(update(Learner).where(Learner.id == learner_id).values(exam_date=day))


def exam_date(session: Connection, learner_id: int) -> date | None:
    return session.scalar(select(Learner.exam_date).where(Learner.id == learner_id))


def set_last_active_date(session: Connection, learner_id: int, day: date | None) -> None:
    session.execute(update(Learner).where(Learner.id == learner_id).values(last_active_date=day))


def add_frozen_days(session: Connection, learner_id: int, days: Iterable[date]) -> None:
    rows = [{"learner_id": learner_id, "day": d} for d in days]
    if rows:
        stmt = insert_for(session, FrozenDay.__table__).on_conflict_do_nothing()
        session.execute(stmt, rows)


def frozen_days(session: Connection, learner_id: int, since: date) -> list[date]:
    stmt = (
        select(FrozenDay.day)
        .where(FrozenDay.learner_id == learner_id, FrozenDay.day >= since)
        .order_by(FrozenDay.day)
    )
    return list(session.scalars(stmt).all())


def exam_of(session: Connection, learner_id: int) -> tuple[date | None, str | None]:
    """The learner's exam date and time zone."""
    row = session.execute(
        select(Learner.exam_date, Learner.timezone).where(Learner.id == learner_id)
    ).one_or_none()
    return (row[0], row[1]) if row else (None, None)
