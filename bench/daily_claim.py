"""How long finding and claiming 100,000 due question-of-the-day slots takes.

Two shapes of the same 100,000 subscriptions, each with yesterday's deliveries already
recorded (the steady state of a bot that has been running for a while):
- spread: 25 time zones × 4 local times = 100 (zone, time) pairs, all due within the grace
  window — the busiest tick there is, e.g. the first one after a restart;
- one-slot: everyone at 09:00 in Tokyo — the worst case for a single claim statement.

Each repetition is timed twice: once calling the storage functions exactly as
DailyScheduler.tick() does (slot_kinds, then one claim transaction per due slot), and once
through DailyScheduler.tick() itself (which also renews and reclaims, and starts one task per
claim; those tasks are cancelled before they run, nothing is sent).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from daily_fill import Group, count_rows, fill, forget_claims, reset

from bot import daily
from bot.clock import FixedClock
from bot.engine import Engine
from bot.scheduler import DailyScheduler
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
    """Never called: the tasks the tick starts are cancelled before they run."""

    async def send_question(self, chat, view, lang) -> str:
        raise AssertionError("the claim benchmark sends nothing")

    async def send_summary(self, chat, reply_to, summary, lang) -> None:
        raise AssertionError("the claim benchmark sends nothing")

    async def send_leaderboard(self, chat, board, lang) -> None:
        raise AssertionError("the claim benchmark sends nothing")


def _group(timezone: str, local_time: str, count: int) -> Group:
    claimed = [s for s in daily.slots(NOW, timezone, local_time, GRACE) if s.state == "claimed"]
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

    async def _beat(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> Heartbeat:
        self._task = asyncio.get_running_loop().create_task(self._beat())
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


async def claim_like_tick(db: Database, now: datetime) -> dict:
    """The claiming half of DailyScheduler.tick(), statement for statement, timed."""
    with Heartbeat() as heartbeat:
        result = await _claim_like_tick(db, now)
    result["longest_loop_stall_s"] = round(heartbeat.longest, 3)
    return result


async def _claim_like_tick(db: Database, now: datetime) -> dict:
    platforms = ["telegram"]
    started = time.perf_counter()
    async with db.transaction() as session:
        kinds = await session.run_sync(deliveries.slot_kinds, platforms)
    found = time.perf_counter()
    claimed = skipped = statements = 0
    slowest = 0.0
    for timezone, local_time in kinds:
        for slot in daily.slots(now, timezone, local_time, GRACE):
            before = time.perf_counter()
            async with db.transaction() as session:
                ids = await session.run_sync(
                    deliveries.claim,
                    timezone=timezone,
                    local_time=local_time,
                    local_date=slot.local_date,
                    due_at=slot.due_at,
                    now=now,
                    state=slot.state,
                    platforms=platforms,
                )
            slowest = max(slowest, time.perf_counter() - before)
            statements += 1
            if slot.state == "claimed":
                claimed += len(ids)
            else:
                skipped += len(ids)
    done = time.perf_counter()
    return {
        "seconds": round(done - started, 3),
        "slot_kinds_s": round(found - started, 3),
        "pairs": len(kinds),
        "claim_statements": statements,
        "mean_claim_statement_s": round((done - found) / max(statements, 1), 4),
        "slowest_claim_statement_s": round(slowest, 3),
        "claimed": claimed,
        "skipped": skipped,
    }


async def claim_by_tick(engine: Engine) -> dict:
    scheduler = DailyScheduler(engine, {"telegram": NullSender()}, engine.clock, grace=GRACE)
    rss = rss_mb()
    with Heartbeat() as heartbeat:
        started = time.perf_counter()
        report = await scheduler.tick()
        elapsed = time.perf_counter() - started
    # One task per claim now waits to run: what holding them costs.
    grown = rss_mb() - rss
    # Cancelled before their first step: none of them touches the database or a sender.
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
            direct = await claim_like_tick(db, NOW)
            direct["rows_inserted"] = await _rows_claimed(db)
            await forget_claims(db)
            ticked = await claim_by_tick(engine)
            ticked["rows_inserted"] = await _rows_claimed(db)
            await forget_claims(db)
            runs.append({"rep": rep + 1, "storage": direct, "tick": ticked})
            print(
                f"  claim {name} rep {rep + 1}: storage {direct['seconds']:.3f} s "
                f"({direct['rows_inserted']} rows, {direct['claim_statements']} statements), "
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
            "worst_storage_s": max(r["storage"]["seconds"] for r in runs),
            "worst_tick_s": max(r["tick"]["seconds"] for r in runs),
            "all_inserted": all(
                r[k]["rows_inserted"] == sum(g.count for g in groups)
                for r in runs
                for k in ("storage", "tick")
            ),
        }
    finally:
        await db.close()


async def run(url: str, total: int, catalog: Catalog, reps: int) -> list[dict]:
    return [
        await run_scenario(url, "spread", spread_groups(total), catalog, reps),
        await run_scenario(url, "one-slot", one_slot_groups(total), catalog, reps),
    ]
