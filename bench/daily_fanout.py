"""Fan-out of one minute's questions of the day through the real Telegram adapter.

The real python-telegram-bot Application with the bot's TelegramLimiter (overall window N/s,
real monotonic time and asyncio.sleep) sends to the fake Bot API server from tests/fakes on
127.0.0.1, which answers 429 above N sends in any rolling second. The fake runs in a process of
its own (bench/fake_botapi_process.py), as Telegram does not share the bot's CPU; its CPU time
is reported beside the bot's (`fake_cpu_s`).
"""

from __future__ import annotations

import asyncio
import cProfile
import gc
import io
import json
import logging
import pstats
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from daily_fill import FIRST_USER_ID, Group, count_rows, fill, reset
from sqlalchemy import func, select

from bot.adapters.pacing import Window
from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.clock import FixedClock
from bot.config import load_settings
from bot.daily.dispatch import DailyDispatch
from bot.engine import Engine
from bot.engine.views import ChatRef, LearnerRef
from bot.runner import freeze_startup_heap
from content.catalog import Catalog
from storage.models import Delivery, QuizInstance

# 08:30 in Tokyo on a Wednesday.
SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


class RemoteBotApi:
    """Drives bench/fake_botapi_process.py: the fake Bot API in its own process."""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).with_name("fake_botapi_process.py")),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,  # the report is one long JSON line
        )
        hello = json.loads(await self.process.stdout.readline())
        self.base_url, self.token = hello["base_url"], hello["token"]

    async def _command(self, line: str) -> None:
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def limit(self, per_second: int) -> None:
        await self._command(f"limit {per_second}")

    async def report(self) -> dict:
        await self._command("report")
        return json.loads(await self.process.stdout.readline())

    async def stop(self) -> None:
        await self._command("stop")
        await self.process.wait()


def busiest_second(times: list[float]) -> int:
    """The most sends accepted in any rolling one-second window (the fake's own rule)."""
    best = start = 0
    for end, t in enumerate(times):
        while times[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _check(db, seen: dict, count: int) -> dict:
    """Each subscriber got exactly one question and every delivery row says so."""
    per_chat = Counter(seen["ok_chats"])
    expected = set(range(FIRST_USER_ID, FIRST_USER_ID + count))
    async with db.transaction() as session:
        states = dict(
            (await session.execute(select(Delivery.state, func.count()).group_by("state"))).all()
        )
        with_ref = await session.scalar(
            select(func.count()).where(
                Delivery.state == "sent",
                Delivery.message_ref.is_not(None),
                Delivery.instance_id.is_not(None),
            )
        )
        instances = await session.scalar(select(func.count()).select_from(QuizInstance))
    return {
        "successful_sends": len(seen["ok_chats"]),
        "distinct_chats": len(per_chat),
        "lost": len(expected - per_chat.keys()),
        "doubled": sum(n - 1 for n in per_chat.values() if n > 1),
        "unexpected_chats": len(per_chat.keys() - expected),
        "failed_sends": seen["failed_sends"],
        "delivery_states": states,
        "sent_rows_with_message_and_instance": with_ref,
        "quiz_instances": instances,
    }


async def run(
    url: str, count: int, rate: int, catalog: Catalog, *, profile: str | None = None
) -> dict:
    db = await reset(url)
    fake = RemoteBotApi()
    await fake.start()
    adapter = None
    limiter_log = _Counting()
    logging.getLogger("bot.adapters.telegram.limits").addHandler(limiter_log)
    try:
        # Subscribed the day before at the same time, so only today's slot is due.
        fill_s = await fill(
            db, [Group("Asia/Tokyo", "08:30", count)], updated_at=SLOT - timedelta(hours=1)
        )
        rows = await count_rows(db)
        clock = FixedClock(SLOT)
        engine = Engine(db, catalog, clock, default_timezone="Asia/Tokyo", fuzz=False)
        settings = load_settings(
            telegram_bot_token=fake.token,
            telegram_api_base_url=fake.base_url,
            telegram_webhook_url=None,
            telegram_webhook_secret=None,
        )
        limiter = TelegramLimiter(overall=Window(rate, 1.0))
        adapter = TelegramAdapter(settings, engine, limiter=limiter, poll_timeout=1)
        await adapter.start()
        freeze_startup_heap()  # as `studybot run` does once its adapters are up
        await fake.limit(rate)
        scheduler = DailyDispatch(engine, {"telegram": adapter.daily_sender}, clock)

        profiler = cProfile.Profile(time.thread_time) if profile else None
        if profiler:
            profiler.enable()
        lag = asyncio.create_task(_loop_lag(samples := []))
        quizzing = asyncio.create_task(_someone_quizzing(engine, waits := []))
        gc_watch = _GcPauses()
        started, cpu = time.perf_counter(), time.process_time()
        report = await scheduler.tick()
        claimed_at = time.perf_counter()
        await scheduler.drain()
        finished, cpu = time.perf_counter(), time.process_time() - cpu
        lag.cancel()
        quizzing.cancel()
        gc_watch.stop()
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)

        seen = await fake.report()
        accepted = sorted(seen["accepted"])
        span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
        achieved = (len(accepted) - 1) / span if span else 0.0
        checks = await _check(db, seen, count)
        return {
            "subscriptions": count,
            "rate_limit_n": rate,
            "fill_s": round(fill_s, 1),
            "rows_before": rows,
            "tick_claim_s": round(claimed_at - started, 3),
            "claimed": report.claimed,
            "tick_plus_drain_s": round(finished - started, 2),
            "first_to_last_send_s": round(span, 2),
            "achieved_per_s": round(achieved, 1),
            "achieved_over_n": round(achieved / rate, 3),
            "wall_rate_over_n": round(len(accepted) / (finished - started) / rate, 3),
            "busiest_second": busiest_second(accepted),
            "rejected_429": seen["rejected_429"],
            "limiter_retries": limiter.retries,
            "limiter_429_warnings": limiter_log.count,
            "cpu_s": round(cpu, 1),
            "cpu_ms_per_delivery": round(cpu / max(report.claimed, 1) * 1000, 2),
            "fake_busy_s": round(seen["busy_s"], 2),
            "fake_cpu_s": round(seen["cpu_s"], 1),
            "rate_by_fifth": _by_fifth(accepted),
            "loop_lag_ms": _lag_figures(samples),
            "quiz_and_answer_ms": _lag_figures(waits),
            "gc_pauses": gc_watch.figures(),
            **checks,
            "profile": _top(profile) if profile else None,
        }
    finally:
        logging.getLogger("bot.adapters.telegram.limits").removeHandler(limiter_log)
        if adapter is not None:
            await adapter.stop()
        await fake.stop()
        await db.close()


