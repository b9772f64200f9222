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

from bot.adapters.base import DailySender
from bot.clock import Clock
from bot.daily.owner import Owner
from bot.daily.pipeline import DeliveryPipeline
from bot.daily.slots import due_slots
from bot.engine import Engine
from bot.engine.deliveries import SlotKey

log = logging.getLogger(__name__)

# Slots claimed per statement: a few hundred (zone, time) pairs keep it well inside both
# databases' limit on bound parameters.
SLOTS_PER_CLAIM = 500
# Transactions that claim one batch side by side where the database has concurrent writers.
CLAIM_SHARDS = 2


@dataclass
class TickReport:
    claimed: int = 0
    skipped: int = 0
    reclaimed: int = 0
    ids: list[int] = field(default_factory=list)


class DailyDispatch:
    def __init__(
        self,
        engine: Engine,
        senders: dict[str, DailySender],
        clock: Clock,
        *,
        grace: timedelta = timedelta(hours=3),
        claim_timeout: timedelta = timedelta(minutes=10),
        concurrency: int = 64,
        owner: Owner | None = None,
    ) -> None:
        self.engine = engine
        self.deliveries = engine.deliveries
        self.senders = senders
        self.clock = clock
        self.grace = grace
        self.claim_timeout = claim_timeout
        self.owner = owner or Owner()
        self._slots_done: set[tuple] = set()
        self.pipeline = DeliveryPipeline(engine, senders, clock, concurrency=concurrency)

    # -- claiming ------------------------------------------------------------------------------

    async def tick(self, chat: str | None = None) -> TickReport:
        """Claim every due slot not claimed yet and start sending; returns what was claimed.

        `chat` limits the tick to one chat (the terminal checks only its own learner's slot).
        """
        now = self.clock.now()
        report = await self.claim_due(now, chat)
        pending = self.pipeline.pending
        stale = await self.deliveries.keep_fresh(
            pending,
            older_than=now - self.claim_timeout,
            now=now,
            owner=self.owner.token,
            is_dead=self.owner.is_dead,
        )
        stale = [i for i in stale if i not in pending]
        report.reclaimed = len(stale)
        # Sends that failed for a moment (Telegram answering 500) go again within a tick.
        retried = self.pipeline.take_retries()
        report.ids += stale + [i for i in retried if i not in stale]
        self._forget_old_slots(now)
        self.pipeline.put(report.ids)
        return report

    async def claim_due(self, now: datetime, chat: str | None = None) -> TickReport:
        """Claim every slot due by `now` that this process has not claimed yet."""
        platforms = list(self.senders)
        # Today's claims split into shards that claim side by side on PostgreSQL; recording
        # yesterday's missed slots, which mostly finds them recorded already, runs beside them.
        jobs = []
        for state, slots in (await self._due(now, platforms, chat)).items():
            shards = CLAIM_SHARDS if state == "claimed" and self.deliveries.parallel_writes else 1
            for start in range(0, len(slots), SLOTS_PER_CLAIM):
                part = slots[start : start + SLOTS_PER_CLAIM]
                jobs += [(state, part, (k, shards)) for k in range(shards)]
        found = await asyncio.gather(*(self._claim(*job, now, platforms, chat) for job in jobs))
        report = TickReport()
        for (state, part, _), ids in zip(jobs, found, strict=True):
            self._slots_done.update(key for key, _ in part)
            if state == "claimed":
                report.claimed += len(ids)
                report.ids += ids
            else:
                report.skipped += len(ids)
        if report.skipped:
            log.info("daily: %d question(s) of the day missed while down, skipped", report.skipped)
        return report

    async def _due(self, now: datetime, platforms: list[str], chat: str | None) -> dict:
        """Due slots this process has not claimed yet, by the state their rows get."""
        kinds = await self.deliveries.due_kinds(platforms, chat)
        due: dict[str, list[tuple[tuple, SlotKey]]] = {"claimed": [], "skipped": []}
        for timezone, local_time in kinds:
            for slot in due_slots(now, timezone, local_time, self.grace):
                key = (timezone, local_time, slot.local_date, chat)
                if key in self._slots_done:
                    continue  # this process already claimed it; later sign-ups wait a day
                due[slot.state].append((key, (timezone, local_time, slot.local_date, slot.due_at)))
        return due

    async def _claim(self, state, part, shard, now, platforms, chat) -> list[int]:
        slots = [slot for _, slot in part]
        return await self.deliveries.claim(
            slots,
            now=now,
            platforms=platforms,
            state=state,
            chat=chat,
            shard=shard,
            owner=self.owner.token,
        )

    def _forget_old_slots(self, now: datetime) -> None:
        oldest = (now - timedelta(days=3)).date()
        self._slots_done = {k for k in self._slots_done if k[2] >= oldest}  # type: ignore[operator]

    async def drain(self) -> None:
        """Wait until every claimed delivery has been settled (tests, shutdown)."""
        await self.pipeline.drain()

    async def close(self) -> None:
        await self.pipeline.close()


def start_ticking(scheduler: DailyDispatch):
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
