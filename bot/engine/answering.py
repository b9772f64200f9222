"""Recording one answer: checks, the answer row, the card, the streak, the chat's scores.

It runs as one synchronous function inside the caller's transaction (the engine hands it over
with run_sync) because it is the hottest path there is: every tap of every learner.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from fsrs import Scheduler

from bot.engine import fsrs_cards, option_order, streaks
from bot.engine.catalogs import Catalogs
from bot.engine.views import AnswerResult, AnswerStatus, ChatRef, LearnerRef
from content.catalog import CatalogQuestion
from storage import answer_context, cards, learners, progress, quizzes, scores
from storage.db import Connection


class Answering:
    def __init__(self, catalog: Catalogs, fsrs: Scheduler, default_timezone: str) -> None:
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
        q = self.catalog.find(session, inst.question_key)
        if q is None:
            return AnswerResult(AnswerStatus.RETIRED, instance_id, language=lang)
        if not 0 <= option < len(q.options):
            return AnswerResult(
                AnswerStatus.INVALID_OPTION, instance_id, options=q.options, language=lang
            )
        # `option` is the shown position; the answer row records the deck's option.
        order = option_order.decode(inst.option_order, len(q.options))
        who = context.learner
        if inst.learner_id is not None:
            # A personal question: only its learner may answer, and nothing is created.
            if who is None or who.id != inst.learner_id:
                return AnswerResult(AnswerStatus.NOT_ALLOWED, instance_id, language=lang)
        elif who is None or (learner.display_name and learner.display_name != who.display_name):
            who = learners.ensure_learner(session, *ids, learner.display_name, now)
        correct = order[option] == q.answer
        count = quizzes.record_answer(
            session,
            instance_id=instance_id,
            learner_id=who.id,
            option_index=order[option],
            correct=correct,
            now=now,
            count=inst.learner_id is None,
        )
        if count is None:
            # The recorded choice (as shown), so an adapter can show a result its platform
            # failed to show.
            stored = quizzes.recorded_option(session, instance_id, who.id)
            chosen = None if stored is None else option_order.position(order, stored)
            return self.result(
                AnswerStatus.ALREADY_ANSWERED, instance_id, q, chosen, order, language=lang
            )
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
        day = streaks.count_day(
            who.last_active_date, who.current_streak, who.best_streak, today, who.freezes_held
        )
        learners.record_activity(
            session,
            who.id,
            correct=correct,
            current_streak=day.current,
            best_streak=day.best,
            active_date=day.last,
            freezes_held=day.held,
            freezes_spent=len(day.frozen),
        )
        if day.frozen:
            progress.add_frozen_days(session, who.id, day.frozen)
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
            order,
            answer_count=count,
            answerers=tuple(names),
            next_due=card.due,
            streak=day.current,
            language=lang,
        )

    def result(
        self,
        status: AnswerStatus,
        instance_id: int,
        q: CatalogQuestion,
        chosen: int | None,
        order: option_order.Order,
        **extra: object,
    ) -> AnswerResult:
        """The result in the order the options were shown: `chosen` is a shown position."""
        return AnswerResult(
            status=status,
            instance_id=instance_id,
            chosen=chosen,
            correct_index=option_order.position(order, q.answer),
            options=option_order.shown(q.options, order),
            explanation=q.explanation,
            source_section=q.source_section,
            source=q.source,
            topic_title=self.catalog.topic(q.topic_key).title,
            **extra,  # type: ignore[arg-type]
        )

    def local_date(self, now: datetime, timezone: str | None) -> date:
        return now.astimezone(ZoneInfo(timezone or self.default_timezone)).date()