async def _someone_quizzing(engine: Engine, waits: list[float], every: float = 0.2) -> None:
    """Someone else asks for a question and answers it every 200 ms during the fan-out: how
    long /quiz and a tap take them (engine calls, without their own Telegram round trips)."""
    learner = LearnerRef("telegram", "", "42", "someone")
    chat = ChatRef("telegram", "", "42")
    while True:
        started = time.perf_counter()
        shown = await engine.next_question(learner, chat)
        await engine.answer(learner, chat, shown.instance_id, 0)
        waits.append(time.perf_counter() - started)
        await asyncio.sleep(every)


async def _loop_lag(samples: list[float], every: float = 0.005) -> None:
    """How late a 5 ms timer fires: the time the loop spent on something else in one go."""
    loop = asyncio.get_running_loop()
    while True:
        due = loop.time() + every
        await asyncio.sleep(every)
        samples.append(loop.time() - due)


class _GcPauses:
    """Garbage-collector pauses in the bot's process while it sends, by generation."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], time.perf_counter() - self._started))

    def stop(self) -> None:
        gc.callbacks.remove(self._note)

    def figures(self) -> dict:
        found: dict = {}
        for generation, seconds in self.pauses:
            count, longest = found.get(generation, (0, 0.0))
            found[generation] = (count + 1, max(longest, round(seconds * 1000, 1)))
        return {f"gen{g}": {"count": c, "max_ms": m} for g, (c, m) in sorted(found.items())}


def _lag_figures(samples: list[float]) -> dict:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {
        "p50": round(ordered[len(ordered) // 2] * 1000, 1),
        "p95": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
        "p99": round(ordered[int(len(ordered) * 0.99)] * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def _by_fifth(times: list[float]) -> list[float]:
    """Sends per second in each fifth of the sends: does the rate hold up over the run?"""
    rates = []
    step = len(times) // 5
    for k in range(5 if step > 1 else 0):
        part = times[k * step : (k + 1) * step]
        rates.append(round((len(part) - 1) / (part[-1] - part[0]), 1) if part[-1] > part[0] else 0)
    return rates


class _Counting(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _top(path: str, lines: int = 30) -> str:
    out = io.StringIO()
    pstats.Stats(path, stream=out).sort_stats("tottime").print_stats(lines)
    return out.getvalue()
