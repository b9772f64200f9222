"""The use cases of the quiz engine: asking, answering, progress, leaderboards.

Every public method is one transaction of its own and takes and returns plain values.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from random import Random

from fsrs import Scheduler

from bot.clock import Clock
from bot.engine import option_order, streaks
from bot.engine.answering import Answering
from bot.engine.asking import Asking
from bot.engine.catalogs import Catalogs, shown_ids
from bot.engine.decks import Decks
from bot.engine.deliveries import Deliveries
from bot.engine.drills import Drills
from bot.engine.profiles import Profiles
from bot.engine.progress import Progress
from bot.engine.views import (
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
from bot.pictures.painter import Painter
from content.catalog import Catalog
from storage import cards, chats, learners, quizzes, scores
from storage.db import AsyncConnection, Database
from storage.records import LearnerRecord, ScoreRow


class Engine:
    def __init__(
        self,
        db: Database,
        catalog: Catalog,
        clock: Clock,
        *,
        default_timezone: str = "Asia/Tokyo",
        fuzz: bool = True,
        painter: Painter | None = None,
        shuffle: bool = True,
        rng: Random | None = None,
    ) -> None:
        self.db = db
        self.catalog = catalog
        self.clock = clock
        self.default_timezone = default_timezone
        # Fuzzing spreads reviews of cards learnt together over nearby days; tests turn it off
        # to get exact due dates.
        self.fsrs = Scheduler(enable_fuzzing=fuzz)
        self.profiles = Profiles(db, clock, default_timezone)
        # The built-in decks; what a chat studies comes from `catalogs` (bot/engine/catalogs.py).
        self.catalogs = Catalogs(catalog)
        self.answering = Answering(self.catalogs, self.fsrs, default_timezone)
        # Options are shuffled per quiz instance so their position teaches nothing; tests that
        # answer by the deck's option index turn it off, and tests of shuffling pass a seed.
        self.asking = Asking(
            self.catalogs, (rng or Random()) if shuffle else None, default_timezone
        )
        self.decks = Decks(db, self.catalogs, clock)
        self.progress = Progress(db, self.catalogs, clock, default_timezone, painter or Painter())
        self.deliveries = Deliveries(db, self.asking)
        self.drills = Drills(db, self.catalogs, clock, self.asking, self.answering)

    # -- asking ---------------------------------------------------------------------------

    async def next_question(
        self, learner: LearnerRef, chat: ChatRef, topic: str | None = None, *, kind: str = "quiz"
    ) -> QuestionView | TopicNotFound:
        """Pick and record the next question for this learner (or this group) in this chat."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            picked = await tx.run_sync(self.asking.in_chat, learner, chat, topic, kind, now)
        if isinstance(picked, TopicNotFound):
            return picked
        if picked is None:
            return TopicNotFound(query=topic or "", valid=())
        shown = self.asking.view(picked)
        if shown.reason != "due" and not chat.is_group and self.catalogs.pairs:
            # Nothing due: point to the drill on the pair the learner keeps confusing.
            return replace(shown, drill_hint=await self.drills.suggest(learner, chat))
        return shown

    # -- answering ------------------------------------------------------------------------

    async def answer(
        self, learner: LearnerRef, chat: ChatRef, instance_id: int, option: int
    ) -> AnswerResult:
        """Record one answer; anything forged, stale or repeated records nothing."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            # One trip into the synchronous world for the whole answer: this is the hot path.
            return await tx.run_sync(
                self.answering.record, learner, chat, instance_id, option, now
            )

    # -- reading progress -----------------------------------------------------------------

    async def topics(
        self, learner: LearnerRef, chat: ChatRef | None = None
    ) -> list[TopicProgress]:
        """Every topic this chat studies with its size and the learner's mastery of it."""
        async with self.db.transaction() as tx:
            who = await self._find(tx, learner)
            results = await tx.run_sync(cards.last_results, who.id) if who else {}
            catalog = await tx.run_sync(self.decks.catalog_of, chat) if chat else self.catalog
        ids = shown_ids(catalog)
        return [
            TopicProgress(
                id=ids[t.key],
                title=t.title,
                questions=len(t.question_keys),
                reviewed=sum(1 for k in t.question_keys if k in results),
                mastered=sum(1 for k in t.question_keys if results.get(k)),
                deck=t.deck_id,
            )
            for t in catalog.topics.values()
        ]

    async def stats(self, learner: LearnerRef) -> Stats:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            who = await self._find(tx, learner)
            if who is None:
                return Stats(0, 0, 0, 0, 0, 0)
            due = await tx.run_sync(cards.due_keys, who.id, now)
            seen = await tx.run_sync(cards.seen_keys, who.id)
        in_deck = self.catalogs.questions
        today = self._local_date(now, who.timezone)
        stand = streaks.standing(who.last_active_date, who.current_streak, today, who.freezes_held)
        exam = who.exam_date
        return Stats(
            answered=who.answered,
            correct=who.correct,
            current_streak=stand.current,
            best_streak=who.best_streak,
            due_now=sum(1 for k in due if k in in_deck),
            reviewed_cards=sum(1 for k in seen if k in in_deck),
            freezes_held=stand.held,
            freezes_used=who.freezes_used + len(stand.frozen),
            days_to_exam=(exam - today).days if exam and exam >= today else None,
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
        async with self.db.transaction() as tx:
            # Reading a board writes nothing: a chat never seen has an empty one.
            chat_row = await tx.run_sync(
                chats.find_chat, chat.platform, chat.workspace, chat.chat_id
            )
            zone = chat_row.timezone if chat_row else None
            monday = streaks.week_start(self._local_date(now, zone))
            monday -= timedelta(weeks=weeks_ago)
            if chat_row is not None:
                week = await tx.run_sync(scores.top, chat_row.id, monday.isoformat(), limit)
                all_time = await tx.run_sync(scores.top, chat_row.id, streaks.ALL_TIME, limit)
            who = await self._find(tx, learner) if learner and chat_row else None
            if who is not None and chat_row is not None:
                if all(r.learner_id != who.id for r in week):
                    mine_week = await tx.run_sync(
                        scores.standing, chat_row.id, monday.isoformat(), who.id
                    )
                if all(r.learner_id != who.id for r in all_time):
                    mine_all = await tx.run_sync(
                        scores.standing, chat_row.id, streaks.ALL_TIME, who.id
                    )
        today = self._local_date(now, None)

        def row(r: ScoreRow) -> LeaderRow:
            streak = streaks.shown(r.last_active_date, r.current_streak, today, r.freezes_held)
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
        async with self.db.transaction() as tx:
            return await tx.run_sync(self.asking.recorded, instance_id)

    async def summary(self, instance_id: int) -> QuestionSummary | None:
        """How many answered a posted question and who got it right."""
        async with self.db.transaction() as tx:
            inst = await tx.run_sync(quizzes.get_instance, instance_id)
            answers = await tx.run_sync(quizzes.results, instance_id) if inst else []
            q = await tx.run_sync(self.catalogs.find, inst.question_key) if inst else None
        if q is None:
            return None
        shown = option_order.position(
            option_order.decode(inst.option_order, len(q.options)), q.answer
        )
        return QuestionSummary(
            prompt=q.prompt,
            correct_option=f"{shown + 1}. {q.options[q.answer]}",
            answered=len(answers),
            right=tuple(name for name, ok in answers if ok),
        )

    # -- helpers --------------------------------------------------------------------------

    async def _find(self, tx: AsyncConnection, ref: LearnerRef) -> LearnerRecord | None:
        return await tx.run_sync(learners.find_learner, ref.platform, ref.workspace, ref.user_id)

    def _local_date(self, now: datetime, timezone: str | None):
        return self.answering.local_date(now, timezone)
