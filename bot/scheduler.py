"""Question of the day: find due slots, claim each (subscription, local date) once, send.

The database is the record of what is due and what was sent. A short periodic tick claims
slots with INSERT … ON CONFLICT DO NOTHING, so a restart, a DST change or a second process
needs no special case; deliveries are then sent in the background, paced by the adapters.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot import daily
from bot.clock import Clock
from bot.delivery import DailySender, DeliveryPipeline
from bot.engine import Engine
from storage import deliveries

log = logging.getLogger(__name__)


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
        self.pipeline = DeliveryPipeline(engine, senders, clock, concurrency=concurrency)

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
            pending = self.pipeline.pending
            if pending:
                await session.run_sync(deliveries.touch, sorted(pending), now)
            stale = await session.run_sync(
                deliveries.reclaim_stale, older_than=now - self.claim_timeout, now=now
            )
        stale = [i for i in stale if i not in pending]
        report.reclaimed = len(stale)
        report.ids += stale
        self._forget_old_slots(now)
        self.pipeline.put(report.ids)
        return report

    def _forget_old_slots(self, now: datetime) -> None:
        oldest = (now - timedelta(days=3)).date()
        self._slots_done = {k for k in self._slots_done if k[2] >= oldest}  # type: ignore[operator]

    async def drain(self) -> None:
        """Wait until every claimed delivery has been settled (tests, shutdown)."""
        await self.pipeline.drain()

    async def close(self) -> None:
        await self.pipeline.close()


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
