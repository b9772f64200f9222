"""The quiz engine: every feature, once, for every adapter. Plain values in, plain values out."""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Scheduler

from bot import rows, selection, streaks
from bot.answering import Answering
from bot.clock import Clock
from bot.profiles import Profiles
from bot.views import (
    AnswerResult,
    ChatRef,
    Leaderboard,
    LeaderRow,
    LearnerRef,
    QuestionSummary,
    QuestionView,
    Stats,
    TopicNotFound,
    TopicProgress,
)
from content.catalog import Catalog, CatalogQuestion
from storage import cards, chats, learners, quizzes, scores
from storage.db import Database, Session, SyncSession
from storage.records import LearnerRecord, ScoreRow

# How many due cards to look at per query while skipping ones whose question left the deck.
_DUE_BATCH = 50


class Engine:
    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        clock: Clock,
        *,
        default_timezone: str = "Asia/Tokyo",
        fuzz: bool = True,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.default_timezone = default_timezone
        # Fuzzing spreads reviews of cards learnt together over nearby days; tests turn it off
        # to get exact due dates.
        self.scheduler = Scheduler(enable_fuzzing=fuzz)
        self.profiles = Profiles(db, clock, default_timezone)
        self.answering = Answering(catalog, self.scheduler, default_timezone)

    # -- asking ---------------------------------------------------------------------------

    async def next_question(
        self, learner: LearnerRef, chat: ChatRef, topic: str | None = None, *, kind: str = "quiz"
    ) -> QuestionView | TopicNotFound:
        """Pick and record the next question for this learner (or this group) in this chat."""
        allowed: set[str] | None = None
        if topic:
            found = self.catalog.find_topics(topic)
            if not found:
                return TopicNotFound(
                    query=topic,
                    valid=tuple((t.id, t.title) for t in self.catalog.topics.values()),
                )
            allowed = {k for t in found for k in t.question_keys}
        now = self.clock.now()
        async with self.db.transaction() as session:
            picked = await session.run_sync(self._ask_in_chat, learner, chat, allowed, kind, now)
        if picked is None:
            return TopicNotFound(query=topic or "", valid=())
        return self.question_view(*picked)

    def _ask_in_chat(
        self,
        session: SyncSession,
        learner: LearnerRef,
        chat: ChatRef,
        allowed: set[str] | None,
        kind: str,
        now: datetime,
    ) -> tuple[int, str, str] | None:
        chat_row = rows.chat_row(session, chat, now)
        owner = None if chat.is_group else rows.learner_row(session, learner, now).id
        return self.ask(session, chat_row.id, owner, allowed=allowed, kind=kind, now=now)

    def ask(
        self,
        session: SyncSession,
        chat_id: int,
        learner_id: int | None,
        *,
        kind: str,
        now: datetime,
        allowed: set[str] | None = None,
    ) -> tuple[int, str, str] | None:
        """Pick and record a question inside the caller's transaction: (instance, key, reason).

        `learner_id` None asks the whole chat (a group). The question of the day calls this
        with rows it already holds, so a delivery is one transaction, not four.
        """
        if learner_id is None:
            posted = quizzes.posted_keys(session, chat_id)
            key = selection.for_chat(self.catalog.new_order, posted, allowed)
            reason = "group"
        else:
            key, reason = self._pick_for(session, learner_id, allowed, now)
        if key is None:
            return None
        instance_id = quizzes.create_instance(
            session,
            chat_id=chat_id,
            question_key=key,
            learner_id=learner_id,
            kind=kind,
            now=now,
        )
        return instance_id, key, reason

    def _pick_for(
        self, session: SyncSession, learner_id: int, allowed: set[str] | None, now: datetime
    ) -> tuple[str | None, str]:
        due = self._first_in_deck(session, learner_id, allowed, due_by=now)
        if due is not None:
            return due, "due"
        seen = cards.seen_keys(session, learner_id)
        new = selection.first_new(self.catalog.new_order, seen, allowed)
        if new is not None:
            return new, "new"
        # Everything seen and nothing due: review ahead rather than leave the learner idle.
        return self._first_in_deck(session, learner_id, allowed, due_by=None), "ahead"

    def _first_in_deck(
        self,
        session: SyncSession,
        learner_id: int,
        allowed: set[str] | None,
        due_by: datetime | None,
    ) -> str | None:
        offset = 0
        while True:
            keys = cards.keys_by_due(
                session, learner_id, due_by=due_by, keys=allowed, limit=_DUE_BATCH, offset=offset
            )
            for key in keys:
                if key in self.catalog.questions:
                    return key
            if len(keys) < _DUE_BATCH:
                return None
            offset += _DUE_BATCH

    def question_view(self, instance_id: int, key: str, reason: str) -> QuestionView:
        return self._view(instance_id, self.catalog.questions[key], reason)

    def _view(self, instance_id: int, q: CatalogQuestion, reason: str) -> QuestionView:
        topic = self.catalog.topic(q.topic_key)
        return QuestionView(
            instance_id=instance_id,
            question_key=q.key,
            topic_id=topic.id,
            topic_title=topic.title,
            prompt=q.prompt,
            options=q.options,
            kind=q.kind,
            reason=reason,
        )

    # -- answering ------------------------------------------------------------------------

    async def answer(
        self, learner: LearnerRef, chat: ChatRef, instance_id: int, option: int
    ) -> AnswerResult:
        """Record one answer; anything forged, stale or repeated records nothing."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            # One trip into the synchronous world for the whole answer: this is the hot path.
            return await session.run_sync(
                self.answering.record, learner, chat, instance_id, option, now
            )

    # -- reading progress -----------------------------------------------------------------

    async def topics(self, learner: LearnerRef) -> list[TopicProgress]:
        """Every topic with its size and the learner's mastery of it."""
        async with self.db.transaction() as session:
            who = await self._find(session, learner)
            results = await session.run_sync(cards.last_results, who.id) if who else {}
        return [
            TopicProgress(
                id=t.id,
                title=t.title,
                questions=len(t.question_keys),
                reviewed=sum(1 for k in t.question_keys if k in results),
                mastered=sum(1 for k in t.question_keys if results.get(k)),
            )
            for t in self.catalog.topics.values()
        ]

    async def stats(self, learner: LearnerRef) -> Stats:
        now = self.clock.now()
        async with self.db.transaction() as session:
            who = await self._find(session, learner)
            if who is None:
                return Stats(0, 0, 0, 0, 0, 0)
            due = await session.run_sync(cards.due_keys, who.id, now)
            seen = await session.run_sync(cards.seen_keys, who.id)
        in_deck = self.catalog.questions
        return Stats(
            answered=who.answered,
            correct=who.correct,
            current_streak=streaks.shown(
                who.last_active_date, who.current_streak, self._local_date(now, who.timezone)
            ),
            best_streak=who.best_streak,
            due_now=sum(1 for k in due if k in in_deck),
            reviewed_cards=sum(1 for k in seen if k in in_deck),
        )

    async def leaderboard(
        self,
        chat: ChatRef,
        learner: LearnerRef | None = None,
        *,
        limit: int = 10,
        weeks_ago: int = 0,
    ) -> Leaderboard:
        """This chat's ranking this week (in the chat's time zone) and of all time."""
        now = self.clock.now()
        week: list[ScoreRow] = []
        all_time: list[ScoreRow] = []
        mine_week = mine_all = None
        async with self.db.transaction() as session:
            # Reading a board writes nothing: a chat never seen has an empty one.
            chat_row = await session.run_sync(
                chats.find_chat, chat.platform, chat.workspace, chat.chat_id
            )
            zone = chat_row.timezone if chat_row else None
            monday = streaks.week_start(self._local_date(now, zone))
            monday -= timedelta(weeks=weeks_ago)
            if chat_row is not None:
                week = await session.run_sync(scores.top, chat_row.id, monday.isoformat(), limit)
                all_time = await session.run_sync(scores.top, chat_row.id, streaks.ALL_TIME, limit)
            who = await self._find(session, learner) if learner and chat_row else None
            if who is not None and chat_row is not None:
                if all(r.learner_id != who.id for r in week):
                    mine_week = await session.run_sync(
                        scores.standing, chat_row.id, monday.isoformat(), who.id
                    )
                if all(r.learner_id != who.id for r in all_time):
                    mine_all = await session.run_sync(
                        scores.standing, chat_row.id, streaks.ALL_TIME, who.id
                    )
        today = self._local_date(now, None)

        def row(r: ScoreRow) -> LeaderRow:
            streak = streaks.shown(r.last_active_date, r.current_streak, today)
            return LeaderRow(r.rank, r.display_name, r.points, r.answered, r.correct, streak)

        return Leaderboard(
            week_start=monday,
            week=tuple(row(r) for r in week),
            all_time=tuple(row(r) for r in all_time),
            my_week=row(mine_week) if mine_week else None,
            my_all_time=row(mine_all) if mine_all else None,
        )

    async def view(self, instance_id: int) -> QuestionView | None:
        """An already recorded question, shown again (a retried delivery reuses its question)."""
        async with self.db.transaction() as session:
            return await session.run_sync(self.recorded_view, instance_id)

    def recorded_view(self, session: SyncSession, instance_id: int) -> QuestionView | None:
        inst = quizzes.get_instance(session, instance_id)
        q = self.catalog.question(inst.question_key) if inst else None
        if inst is None or q is None:
            return None
        return self._view(inst.id, q, "group" if inst.learner_id is None else "new")

    async def summary(self, instance_id: int) -> QuestionSummary | None:
        """How many answered a posted question and who got it right."""
        async with self.db.transaction() as session:
            inst = await session.run_sync(quizzes.get_instance, instance_id)
            answers = await session.run_sync(quizzes.results, instance_id) if inst else []
        q = self.catalog.question(inst.question_key) if inst else None
        if q is None:
            return None
        return QuestionSummary(
            prompt=q.prompt,
            correct_option=f"{q.answer + 1}. {q.options[q.answer]}",
            answered=len(answers),
            right=tuple(name for name, ok in answers if ok),
        )

    # -- helpers --------------------------------------------------------------------------

    async def _find(self, session: Session, ref: LearnerRef) -> LearnerRecord | None:
        return await session.run_sync(
            learners.find_learner, ref.platform, ref.workspace, ref.user_id
        )

    def _local_date(self, now: datetime, timezone: str | None):
        return self.answering.local_date(now, timezone)
