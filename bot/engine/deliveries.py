"""The question of the day's bookkeeping: claiming due slots, preparing claimed deliveries
(picking and recording each question) and recording how each send ended.

Each method is one transaction, so the daily pipeline that sends never holds a connection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from bot.engine.asking import Asking
from bot.engine.views import QuestionView
from storage import claims, deliveries
from storage.db import Connection, Database
from storage.records import DeliveryJob, Outcome

SlotKey = claims.SlotKey


class Deliveries:
    def __init__(self, db: Database, asking: Asking) -> None:
        self.db = db
        self.asking = asking

    @property
    def parallel_writes(self) -> bool:
        """Whether claims may run side by side (PostgreSQL; not SQLite)."""
        return self.db.parallel_writes

    async def due_kinds(self, platforms: list[str], chat: str | None) -> list[tuple[str, str]]:
        """The distinct (time zone, local time) pairs of active subscriptions."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(claims.slot_kinds, platforms, chat)

    async def claim(
        self,
        slots: Sequence[SlotKey],
        *,
        now: datetime,
        platforms: list[str],
        state: str,
        chat: str | None,
        shard: tuple[int, int],
        owner: str | None = None,
    ) -> list[int]:
        """Claim each slot's deliveries once; returns the ids this call claimed."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(
                claims.claim,
                slots,
                now=now,
                platforms=platforms,
                state=state,
                chat=chat,
                shard=shard,
                owner=owner,
            )

    async def keep_fresh(
        self,
        held: Sequence[int],
        *,
        older_than: datetime,
        now: datetime,
        owner: str | None = None,
        is_dead: Callable[[str], bool] = lambda _owner: False,
    ) -> list[int]:
        """Renew the claims this process holds; take over stale ones, and those of processes
        known to be dead. Returns those taken."""
        async with self.db.transaction() as tx:
            if held:
                await tx.run_sync(claims.touch, sorted(held), now, owner)
            owners = await tx.run_sync(claims.claim_owners)
            dead = [o for o in owners if o != owner and is_dead(o)]
            return await tx.run_sync(
                claims.reclaim_stale, older_than=older_than, now=now, owner=owner, dead=dead
            )

    async def prepare(
        self, ids: Sequence[int], now: datetime
    ) -> list[tuple[DeliveryJob, QuestionView]]:
        """Pick and record the question of each claimed delivery that still needs a send;
        settle the ones that need none (gone, unsubscribed, or sent before a crash)."""
        ready: list[tuple[DeliveryJob, QuestionView]] = []
        async with self.db.transaction() as tx:
            found = await tx.run_sync(deliveries.jobs, ids)
            if len(found) < len(ids):
                # Their subscription was deleted (a /forget) after the tick claimed them.
                gone = sorted(set(ids) - {job.id for job in found})
                await tx.run_sync(deliveries.drop_orphans, gone)
            for job in found:
                view = await tx.run_sync(self._prepare, job, now)
                if view is not None:
                    ready.append((job, view))
        return ready

    def _prepare(self, conn: Connection, job: DeliveryJob, now: datetime) -> QuestionView | None:
        if job.state != "claimed":
            return None  # another process finished it
        if not job.active:
            reason = "unsubscribed before sending"
            deliveries.finish(conn, job.id, state="skipped", now=now, reason=reason)
            return None
        if job.message_ref:
            # It went out before a crash; do not post it twice.
            ref = job.message_ref
            deliveries.finish(conn, job.id, state="sent", now=now, message_ref=ref)
            return None
        view = self._question(conn, job, now)
        if view is None:
            deliveries.finish(conn, job.id, state="failed", now=now, reason="no question")
        return view

    def _question(self, conn: Connection, job: DeliveryJob, now: datetime) -> QuestionView | None:
        if job.instance_id is not None:
            return self.asking.recorded(conn, job.instance_id)  # a retry asks the same
        owner = None if job.is_group else job.learner_id
        picked = self.asking.ask(conn, job.chat_id, owner, kind="daily", now=now)
        if picked is None:
            return None
        deliveries.set_instance(conn, job.id, picked[0])
        return self.asking.view(picked)

    async def record(self, outcomes: Sequence[Outcome], now: datetime) -> None:
        """Record how a group of sends ended, in one transaction."""
        async with self.db.transaction() as tx:
            await tx.run_sync(deliveries.finish_many, outcomes, now)

    async def previous_sent(
        self, subscription_id: int, local_date: date
    ) -> tuple[int, str] | None:
        """The quiz instance and message of the last question sent before `local_date`."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(deliveries.previous_sent, subscription_id, local_date)
