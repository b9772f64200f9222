"""CPU per Telegram send: PTB's own HTTPXRequest against the bot's AiohttpRequest.

The same question of the day (Japanese text, HTML, four answer buttons) is sent one message at
a time through a real python-telegram-bot `Bot` to the fake Bot API server running in a
process of its own (bench/fake_botapi_process.py), so only the bot's side is measured.

    python bench/telegram_request.py [--sends 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from daily_fanout import RemoteBotApi  # noqa: E402
from telegram import Bot  # noqa: E402
from telegram.request import HTTPXRequest  # noqa: E402

from bot.adapters.telegram import render  # noqa: E402
from bot.adapters.telegram.aiohttp_request import CONNECTIONS, AiohttpRequest  # noqa: E402
from bot.app import BUILTIN_DECKS  # noqa: E402
from bot.i18n import text  # noqa: E402
from bot.views import QuestionView  # noqa: E402
from content.catalog import Catalog  # noqa: E402


def a_question():
    """The body and buttons of a question of the day, rendered as the adapter renders them."""
    catalog = Catalog.from_paths([BUILTIN_DECKS])
    q = next(iter(catalog.questions.values()))
    topic = catalog.topic(q.topic_key)
    view = QuestionView(123456, q.key, topic.id, topic.title, q.prompt, q.options, q.kind, "new")
    body = text("ja", "daily_header") + "\n" + render.question("ja", view, answers=None)
    return body, render.question_keyboard(view)


async def measure(request, fake: RemoteBotApi, sends: int, body: str, markup) -> dict:
    async with Bot(fake.token, base_url=fake.base_url, request=request) as bot:
        for i in range(50):  # warm up: connections, caches
            await bot.send_message(1_000 + i, body, parse_mode="HTML", reply_markup=markup)
        cpu, wall = time.process_time(), time.perf_counter()
        for i in range(sends):
            await bot.send_message(2_000 + i, body, parse_mode="HTML", reply_markup=markup)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {
        "cpu_ms_per_send": round(cpu / sends * 1000, 3),
        "wall_ms": round(wall / sends * 1000, 3),
    }


async def main(sends: int) -> dict:
    body, markup = a_question()
    fake = RemoteBotApi()
    await fake.start()
    try:
        found = {
            "httpx (PTB default)": await measure(
                HTTPXRequest(connection_pool_size=CONNECTIONS), fake, sends, body, markup
            ),
            "aiohttp (studybot)": await measure(AiohttpRequest(), fake, sends, body, markup),
        }
    finally:
        await fake.stop()
    return found


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=2000)
    args = parser.parse_args()
    results = asyncio.run(main(args.sends))
    for name, figures in results.items():
        print(f"{name:22} {figures['cpu_ms_per_send']:.3f} ms CPU per send_message,", end=" ")
        print(f"{figures['wall_ms']:.3f} ms wall")
    print(json.dumps(results))
