"""The delivery path without Telegram: how many questions of the day per second the scheduler
and engine can prepare at all, and where one delivery's time goes.

A sender that returns at once stands in for the platform, so what remains is the delivery
pipeline (bot/delivery.py): read a batch of jobs, pick and record each question (Engine.ask),
link it to its delivery, and record the outcomes in groups. If this ceiling is below the
Telegram rate limit N, no limiter setting can reach N, and the fan-out figure says more about
this path than about pacing.
"""

from __future__ import annotations

import inspect
import time
from collections import defaultdict
from datetime import timedelta

from daily_fanout import SLOT
from daily_fill import Group, fill, reset
from sqlalchemy import event

from bot.clock import FixedClock
from bot.daily.dispatch import DailyDispatch
from bot.engine import Engine
from content.catalog import Catalog
from storage import deliveries


class InstantSender:
    async def send_question(self, chat, view, lang) -> str:
        return "1"


class _Timed:
    """Wall time and calls per step; with one delivery at a time, wall time is its cost."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, func):
        def note(started: float) -> None:
            self.seconds[name] += time.perf_counter() - started
            self.calls[name] += 1

        if not inspect.iscoroutinefunction(func):
            # A repository function, run in the transaction's greenlet via run_sync.
            def timed_sync(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return func(*args, **kwargs)
                finally:
                    note(started)

            return timed_sync

        async def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await func(*args, **kwargs)
            finally:
                note(started)

        return timed


async def _deliver_all(url: str, count: int, catalog: Catalog, concurrency: int, timed=None):
    db = await reset(url)
    try:
        await fill(db, [Group("Asia/Tokyo", "08:30", count)], updated_at=SLOT - timedelta(hours=1))
        clock = FixedClock(SLOT)
        engine = Engine(db, catalog, clock, default_timezone="Asia/Tokyo", fuzz=False)
        sender = InstantSender()
        scheduler = DailyDispatch(engine, {"telegram": sender}, clock, concurrency=concurrency)
        counts = {"statements": 0, "transactions": 0}
        if timed is not None:
            _instrument(timed, db, engine, sender, counts)
        report = await scheduler.tick()
        counts["statements"] = counts["transactions"] = 0
        started, cpu = time.perf_counter(), time.process_time()
        await scheduler.drain()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        async with db.transaction() as session:
            states = await session.run_sync(deliveries.states)
        return report.claimed, elapsed, cpu, states, counts
    finally:
        await db.close()


STEPS = ("jobs", "set_instance", "finish_many")


def _instrument(timed: _Timed, db, engine, sender, counts) -> None:
    """Time each step of a delivery and count transactions and statements."""
    for name in STEPS:
        # The pipeline looks these up on the module at call time.
        setattr(deliveries, name, timed.wrap(f"deliveries.{name}", getattr(deliveries, name)))
    engine.asking.ask = timed.wrap("Asking.ask", engine.asking.ask)
    sender.send_question = timed.wrap("send_question (instant)", sender.send_question)
    transaction = db.transaction

    def counted():
        counts["transactions"] += 1
        return transaction()

    db.transaction = counted

    def statement(*_args) -> None:
        counts["statements"] += 1

    # SQLite transactions run on a synchronous engine of their own (storage/db.py).
    sync_engine = db.sync_engine
    event.listen(sync_engine, "before_cursor_execute", statement)


async def run(url: str, count: int, breakdown_count: int, catalog: Catalog) -> dict:
    claimed, elapsed, cpu, states, _ = await _deliver_all(url, count, catalog, 64)
    originals = {n: getattr(deliveries, n) for n in STEPS}
    timed = _Timed()
    try:
        one = await _deliver_all(url, breakdown_count, catalog, 1, timed)
    finally:
        for name, func in originals.items():
            setattr(deliveries, name, func)
    n1, elapsed1, cpu1, _states1, counts = one
    # Per delivery, not per call: jobs and outcomes are read and written in batches.
    steps = {name: round(timed.seconds[name] / n1 * 1000, 3) for name in timed.seconds}
    return {
        "deliveries": claimed,
        "states": states,
        "concurrency": 64,
        "per_s": round(claimed / elapsed, 1),
        "cpu_ms_per_delivery": round(cpu / claimed * 1000, 2),
        "serial": {
            "deliveries": n1,
            "per_s": round(n1 / elapsed1, 1),
            "cpu_ms_per_delivery": round(cpu1 / n1 * 1000, 2),
            "ms_per_delivery_by_step": steps,
            "transactions_per_delivery": round(counts["transactions"] / n1, 1),
            "statements_per_delivery": round(counts["statements"] / n1, 1),
        },
    }
