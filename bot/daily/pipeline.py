"""Sending claimed questions of the day: prepared in batches, sent in parallel, recorded in groups.

A fan-out of thousands is bound by the bot's own CPU, and a transaction per step of every
delivery was most of it. So one transaction prepares a batch of claimed deliveries (reads
them, picks and records each question), sends go out in parallel through the adapters' rate
limiters, and one transaction records every outcome that arrived meanwhile. A fixed set of
tasks does this, however many deliveries a tick claims. The transactions are the engine's
(bot/engine/deliveries.py); this module only schedules them and the sends.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Iterable

from bot.adapters.base import DailySender, Unreachable
from bot.clock import Clock
from bot.engine import Engine
from bot.engine.views import ChatRef, QuestionView
from bot.messages.catalogue import DEFAULT_LANGUAGE
from storage.records import DeliveryJob, Outcome

log = logging.getLogger(__name__)

# Outcomes written together, and the longest the first of them waits for the others (s).
RECORD_GROUP = 16
RECORD_LINGER = 0.05
# A failed write of outcomes is retried this often, this many seconds apart (growing), before
# the sends are left claimed for a later retry.
_RECORD_ATTEMPTS = 5
_RECORD_BACKOFF = 1.0
# A send that failed (not "unreachable") goes again at the next tick, this many times; after
# that it waits, claimed, for the stale takeover.
QUICK_RETRIES = 5


class DeliveryPipeline:
    def __init__(
        self,
        engine: Engine,
        senders: dict[str, DailySender],
        clock: Clock,
        *,
        concurrency: int = 64,
        batch: int = 8,
    ) -> None:
        self.engine = engine
        self.deliveries = engine.deliveries
        self.senders = senders
        self.clock = clock
        self.batch = batch
        self.record_backoff = _RECORD_BACKOFF
        # Claims this process holds and has not settled: the tick keeps them fresh.
        self.pending: set[int] = set()
        self._queue: deque[int] = deque()
        self._outcomes: list[Outcome] = []
        self._recorded = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._sends = asyncio.Semaphore(concurrency)
        self._preparer: asyncio.Task | None = None
        self._recorder: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._retry: dict[int, int] = {}  # failed sends to go again: id -> sends so far
        self._retry_now: set[int] = set()

    def put(self, delivery_ids: Iterable[int]) -> None:
        fresh = [i for i in delivery_ids if i not in self.pending]
        if not fresh:
            return
        self.pending.update(fresh)
        self._queue.extend(fresh)
        self._idle.clear()
        # Both workers end when there is nothing left to do, and start again here.
        if self._preparer is None or self._preparer.done():
            self._preparer = asyncio.create_task(self._prepare_loop())
        if self._recorder is None or self._recorder.done():
            self._recorder = asyncio.create_task(self._record_loop())

    def take_retries(self) -> list[int]:
        """The failed sends to try again now (each is still claimed by this process)."""
        ids, self._retry_now = sorted(self._retry_now), set()
        return ids

    async def drain(self) -> None:
        """Wait until every delivery put here is settled and its extras sent (tests, shutdown)."""
        while True:
            await self._idle.wait()
            if not self._tasks:
                return
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        tasks = [t for t in (self._preparer, self._recorder, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # Sends that went out are worth recording, so a retry does not post them again.
        if self._outcomes:
            await self._record_once()

    # -- preparing -----------------------------------------------------------------------------

    async def _prepare_loop(self) -> None:
        while self._queue:
            ids = [self._queue.popleft() for _ in range(min(self.batch, len(self._queue)))]
            for job, view in await self._prepare_batch(ids):
                await self._sends.acquire()
                task = asyncio.create_task(self._send(job, view))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _prepare_batch(self, ids: list[int]) -> list[tuple[DeliveryJob, QuestionView]]:
        try:
            ready = await self.deliveries.prepare(ids, self.clock.now())
        except Exception:
            if len(ids) == 1:
                # Left claimed: once the claim goes stale, a tick (here or elsewhere) retries it.
                log.exception("daily: delivery %s could not be prepared", ids[0])
                self._settle(ids)
                return []
            # One bad row must not hold up the rest of its batch.
            ready = []
            for one in ids:
                ready += await self._prepare_batch([one])
            return ready
        self._settle(set(ids) - {job.id for job, _ in ready})
        # Paced sends are due every few ms, and on SQLite a transaction holds the database:
        # batches stay short, and sends and answers get their turn between them.
        await asyncio.sleep(0)
        return ready

    # -- sending -------------------------------------------------------------------------------

    async def _send(self, job: DeliveryJob, view: QuestionView) -> None:
        sender = self.senders[job.platform]
        chat = ChatRef(
            job.platform, job.workspace, job.chat_external_id, job.is_group, job.chat_title
        )
        lang = job.learner_language or DEFAULT_LANGUAGE
        try:
            ref = await sender.send_question(chat, view, lang)
        except Unreachable as exc:
            log.info(
                "daily: %s %s unreachable (%s); unsubscribed",
                job.platform,
                job.chat_external_id,
                exc,
            )
            reason = f"unreachable: {exc}"[:200]
            gone = job.subscription_id
            self._outcome(Outcome(job.id, "failed", reason=reason, unsubscribe=gone))
            return
        except Exception as exc:
            tries = self._retry.get(job.id, 0) + 1
            again = tries <= QUICK_RETRIES
            log.warning(
                "daily: delivery %s failed (%s); %s",
                job.id,
                str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                "retried at the next tick" if again else "left for the stale takeover",
            )
            if again:
                self._retry[job.id] = tries
                self._retry_now.add(job.id)
            else:
                self._retry.pop(job.id, None)
            self._settle([job.id])
            return
        finally:
            self._sends.release()
        self._retry.pop(job.id, None)
        self._outcome(Outcome(job.id, "sent", message_ref=ref))
        if job.is_group:
            try:
                await self._extras(job, chat, sender, lang)
            except Exception:
                log.exception("daily: extras for delivery %s failed", job.id)

    async def _extras(self, job: DeliveryJob, chat: ChatRef, sender: DailySender, lang: str):
        """Yesterday's result under yesterday's message; last week's board on Mondays."""
        previous = await self.deliveries.previous_sent(job.subscription_id, job.local_date)
        if previous is not None:
            summary = await self.engine.summary(previous[0])
            if summary is not None:
                await sender.send_summary(chat, previous[1], summary, lang)
        if job.local_date.weekday() == 0:
            board = await self.engine.leaderboard(chat, weeks_ago=1)
            await sender.send_leaderboard(chat, board, lang)

    # -- recording -----------------------------------------------------------------------------

    def _outcome(self, outcome: Outcome) -> None:
        self._outcomes.append(outcome)
        waiting = len(self._outcomes)
        # Sends finish one by one, a few ms apart, and a transaction per outcome was a large
        # share of a fan-out's CPU. Outcomes are written in groups, at the
        # latest RECORD_LINGER after the first of a group, or at once when nothing else is
        # out: the longer they wait, the more a crash could send again.
        if waiting >= RECORD_GROUP or waiting >= len(self.pending):
            self._recorded.set()
        elif waiting == 1:
            asyncio.get_running_loop().call_later(RECORD_LINGER, self._recorded.set)

    async def _record_loop(self) -> None:
        failures = 0
        while self.pending:
            await self._recorded.wait()
            self._recorded.clear()
            if not self._outcomes:
                continue
            if await self._record_once():
                failures = 0
                continue
            failures += 1
            if failures < _RECORD_ATTEMPTS:
                await asyncio.sleep(failures * self.record_backoff)
                self._recorded.set()
                continue
            # The sends went out but cannot be recorded: they stay claimed and will be retried.
            log.error("daily: giving up recording %d outcome(s)", len(self._outcomes))
            self._settle([o.delivery_id for o in self._outcomes])
            self._outcomes = []
            failures = 0

    async def _record_once(self) -> bool:
        outcomes, self._outcomes = self._outcomes, []
        try:
            await self.deliveries.record(outcomes, self.clock.now())
        except Exception:
            log.exception("daily: recording %d outcome(s) failed", len(outcomes))
            self._outcomes = outcomes + self._outcomes
            return False
        self._settle(o.delivery_id for o in outcomes)
        return True

    def _settle(self, ids: Iterable[int]) -> None:
        self.pending.difference_update(ids)
        if not self.pending:
            self._idle.set()
            self._recorded.set()  # so the recorder sees there is nothing left, and ends
