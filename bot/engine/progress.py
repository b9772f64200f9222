"""Progress as plain data: a learner's (or a channel's) answers per local day over 26 weeks,
streak and freezes, readiness per topic now and on exam day; and setting the exam date.

Every public method is one transaction of its own; drawing the picture is bot/pictures'.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.engine import readiness, rows, streaks
from bot.engine.catalogs import Catalogs
from bot.engine.focus import exam_start
from bot.engine.progress_views import (
    CALENDAR_WEEKS,
    DayCount,
    ExamOutlook,
    ExamSetting,
    ProgressReport,
    StreakView,
    TopicReadiness,
)
from bot.engine.views import ChatRef, LearnerRef
from bot.pictures.painter import Painter
from content.catalog import Catalog
from storage import chats, learners, progress
from storage.db import Connection, Database
from storage.records import LearnerRecord


class Progress:
    def __init__(
        self,
        db: Database,
        catalogs: Catalogs,
        clock: Clock,
        default_timezone: str,
        painter: Painter,
    ) -> None:
        self.db = db
        self.catalogs = catalogs
        self.clock = clock
        self.default_timezone = default_timezone
        self.painter = painter

    async def report(self, learner: LearnerRef, chat: ChatRef) -> ProgressReport:
        """The channel's report in a group or channel, else the learner's own."""
        return await (self.of_chat(chat) if chat.is_group else self.of_learner(learner, chat))

    async def picture(self, report: ProgressReport, lang: str) -> bytes:
        """The report drawn as a PNG, off the event loop."""
        return await self.painter.progress(report, lang)

    # -- reports ------------------------------------------------------------------------------

    async def of_learner(self, learner: LearnerRef, chat: ChatRef | None = None) -> ProgressReport:
        """The learner's calendar, streak, readiness per topic and exam outlook; the topics are
        those of the decks `chat` (their private chat) studies, the built-in ones without it."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            catalog = await tx.run_sync(self._catalog, chat)
            who = await tx.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
            if who is None:
                zone = self.default_timezone
                return self._report(catalog, learner.display_name, now, zone, [], [], [], [])
            zone = who.timezone or self.default_timezone
            start = self._start(now, zone)
            counts = await tx.run_sync(progress.learner_answers, who.id, _utc(start, zone))
            frozen = await tx.run_sync(progress.frozen_days, who.id, start)
            memory = await tx.run_sync(progress.memory, [who.id])
        name = learner.display_name or who.display_name
        return self._report(catalog, name, now, zone, counts, frozen, memory, [who.id], who)

    async def of_chat(self, chat: ChatRef) -> ProgressReport:
        """A channel's answers per day and each topic's readiness across its members."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            found = await tx.run_sync(chats.find_chat, chat.platform, chat.workspace, chat.chat_id)
            zone = (found.timezone if found else None) or self.default_timezone
            if found is None:
                catalog = self.catalogs.builtin
                return self._report(catalog, chat.title, now, zone, [], [], [], [], team=True)
            catalog = await tx.run_sync(self.catalogs.for_chat, found.id)
            start = self._start(now, zone)
            counts = await tx.run_sync(progress.chat_answers, found.id, _utc(start, zone))
            members = await tx.run_sync(progress.chat_members, found.id)
            memory = await tx.run_sync(progress.memory, members)
        return self._report(catalog, chat.title, now, zone, counts, [], memory, members, team=True)

    def _catalog(self, conn: Connection, chat: ChatRef | None) -> Catalog:
        found = chat and chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        return self.catalogs.for_chat(conn, found.id) if found else self.catalogs.builtin

    def _start(self, now: datetime, zone: str) -> date:
        today = now.astimezone(ZoneInfo(zone)).date()
        return streaks.week_start(today) - timedelta(weeks=CALENDAR_WEEKS - 1)

    def _report(
        self,
        catalog: Catalog,
        title: str,
        now: datetime,
        zone: str,
        counts: Sequence[tuple[datetime, int]],
        frozen: Sequence[date],
        memory: Sequence[readiness.Memory],
        members: Sequence[int],
        who: LearnerRecord | None = None,
        *,
        team: bool = False,
    ) -> ProgressReport:
        tz = ZoneInfo(zone)
        today = now.astimezone(tz).date()
        start = self._start(now, zone)
        per_day: Counter[date] = Counter()
        for bucket, n in counts:
            per_day[bucket.astimezone(tz).date()] += n
        streak = None
        saved = set(frozen)
        if not team:
            held = who.freezes_held if who else 0
            stand = streaks.standing(
                who.last_active_date if who else None,
                who.current_streak if who else 0,
                today,
                held,
            )
            saved |= set(stand.frozen)  # bridged by the next answer: shown as saved already
            used = (who.freezes_used if who else 0) + len(stand.frozen)
            streak = StreakView(stand.current, who.best_streak if who else 0, stand.held, used)
        days = tuple(
            DayCount(d, per_day.get(d, 0), d in saved)
            for d in (start + timedelta(days=i) for i in range((today - start).days + 1))
        )
        topics = list(catalog.topics.values())
        seen = {(m, key): ok for m, key, _s, _l, ok in memory}
        means_now = readiness.topic_means(topics, readiness.by_key(memory, now), members)
        exam_day = who.exam_date if who and who.exam_date and who.exam_date >= today else None
        means_exam = None
        if exam_day is not None:
            at = exam_start(exam_day, zone)
            means_exam = readiness.topic_means(topics, readiness.by_key(memory, at), members)
        order = readiness.weakest_first(catalog, means_exam or means_now)
        shown = tuple(
            TopicReadiness(
                id=t.id,
                title=t.title,
                questions=len(t.question_keys),
                reviewed=sum(any((m, k) in seen for m in members) for k in t.question_keys),
                mastery=_mean(seen.get((m, k), False) for m in members for k in t.question_keys),
                now=means_now[t.key],
                on_exam=means_exam[t.key] if means_exam else None,
            )
            for t in order
        )
        exam = None
        if exam_day is not None and means_exam is not None:
            exam = ExamOutlook(
                exam_day, (exam_day - today).days, readiness.overall(topics, means_exam)
            )
        return ProgressReport(
            title=title,
            today=today,
            days=days,
            topics=shown,
            readiness=readiness.overall(topics, means_now),
            streak=streak,
            exam=exam,
            members=len(members) if team else 1,
        )

    # -- the exam date ------------------------------------------------------------------------

    async def set_exam(self, learner: LearnerRef, day: date | None) -> ExamSetting:
        """Set (a day from today on) or clear (None) the learner's exam date."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            who = await tx.run_sync(rows.learner_row, learner, now)
            today = self._today(now, who)
            previous = who.exam_date if who.exam_date and who.exam_date >= today else None
            if day is None:
                if previous is None:
                    return ExamSetting("none")
                await tx.run_sync(progress.set_exam_date, who.id, None)
                return ExamSetting("off", previous=previous)
            if day < today:
                return ExamSetting("past", day=day)
            left = (day - today).days
            if day == previous:
                return ExamSetting("same", day=day, days_left=left)
            await tx.run_sync(progress.set_exam_date, who.id, day)
        return ExamSetting("moved" if previous else "set", day, previous, left)

    async def exam(self, learner: LearnerRef) -> ExamSetting:
        """The exam date ahead, if any."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            who = await tx.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
        today = self._today(now, who)
        if who is None or who.exam_date is None or who.exam_date < today:
            return ExamSetting("none")
        return ExamSetting("shown", who.exam_date, days_left=(who.exam_date - today).days)

    def _today(self, now: datetime, who: LearnerRecord | None) -> date:
        zone = (who.timezone if who else None) or self.default_timezone
        return now.astimezone(ZoneInfo(zone)).date()


def _utc(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone))


def _mean(flags) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0
