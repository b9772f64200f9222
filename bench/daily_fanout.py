"""Fan-out of one minute's questions of the day through the real Telegram adapter.

The real python-telegram-bot Application with the bot's TelegramLimiter (overall window N/s,
real monotonic time and asyncio.sleep) sends to the fake Bot API server from tests/fakes on
127.0.0.1, which answers 429 above N sends in any rolling second. Both run on this process's
event loop, as in the adapter tests, so the fake's own CPU cost is part of what is measured
(see `fake_busy_s` in the result).
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import logging
import pstats
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from daily_fill import FIRST_USER_ID, Group, count_rows, fill, reset
from sqlalchemy import func, select

from bot.adapters.pacing import Window
from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.clock import FixedClock
from bot.config import load_settings
from bot.engine import Engine
from bot.scheduler import DailyScheduler
from content.catalog import Catalog
from storage.models import Delivery, QuizInstance
from tests.fakes.telegram_api import FakeBotApi

# 08:30 in Tokyo on a Wednesday.
SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


class TimedBotApi(FakeBotApi):
    """The fake Bot API, also noting when it accepted each sendMessage and its busy time."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[float] = []
        self.busy = 0.0

    async def _handle(self, request):
        started = time.perf_counter()
        try:
            return await super()._handle(request)
        finally:
            # Long polls wait inside the handler; only count time spent on sends.
            if request.path.endswith("/sendMessage"):
                self.busy += time.perf_counter() - started

    async def _send_message(self, params: dict) -> dict:
        result = await super()._send_message(params)
        self.accepted.append(asyncio.get_running_loop().time())
        return result


def busiest_second(times: list[float]) -> int:
    """The most sends accepted in any rolling one-second window (the fake's own rule)."""
    best = start = 0
    for end, t in enumerate(times):
        while times[start] <= t - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def _check(db, fake: TimedBotApi, count: int) -> dict:
    """Each subscriber got exactly one question and every delivery row says so."""
    ok_calls = fake.sent("sendMessage", ok=True)
    per_chat = Counter(call.params["chat_id"] for call in ok_calls)
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
        "successful_sends": len(ok_calls),
        "distinct_chats": len(per_chat),
        "lost": len(expected - per_chat.keys()),
        "doubled": sum(n - 1 for n in per_chat.values() if n > 1),
        "unexpected_chats": len(per_chat.keys() - expected),
        "failed_sends": len(fake.sent("sendMessage", ok=False)),
        "delivery_states": states,
        "sent_rows_with_message_and_instance": with_ref,
        "quiz_instances": instances,
    }


async def run(
    url: str, count: int, rate: int, catalog: Catalog, *, profile: str | None = None
) -> dict:
    db = await reset(url)
    fake = TimedBotApi()
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
        fake.max_per_second = rate
        scheduler = DailyScheduler(engine, {"telegram": adapter.daily_sender}, clock)

        profiler = cProfile.Profile(time.thread_time) if profile else None
        if profiler:
            profiler.enable()
        started, cpu = time.perf_counter(), time.process_time()
        report = await scheduler.tick()
        claimed_at = time.perf_counter()
        await scheduler.drain()
        finished, cpu = time.perf_counter(), time.process_time() - cpu
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)

        accepted = sorted(fake.accepted)
        span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
        achieved = (len(accepted) - 1) / span if span else 0.0
        checks = await _check(db, fake, count)
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
            "rejected_429": fake.rejected_429,
            "limiter_retries": limiter.retries,
            "limiter_429_warnings": limiter_log.count,
            "cpu_s": round(cpu, 1),
            "cpu_ms_per_delivery": round(cpu / max(report.claimed, 1) * 1000, 2),
            "fake_busy_s": round(fake.busy, 2),
            "rate_by_fifth": _by_fifth(accepted),
            **checks,
            "profile": _top(profile) if profile else None,
        }
    finally:
        logging.getLogger("bot.adapters.telegram.limits").removeHandler(limiter_log)
        if adapter is not None:
            await adapter.stop()
        await fake.stop()
        await db.close()


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
