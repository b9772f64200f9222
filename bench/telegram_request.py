"""CPU per question of the day sent through the Telegram adapter: PTB's own httpx client
against the aiohttp transport studybot uses.

The real TelegramAdapter (python-telegram-bot, studybot's rate limiter with a limit far above
what is reached, the adapter's rendering) sends the same Japanese question with four answer
buttons, one private chat after another, to the fake Bot API server in a process of its own
(bench/fake_botapi_process.py), so only the bot's side is measured.

    python bench/telegram_request.py [--sends 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from telegram.request import HTTPXRequest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from daily_fanout import RemoteBotApi  # noqa: E402

from bot.adapters.pacing import Window  # noqa: E402
from bot.adapters.telegram import app as telegram_app  # noqa: E402
from bot.adapters.telegram.aiohttp_request import CONNECTIONS  # noqa: E402
from bot.adapters.telegram.app import TelegramAdapter  # noqa: E402
from bot.adapters.telegram.limits import TelegramLimiter  # noqa: E402
from bot.app import BUILTIN_DECKS  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.engine.views import ChatRef  # noqa: E402
from content.catalog import Catalog  # noqa: E402
from storage.db import Database  # noqa: E402


class HttpxTelegramAdapter(TelegramAdapter):
    """The adapter as it is, but its Bot API calls on python-telegram-bot's default httpx
    client instead of studybot's retrying aiohttp transport."""

    def __init__(self, *args, **kwargs) -> None:
        def httpx_request(**_ignored) -> HTTPXRequest:
            return HTTPXRequest(connection_pool_size=CONNECTIONS)

        with mock.patch.object(telegram_app, "RetryingRequest", httpx_request):
            super().__init__(*args, **kwargs)


ADAPTERS = {"httpx": HttpxTelegramAdapter, "aiohttp": TelegramAdapter}


async def measure(transport: str, fake: RemoteBotApi, engine: Engine, sends: int) -> dict:
    settings = load_settings(
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.base_url,
        telegram_webhook_url=None,
        telegram_webhook_secret=None,
    )
    limiter = TelegramLimiter(overall=Window(1_000_000, 1.0))
    adapter = ADAPTERS[transport](settings, engine, limiter=limiter, poll_timeout=1)
    view = engine.asking.view((123456, next(iter(engine.catalog.questions)), "new"))
    sender = adapter.daily_sender
    await adapter.start()
    try:
        for i in range(50):  # warm up: connections, caches
            await sender.send_question(ChatRef("telegram", "", str(1_000 + i)), view, "ja")
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(sends):
            await sender.send_question(ChatRef("telegram", "", str(10_000 + i)), view, "ja")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    finally:
        await adapter.stop()
    per_send = 1000 / sends
    return {"cpu_ms_per_send": round(cpu * per_send, 3), "wall_ms": round(wall * per_send, 3)}


async def main(sends: int) -> dict:
    fake = RemoteBotApi()
    await fake.start()
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.db")  # the adapter needs an engine; unused
        engine = Engine(db, Catalog.from_paths([BUILTIN_DECKS]), SystemClock())
        try:
            return {
                "httpx (PTB default)": await measure("httpx", fake, engine, sends),
                "aiohttp (studybot)": await measure("aiohttp", fake, engine, sends),
            }
        finally:
            await db.close()
            await fake.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=2000)
    args = parser.parse_args()
    results = asyncio.run(main(args.sends))
    for name, figures in results.items():
        print(f"{name:22} {figures['cpu_ms_per_send']:.3f} ms CPU per question sent,", end=" ")
        print(f"{figures['wall_ms']:.3f} ms wall")
    print(json.dumps(results))
