"""Question of the day: find due slots, claim each (subscription, local date) once, send.

The database is the record of what is due and what was sent. A short periodic tick claims
slots with INSERT … ON CONFLICT DO NOTHING, so a restart, a DST change or a second process
needs no special case; deliveries are then sent in the background, paced by the adapters.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot import daily
from bot.clock import Clock
from bot.engine import Engine
from bot.i18n import DEFAULT_LANGUAGE
from bot.views import ChatRef, Leaderboard, LearnerRef, QuestionSummary, QuestionView
from storage import deliveries

log = logging.getLogger(__name__)


class Unreachable(Exception):
    """The platform says this chat cannot be reached (blocked, removed, not found)."""


class DailySender(Protocol):
    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        """Post the question; return the platform's message id."""
        ...

    async def send_summary(
        self, chat: ChatRef, reply_to: str, summary: QuestionSummary, lang: str
    ) -> None: ...

    async def send_leaderboard(self, chat: ChatRef, board: Leaderboard, lang: str) -> None: ...


@dataclass
class TickReport:
    claimed: int = 0
    skipped: int = 0
    reclaimed: int = 0
    ids: list[int] = field(default_factory=list)


class DailyScheduler:
    def __init__(
        self,
        engine: Engine,
        senders: dict[str, DailySender],
        clock: Clock,
        *,
        grace: timedelta = timedelta(hours=3),
        claim_timeout: timedelta = timedelta(minutes=10),
        concurrency: int = 64,
    ) -> None:
        self.engine = engine
        self.db = engine.db
        self.senders = senders
        self.clock = clock
        self.grace = grace
        self.claim_timeout = claim_timeout
        self._slots_done: set[tuple] = set()
        self._pending: set[int] = set()
        self._tasks: set[asyncio.Task] = set()
        self._limit = asyncio.Semaphore(concurrency)

    # -- claiming ------------------------------------------------------------------------------

    async def tick(self, chat: str | None = None) -> TickReport:
        """Claim every due slot not claimed yet and start sending; returns what was claimed.

        `chat` limits the tick to one chat (the terminal checks only its own learner's slot).
        """
        now = self.clock.now()
        report = TickReport()
        async with self.db.transaction() as session:
            kinds = await session.run_sync(deliveries.slot_kinds, list(self.senders), chat)
        for timezone, local_time in kinds:
            for slot in daily.slots(now, timezone, local_time, self.grace):
                key = (timezone, local_time, slot.local_date, chat)
                if key in self._slots_done:
                    continue  # this process already claimed it; later sign-ups wait a day
                async with self.db.transaction() as session:
                    ids = await session.run_sync(
                        deliveries.claim,
                        timezone=timezone,
                        local_time=local_time,
                        local_date=slot.local_date,
                        due_at=slot.due_at,
                        now=now,
                        state=slot.state,
                        platforms=list(self.senders),
                        chat=chat,
                    )
                self._slots_done.add(key)
                if slot.state == "skipped":
                    report.skipped += len(ids)
                    if ids:
                        log.info(
                            "daily: %d slot(s) at %s %s missed, skipped",
                            len(ids),
                            local_time,
                            timezone,
                        )
                else:
                    report.claimed += len(ids)
                    report.ids += ids
        async with self.db.transaction() as session:
            if self._pending:
                await session.run_sync(deliveries.touch, sorted(self._pending), now)
            stale = await session.run_sync(
                deliveries.reclaim_stale, older_than=now - self.claim_timeout, now=now
            )
        stale = [i for i in stale if i not in self._pending]
        report.reclaimed = len(stale)
        report.ids += stale
        self._forget_old_slots(now)
        for delivery_id in report.ids:
            self._spawn(delivery_id)
        return report

    def _forget_old_slots(self, now: datetime) -> None:
        oldest = (now - timedelta(days=3)).date()
        self._slots_done = {k for k in self._slots_done if k[2] >= oldest}  # type: ignore[operator]

    def _spawn(self, delivery_id: int) -> None:
        self._pending.add(delivery_id)
        task = asyncio.create_task(self._deliver_limited(delivery_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every started delivery has finished (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- sending -------------------------------------------------------------------------------

    async def _deliver_limited(self, delivery_id: int) -> None:
        try:
            async with self._limit:
                await self.deliver(delivery_id)
        except Exception:
            # Left claimed: once the claim goes stale, a tick (here or elsewhere) retries it.
            log.exception("daily: delivery %s failed; it will be retried", delivery_id)
        finally:
            self._pending.discard(delivery_id)

    async def deliver(self, delivery_id: int) -> None:
        now = self.clock.now()
        async with self.db.transaction() as session:
            job = await session.run_sync(deliveries.job, delivery_id)
        if job is None or job.state != "claimed":
            return
        if not job.active:
            await self._finish(delivery_id, "skipped", reason="unsubscribed before sending")
            return
        if job.message_ref:
            # It went out before a crash; do not post it twice.
            await self._finish(delivery_id, "sent", message_ref=job.message_ref)
            return
        sender = self.senders[job.platform]
        chat = ChatRef(
            job.platform, job.workspace, job.chat_external_id, job.is_group, job.chat_title
        )
        learner = LearnerRef(
            job.platform, job.workspace, job.learner_external_id or "", job.learner_name or ""
        )
        lang = job.learner_language or DEFAULT_LANGUAGE
        view = await self._question(job.instance_id, learner, chat, delivery_id)
        if view is None:
            await self._finish(delivery_id, "failed", reason="no question to ask")
            return
        try:
            ref = await sender.send_question(chat, view, lang)
        except Unreachable as exc:
            async with self.db.transaction() as session:
                await session.run_sync(
                    deliveries.finish,
                    delivery_id,
                    state="failed",
                    now=now,
                    reason=f"unreachable: {exc}"[:200],
                )
                await session.run_sync(deliveries.deactivate, job.subscription_id, now)
            log.info(
                "daily: %s %s unreachable (%s); unsubscribed",
                job.platform,
                job.chat_external_id,
                exc,
            )
            return
        await self._finish(delivery_id, "sent", message_ref=ref)
        if job.is_group:
            await self._extras(job, chat, sender, lang)

    async def _question(self, instance_id, learner, chat, delivery_id) -> QuestionView | None:
        if instance_id is not None:
            return await self.engine.view(instance_id)
        shown = await self.engine.next_question(learner, chat, kind="daily")
        if not isinstance(shown, QuestionView):
            return None
        async with self.db.transaction() as session:
            await session.run_sync(deliveries.set_instance, delivery_id, shown.instance_id)
        return shown

    async def _extras(self, job, chat: ChatRef, sender: DailySender, lang: str) -> None:
        """Yesterday's result under yesterday's message; last week's board on Mondays."""
        async with self.db.transaction() as session:
            previous = await session.run_sync(
                deliveries.previous_sent, job.subscription_id, job.local_date
            )
        if previous is not None:
            summary = await self.engine.summary(previous[0])
            if summary is not None:
                await sender.send_summary(chat, previous[1], summary, lang)
        if job.local_date.weekday() == 0:
            board = await self.engine.leaderboard(chat, weeks_ago=1)
            await sender.send_leaderboard(chat, board, lang)

    async def _finish(self, delivery_id: int, state: str, **extra) -> None:
        async with self.db.transaction() as session:
            await session.run_sync(
                deliveries.finish, delivery_id, state=state, now=self.clock.now(), **extra
            )


def start_periodic(scheduler: DailyScheduler):
    """An APScheduler job on the running loop: one short tick a minute, starting now."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    aps = AsyncIOScheduler(timezone=UTC)
    aps.add_job(
        scheduler.tick,
        "interval",
        minutes=1,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=600,
        next_run_time=datetime.now(UTC),
        id="daily-tick",
    )
    aps.start()
    return aps
