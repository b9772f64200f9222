"""How long finding and claiming 100,000 due question-of-the-day slots takes.

Two shapes of the same 100,000 subscriptions, each with yesterday's deliveries already
recorded (the steady state of a bot that has been running for a while):
- spread: 25 time zones × 4 local times = 100 (zone, time) pairs, all due within the grace
  window — the busiest tick there is, e.g. the first one after a restart;
- one-slot: everyone at 09:00 in Tokyo — the worst case for a single claim statement.

Each repetition is timed twice: once for DailyDispatch.claim_due(), the claiming half of a
tick (the due (zone, time) pairs, then the claim statements), and once for the whole
DailyDispatch.tick() (which also renews and reclaims, and hands the claims to the delivery
pipeline; it is closed before it sends anything).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from daily_fill import Group, count_rows, fill, forget_claims, reset

from bot.clock import FixedClock
from bot.daily import slots
from bot.daily.dispatch import DailyDispatch
from bot.engine import Engine
from content.catalog import Catalog
from storage import deliveries
from storage.db import Database

GRACE = timedelta(hours=3)
# A Wednesday, 09:00 in Tokyo.
NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
ZONES = [
    *("UTC", "Europe/London", "Europe/Paris", "Europe/Helsinki", "Europe/Moscow"),
    *("Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka"),
    *("Asia/Bangkok", "Asia/Shanghai", "Asia/Singapore", "Asia/Tokyo", "Australia/Adelaide"),
    *("Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "America/Anchorage"),
    *("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York"),
    *("America/Sao_Paulo", "Atlantic/Azores"),
]
TIMES_PER_ZONE = 4
# Minutes between a zone's local times: 4 of them span under two hours, inside the grace.
STEP_MINUTES = 37


class NullSender:
    """A platform that never answers: the pipeline the tick hands its claims to may start a
    send or two before it is closed, and those wait until then; nothing is sent."""

    async def send_question(self, chat, view, lang) -> str:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send_summary(self, chat, reply_to, summary, lang) -> None:
        raise AssertionError("the claim benchmark sends no summaries")

    async def send_leaderboard(self, chat, board, lang) -> None:
        raise AssertionError("the claim benchmark sends no leaderboards")


def _group(timezone: str, local_time: str, count: int) -> Group:
    claimed = [
        s for s in slots.due_slots(NOW, timezone, local_time, GRACE) if s.state == "claimed"
    ]
    assert len(claimed) == 1, (timezone, local_time)
    return Group(timezone, local_time, count, history_date=claimed[0].local_date - timedelta(1))


def spread_groups(total: int) -> list[Group]:
    pairs = []
    for zone in ZONES:
        local = NOW.astimezone(ZoneInfo(zone))
        for k in range(TIMES_PER_ZONE):
            pairs.append((zone, (local - timedelta(minutes=k * STEP_MINUTES)).strftime("%H:%M")))
    per, extra = divmod(total, len(pairs))
    return [_group(z, t, per + (1 if i < extra else 0)) for i, (z, t) in enumerate(pairs)]


def one_slot_groups(total: int) -> list[Group]:
    return [_group("Asia/Tokyo", NOW.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M"), total)]


class Heartbeat:
    """The longest the event loop went without running other tasks (webhooks, polling)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task | None = None
        self._beat_seen = asyncio.Event()

    async def _beat(self) -> None:
        last = time.perf_counter()
        while True:
            self._beat_seen.set()
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    async def _next_beat(self) -> None:
        self._beat_seen.clear()
        await self._beat_seen.wait()

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.get_running_loop().create_task(self._beat())
        await self._next_beat()  # beating before the measured work starts
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        await self._next_beat()  # the beat that ends a stall must be counted
        self._task.cancel()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def claim_only(engine: Engine) -> dict:
    """The claiming half of DailyDispatch.tick(): find the due slots and claim them, timed."""
    scheduler = DailyDispatch(engine, {"telegram": NullSender()}, engine.clock, grace=GRACE)
    async with Heartbeat() as heartbeat:
        started = time.perf_counter()
        report = await scheduler.claim_due(NOW)
        elapsed = time.perf_counter() - started
    await scheduler.close()
    return {
        "seconds": round(elapsed, 3),
        "longest_loop_stall_s": round(heartbeat.longest, 3),
        "claimed": report.claimed,
        "skipped": report.skipped,
    }


async def claim_by_tick(engine: Engine) -> dict:
    scheduler = DailyDispatch(engine, {"telegram": NullSender()}, engine.clock, grace=GRACE)
    rss = rss_mb()
    async with Heartbeat() as heartbeat:
        started = time.perf_counter()
        report = await scheduler.tick()
        elapsed = time.perf_counter() - started
    # The pipeline now holds every claimed id: what holding them costs.
    grown = rss_mb() - rss
    await scheduler.close()
    return {
        "seconds": round(elapsed, 3),
        "longest_loop_stall_s": round(heartbeat.longest, 3),
        "rss_growth_mb": round(grown, 1),
        "claimed": report.claimed,
        "skipped": report.skipped,
        "reclaimed": report.reclaimed,
    }


async def _rows_claimed(db: Database) -> int:
    async with db.transaction() as session:
        return (await session.run_sync(deliveries.states)).get("claimed", 0)


async def run_scenario(url: str, name: str, groups: list[Group], catalog: Catalog, reps: int):
    db = await reset(url)
    try:
        fill_s = await fill(db, groups, updated_at=NOW - timedelta(hours=4))
        rows = await count_rows(db)
        engine = Engine(db, catalog, FixedClock(NOW), fuzz=False)
        runs = []
        for rep in range(reps):
            claimed = await claim_only(engine)
            claimed["rows_inserted"] = await _rows_claimed(db)
            await forget_claims(db)
            ticked = await claim_by_tick(engine)
            ticked["rows_inserted"] = await _rows_claimed(db)
            await forget_claims(db)
            runs.append({"rep": rep + 1, "claim": claimed, "tick": ticked})
            print(
                f"  claim {name} rep {rep + 1}: claim_due() {claimed['seconds']:.3f} s "
                f"({claimed['rows_inserted']} rows), "
                f"tick() {ticked['seconds']:.3f} s ({ticked['rows_inserted']} rows)",
                file=sys.stderr,
            )
        return {
            "scenario": name,
            "subscriptions": sum(g.count for g in groups),
            "pairs": len(groups),
            "fill_s": round(fill_s, 1),
            "rows_before": rows,
            "runs": runs,
            "worst_claim_s": max(r["claim"]["seconds"] for r in runs),
            "worst_tick_s": max(r["tick"]["seconds"] for r in runs),
            "all_inserted": all(
                r[k]["rows_inserted"] == sum(g.count for g in groups)
                for r in runs
                for k in ("claim", "tick")
            ),
        }
    finally:
        await db.close()


async def run(url: str, total: int, catalog: Catalog, reps: int) -> list[dict]:
    return [
        await run_scenario(url, "spread", spread_groups(total), catalog, reps),
        await run_scenario(url, "one-slot", one_slot_groups(total), catalog, reps),
    ]
