"""Recording one answer: checks, the answer row, the card, the streak, the chat's scores.

It runs as one synchronous function inside the caller's transaction (the engine hands it over
with run_sync) because it is the hottest path there is: every tap of every learner.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from fsrs import Scheduler

from bot.engine import fsrs_cards, streaks
from bot.engine.views import AnswerResult, AnswerStatus, ChatRef, LearnerRef
from content.catalog import Catalog, CatalogQuestion
from storage import answer_context, cards, learners, quizzes, scores
from storage.db import Connection


class Answering:
    def __init__(self, catalog: Catalog, fsrs: Scheduler, default_timezone: str) -> None:
        self.catalog = catalog
        self.fsrs = fsrs
        self.default_timezone = default_timezone

    def record(
        self,
        session: Connection,
        learner: LearnerRef,
        chat: ChatRef,
        instance_id: int,
        option: int,
        now: datetime,
    ) -> AnswerResult:
        ids = (learner.platform, learner.workspace, learner.user_id)
        context = answer_context.load(session, instance_id, *ids)
        if context is None:
            return AnswerResult(AnswerStatus.UNKNOWN_QUESTION, instance_id)
        inst = context.instance
        lang = context.learner.language if context.learner else None
        here = (inst.chat_platform, inst.chat_workspace, inst.chat_external_id)
        if here != (chat.platform, chat.workspace, chat.chat_id):
            return AnswerResult(AnswerStatus.NOT_ALLOWED, instance_id, language=lang)
        q = self.catalog.question(inst.question_key)
        if q is None:
            return AnswerResult(AnswerStatus.RETIRED, instance_id, language=lang)
        if not 0 <= option < len(q.options):
            return AnswerResult(
                AnswerStatus.INVALID_OPTION, instance_id, options=q.options, language=lang
            )
        who = context.learner
        if inst.learner_id is not None:
            # A personal question: only its learner may answer, and nothing is created.
            if who is None or who.id != inst.learner_id:
                return AnswerResult(AnswerStatus.NOT_ALLOWED, instance_id, language=lang)
        elif who is None or (learner.display_name and learner.display_name != who.display_name):
            who = learners.ensure_learner(session, *ids, learner.display_name, now)
        correct = option == q.answer
        count = quizzes.record_answer(
            session,
            instance_id=instance_id,
            learner_id=who.id,
            option_index=option,
            correct=correct,
            now=now,
            count=inst.learner_id is None,
        )
        if count is None:
            return self.result(AnswerStatus.ALREADY_ANSWERED, instance_id, q, None, language=lang)
        card = fsrs_cards.review(
            self.fsrs,
            context.card if context.learner is not None else None,
            learner_id=who.id,
            question_key=q.key,
            correct=correct,
            now=now,
        )
        cards.save_card(session, card)
        today = self.local_date(now, who.timezone)
        current, best = streaks.advance(
            who.last_active_date, who.current_streak, who.best_streak, today
        )
        learners.record_activity(
            session,
            who.id,
            correct=correct,
            current_streak=current,
            best_streak=best,
            active_date=today,
        )
        scores.add_answer(
            session,
            chat_id=inst.chat_id,
            learner_id=who.id,
            periods=[
                streaks.ALL_TIME,
                streaks.week_period(self.local_date(now, inst.chat_timezone)),
            ],
            correct=correct,
            now=now,
        )
        names = quizzes.answerer_names(session, instance_id) if inst.learner_id is None else []
        return self.result(
            AnswerStatus.CORRECT if correct else AnswerStatus.WRONG,
            instance_id,
            q,
            option,
            answer_count=count,
            answerers=tuple(names),
            next_due=card.due,
            streak=current,
            language=lang,
        )

    def result(
        self,
        status: AnswerStatus,
        instance_id: int,
        q: CatalogQuestion,
        chosen: int | None,
        **extra: object,
    ) -> AnswerResult:
        return AnswerResult(
            status=status,
            instance_id=instance_id,
            chosen=chosen,
            correct_index=q.answer,
            options=q.options,
            explanation=q.explanation,
            source_section=q.source_section,
            source=q.source,
            topic_title=self.catalog.topic(q.topic_key).title,
            **extra,  # type: ignore[arg-type]
        )

    def local_date(self, now: datetime, timezone: str | None) -> date:
        return now.astimezone(ZoneInfo(timezone or self.default_timezone)).date()
