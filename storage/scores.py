"""Score repository: the per-chat leaderboard aggregate (this week and all time)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, case, func, or_, select

from storage.models import ChatScore, Learner
from storage.records import ScoreRow
from storage.upsert import prepared

_S = ChatScore.__table__


def _add(insert):
    stmt = insert(_S)
    return stmt.on_conflict_do_update(
        index_elements=["chat_id", "period", "learner_id"],
        set_={
            "points": _S.c.points + stmt.excluded.points,
            "answered": _S.c.answered + 1,
            "correct": _S.c.correct + stmt.excluded.correct,
            "reached_at": case(
                (stmt.excluded.points > 0, stmt.excluded.reached_at),
                else_=_S.c.reached_at,
            ),
        },
    )


def add_answer(
    session: Connection,
    *,
    chat_id: int,
    learner_id: int,
    periods: list[str],
    correct: bool,
    now: datetime,
) -> None:
    """Count one answer in each period; a right answer is one point reached at `now`."""
    point = int(correct)
    rows = [
        {
            "chat_id": chat_id,
            "period": period,
            "learner_id": learner_id,
            "points": point,
            "answered": 1,
            "correct": point,
            "reached_at": now,
        }
        for period in periods
    ]
    session.execute(prepared(session, _add), rows)


def top(session: Connection, chat_id: int, period: str, limit: int) -> list[ScoreRow]:
    rows = session.execute(
        select(
            ChatScore.learner_id,
            Learner.display_name,
            ChatScore.points,
            ChatScore.answered,
            ChatScore.correct,
            Learner.current_streak,
            Learner.last_active_date,
            Learner.freezes_held,
        )
        .join(Learner, Learner.id == ChatScore.learner_id)
        .where(ChatScore.chat_id == chat_id, ChatScore.period == period)
        .order_by(ChatScore.points.desc(), ChatScore.reached_at, ChatScore.learner_id)
        .limit(limit)
    )
    return [ScoreRow(*row[:7], rank=i, freezes_held=row[7]) for i, row in enumerate(rows.all(), 1)]


def standing(session: Connection, chat_id: int, period: str, learner_id: int) -> ScoreRow | None:
    """The learner's own row and rank, for showing it under a top list they are not in."""
    mine = (
        session.execute(
            select(
                ChatScore.points,
                ChatScore.answered,
                ChatScore.correct,
                ChatScore.reached_at,
                Learner.display_name,
                Learner.current_streak,
                Learner.last_active_date,
                Learner.freezes_held,
            )
            .join(Learner, Learner.id == ChatScore.learner_id)
            .where(
                ChatScore.chat_id == chat_id,
                ChatScore.period == period,
                ChatScore.learner_id == learner_id,
            )
        )
    ).one_or_none()
    if mine is None:
        return None
    points, answered, correct, reached_at, name, streak, last_active, freezes = mine
    ahead = session.scalar(
        select(func.count())
        .select_from(ChatScore)
        .where(
            ChatScore.chat_id == chat_id,
            ChatScore.period == period,
            or_(
                ChatScore.points > points,
                and_(
                    ChatScore.points == points,
                    or_(
                        ChatScore.reached_at < reached_at,
                        and_(
                            ChatScore.reached_at == reached_at,
                            ChatScore.learner_id < learner_id,
                        ),
                    ),
                ),
            ),
        )
    )
    return ScoreRow(
        learner_id,
        name,
        points,
        answered,
        correct,
        streak,
        last_active,
        rank=(ahead or 0) + 1,
        freezes_held=freezes,
    )
