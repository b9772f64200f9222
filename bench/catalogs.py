"""What the per-chat catalog costs a request: the cached look-up every question asked pays
(one read of the chat's catalog version, then a dict hit), the registry look-up every answer
pays, and the rebuild a chat pays once after its decks change.

    python bench/catalogs.py                       # SQLite
    python bench/catalogs.py --postgres-url postgresql://USER:PW@HOST/DB   # and PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import BUILTIN_DECKS  # noqa: E402
from bot.clock import FixedClock  # noqa: E402
from bot.engine import Engine  # noqa: E402
from bot.engine.views import ChatRef, LearnerRef  # noqa: E402
from content.catalog import Catalog  # noqa: E402
from storage import chat_decks, chats  # noqa: E402
from storage.db import Database  # noqa: E402

MEMO = ROOT / "tests" / "content" / "importer" / "memos" / "aws-study-memo-0916.md"
CHATS = 50  # chats that each added the memo as a deck of their own
LOOKUPS = 2000


def _us(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1e6:7.1f} µs   p99 {cuts[98] * 1e6:7.1f} µs"


async def run(url: str, label: str) -> None:
    from datetime import UTC, datetime

    db = Database(url)
    await db.migrate()
    engine = Engine(db, Catalog.from_paths([BUILTIN_DECKS]), FixedClock(datetime.now(UTC)))
    raw = MEMO.read_bytes()
    started = time.perf_counter()
    refs = [ChatRef("bench", "", f"c{i}") for i in range(CHATS)]
    for i, chat in enumerate(refs):
        who = LearnerRef("bench", "", f"u{i}", f"u{i}")
        await engine.decks.add(who, chat, "memo.md", raw, admin=True)
    spent = time.perf_counter() - started
    print(f"[{label}] {CHATS} chats each added the seed memo: {spent / CHATS * 1e3:.0f} ms each")
    async with db.transaction() as tx:
        ids = [
            (await tx.run_sync(chats.find_chat, c.platform, c.workspace, c.chat_id)).id
            for c in refs
        ]
    catalogs = engine.catalogs
    # What the first question after a change pays: parsing a new deck version (once per
    # process), then merging it with the built-in decks (once per chat version).
    first: list[float] = []
    rebuild: list[float] = []
    async with db.transaction() as tx:
        for chat_id in ids:
            t = time.perf_counter()
            await tx.run_sync(catalogs.build, chat_id)
            first.append(time.perf_counter() - t)
            t = time.perf_counter()
            await tx.run_sync(catalogs.build, chat_id)
            rebuild.append(time.perf_counter() - t)
            await tx.run_sync(catalogs.for_chat, chat_id)
    print(f"[{label}] first build, parsing the stored deck: {_us(first)}")
    print(f"[{label}] rebuild, deck already parsed:         {_us(rebuild)}")
    # The cached look-up a question pays: the version read, then the cache hit.
    hit: list[float] = []
    version_only: list[float] = []
    for n in range(LOOKUPS):
        chat_id = ids[n % len(ids)]
        async with db.transaction() as tx:
            t = time.perf_counter()
            await tx.run_sync(catalogs.for_chat, chat_id)
            hit.append(time.perf_counter() - t)
            t = time.perf_counter()
            await tx.run_sync(chat_decks.catalog_version, chat_id)
            version_only.append(time.perf_counter() - t)
    print(f"[{label}] per question asked, cached catalog:     {_us(hit)}")
    print(f"[{label}]   of which the version read:            {_us(version_only)}")
    # The registry look-up an answer pays (no query): built-in and added questions.
    keys = list(catalogs.questions.keys())
    answer: list[float] = []
    for n in range(LOOKUPS * 10):
        key = keys[(n * 7919) % len(keys)]
        t = time.perf_counter()
        catalogs.question(key)
        answer.append(time.perf_counter() - t)
    asks: list[float] = []
    for n in range(LOOKUPS // 4):
        i = n % len(refs)
        who = LearnerRef("bench", "", f"u{i}", f"u{i}")
        t = time.perf_counter()
        await engine.next_question(who, refs[i])
        asks.append(time.perf_counter() - t)
    print(f"[{label}] a whole next_question, for scale:    {_us(asks)}")
    print(f"[{label}] per answer, question by key ({len(keys)} keys): {_us(answer)}")
    await db.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres-url", help="also measure on this (emptied!) PostgreSQL database"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        await run(f"sqlite:///{folder}/bench.db", "sqlite")
    if args.postgres_url:
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        from storage.db import engine_url

        pg = create_async_engine(engine_url(args.postgres_url))
        async with pg.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await pg.dispose()
        await run(args.postgres_url, "postgres")


if __name__ == "__main__":
    asyncio.run(main())
