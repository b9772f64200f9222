"""Everything stored about one learner, as plain data (for /export)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from storage.models import (
    Answer,
    Card,
    Chat,
    ChatScore,
    DrillRun,
    FrozenDay,
    Learner,
    QuizInstance,
    Subscription,
)


def learner_data(session: Connection, learner_id: int) -> dict[str, Any]:
    found = (
        session.execute(select(Learner.__table__).where(Learner.id == learner_id))
    ).one_or_none()
    if found is None:
        return {}

    def rows(stmt) -> list[dict[str, Any]]:
        return [dict(row._mapping) for row in (session.execute(stmt)).all()]

    return {
        "learner": {k: v for k, v in found._mapping.items() if k != "id"},
        "cards": rows(
            select(
                Card.question_key,
                Card.state,
                Card.stability,
                Card.difficulty,
                Card.due,
                Card.last_review,
                Card.reps,
                Card.lapses,
                Card.last_correct,
            )
            .where(Card.learner_id == learner_id)
            .order_by(Card.question_key)
        ),
        "answers": rows(
            select(
                QuizInstance.question_key,
                Chat.platform,
                Chat.external_id.label("chat"),
                Answer.option_index,
                Answer.correct,
                Answer.answered_at,
            )
            .join(QuizInstance, QuizInstance.id == Answer.instance_id)
            .join(Chat, Chat.id == QuizInstance.chat_id)
            .where(Answer.learner_id == learner_id)
            .order_by(Answer.answered_at, Answer.id)
        ),
        "scores": rows(
            select(
                Chat.external_id.label("chat"),
                ChatScore.period,
                ChatScore.points,
                ChatScore.answered,
                ChatScore.correct,
            )
            .join(Chat, Chat.id == ChatScore.chat_id)
            .where(ChatScore.learner_id == learner_id)
            .order_by(Chat.external_id, ChatScore.period)
        ),
        "frozen_days": rows(
            select(FrozenDay.day).where(FrozenDay.learner_id == learner_id).order_by(FrozenDay.day)
        ),
        "subscriptions": rows(
            select(
                Chat.external_id.label("chat"),
                Subscription.local_time,
                Subscription.timezone,
                Subscription.active,
            )
            .join(Chat, Chat.id == Subscription.chat_id)
            .where(Subscription.learner_id == learner_id)
        ),
        "drill_runs": rows(
            select(
                Chat.external_id.label("chat"),
                DrillRun.pair_key,
                DrillRun.step,
                DrillRun.correct,
                DrillRun.started_at,
                DrillRun.finished_at,
            )
            .join(Chat, Chat.id == DrillRun.chat_id)
            .where(DrillRun.learner_id == learner_id)
            .order_by(DrillRun.id)
        ),
    }
