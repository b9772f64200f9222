"""What shuffling options per quiz instance costs: asking and answering, with and without it.

Runs the engine on a fresh SQLite (or PostgreSQL) database with the synthetic deck, asks and
answers N questions as N learners through Engine.next_question and Engine.answer, and prints
ms per call and SQL statements per call for deck order and for shuffled options.

    python bench/option_order.py --help
    python bench/option_order.py --count 2000
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

import synth
from sqlalchemy import text
from sqlcount import SqlCounter

from bot.clock import FixedClock
from bot.engine import Engine
from bot.engine.views import ChatRef, LearnerRef
from content.catalog import Catalog
from storage.db import Database


async def measure(url: str, count: int, shuffle: bool) -> dict[str, float]:
    db = Database(url)
    if db.dialect == "postgresql":
        async with db.transaction() as tx:  # the database given is emptied
            await tx.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await tx.execute(text("CREATE SCHEMA public"))
    await db.migrate()
    catalog = Catalog([synth.deck(topics=10, per_topic=20)])
    engine = Engine(db, catalog, FixedClock(synth.NOW), shuffle=shuffle, rng=random.Random(1))
    people = [LearnerRef("console", "local", f"p{i}", f"p{i}") for i in range(count)]
    chats = [ChatRef("console", "local", f"dm-{i}") for i in range(count)]
    ask_ms, answer_ms = [], []
    counter = SqlCounter(db)
    asked_sql = answered_sql = 0
    try:
        for person, chat in zip(people, chats, strict=True):
            before = counter.statements
            began = time.perf_counter()
            shown = await engine.next_question(person, chat)
            ask_ms.append((time.perf_counter() - began) * 1000)
            asked_sql += counter.statements - before
            before = counter.statements
            began = time.perf_counter()
            await engine.answer(person, chat, shown.instance_id, 0)
            answer_ms.append((time.perf_counter() - began) * 1000)
            answered_sql += counter.statements - before
    finally:
        counter.detach()
        await db.close()
    return {
        "ask_ms_p50": statistics.median(ask_ms),
        "answer_ms_p50": statistics.median(answer_ms),
        "ask_sql": asked_sql / count,
        "answer_sql": answered_sql / count,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="learners, one question each")
    parser.add_argument(
        "--postgres-url", help="a PostgreSQL database whose public schema may be dropped"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # Alternated, so neither variant always runs on a warmer machine.
        for shuffle in (False, True, False, True):
            url = args.postgres_url or f"sqlite:///{Path(tmp) / f'bench-{shuffle}.db'}"
            if not args.postgres_url:
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            figures = await measure(url, args.count, shuffle)
            label = "shuffled" if shuffle else "deck order"
            print(
                f"{label:>10}: ask p50 {figures['ask_ms_p50']:.2f} ms, "
                f"{figures['ask_sql']:.1f} statements; answer p50 "
                f"{figures['answer_ms_p50']:.2f} ms, {figures['answer_sql']:.1f} statements"
            )


if __name__ == "__main__":
    asyncio.run(main())
