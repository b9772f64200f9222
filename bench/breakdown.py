"""Where the time of Engine.answer and Engine.next_question goes, call by call.

Run it after core.py has filled the database (it adds a few hundred questions and answers):

    python bench/breakdown.py --db sqlite
    python bench/breakdown.py --db postgres --postgres-url postgresql://USER:PW@HOST/DB

It times every repository call the engine makes (by wrapping the repository functions in this
process only), counts SQL statements and compiled-cache misses, compares one prebuilt SELECT
through each layer (async session, async connection, raw driver, and on SQLite a synchronous
session), and on SQLite runs Engine.answer on a synchronous connection: together they separate
the database's own time from SQLAlchemy's and from the async adapter's.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import os
import sys
import time
from collections import Counter, defaultdict
from contextlib import asynccontextmanager
from pathlib import Path

import synth
from sqlalchemy import create_engine, event, select
from sqlalchemy.orm import Session

from bot.clock import FixedClock
from bot.engine import Engine, fsrs_cards
from bot.engine.views import ChatRef, LearnerRef, QuestionView
from content.catalog import Catalog
from storage import cards, chats, learners, quizzes, scores
from storage.db import Database, _sqlite_pragmas, engine_url, sqlite_path
from storage.models import Learner

OUT = Path(__file__).resolve().parent / "out"
WRAPPED = (quizzes, learners, cards, scores, chats, fsrs_cards)


class Stopwatch:
    """Accumulated time per wrapped call, plus SQL statements and their cache outcome."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.cache: Counter[str] = Counter()
        self.statements = 0

    def wrap_modules(self) -> None:
        for module in WRAPPED:
            for name, fn in list(vars(module).items()):
                # Public functions only: the private ones are called from inside them, and
                # timing both would count the same time twice.
                public = not name.startswith("_")
                if public and inspect.isfunction(fn) and fn.__module__ == module.__name__:
                    label = f"{module.__name__.split('.')[-1]}.{name}"
                    setattr(module, name, self._wrap(label, fn))

    def _wrap(self, label: str, fn):
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def timed_async(*args, **kwargs):
                began = time.perf_counter()
                try:
                    return await fn(*args, **kwargs)
                finally:
                    self.seconds[label] += time.perf_counter() - began

            return timed_async

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - began

        return timed

    def listen(self, db: Database) -> None:
        @event.listens_for(db.engine.sync_engine, "after_cursor_execute")
        def _count(_conn, _cursor, statement, _params, context, _many) -> None:
            self.statements += 1
            # "generated" is a cache miss, "no key" a statement SQLAlchemy cannot cache at
            # all: both mean the statement was compiled again for this call.
            self.cache[context._get_cache_stats().split(" ")[0].strip("[")] += 1

    def reset(self) -> None:
        self.seconds.clear()
        self.cache.clear()
        self.statements = 0


WATCH = Stopwatch()


def _learner(name: str) -> LearnerRef:
    return LearnerRef(synth.PLATFORM, synth.WORKSPACE, name, display_name=name)


def _chat(name: str) -> ChatRef:
    return ChatRef(synth.PLATFORM, synth.WORKSPACE, f"dm-{name}", is_group=False)


def _table(title: str, watch: Stopwatch, total: float, n: int) -> str:
    lines = [f"{title}: {total * 1000 / n:.2f} ms per call over {n} calls"]
    for label, secs in sorted(watch.seconds.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {label:28s} {secs * 1e6 / n:8.0f} µs")
    rest = total - sum(watch.seconds.values())
    lines.append(f"  {'(engine, session, commit)':28s} {rest * 1e6 / n:8.0f} µs")
    cache = ", ".join(f"{k} {v / n:.1f}" for k, v in sorted(watch.cache.items()))
    lines.append(f"  SQL statements per call {watch.statements / n:.1f} (compiled cache: {cache})")
    return "\n".join(lines)


async def engine_calls(url: str, n: int, first: int) -> str:
    db = Database(url)
    engine = Engine(db, Catalog([synth.deck()]), FixedClock(synth.NOW))
    watch = WATCH
    watch.listen(db)
    names = [f"learner{i:05d}" for i in range(first, first + n)]
    out = []
    try:
        asked = []
        for name in names:
            view = await engine.next_question(_learner(name), _chat(name))
            assert isinstance(view, QuestionView), view
            asked.append((name, view))
        watch.reset()
        began = time.perf_counter()
        for name, view in asked:
            result = await engine.answer(_learner(name), _chat(name), view.instance_id, 0)
            assert result.status.counted, result.status
        out.append(_table("Engine.answer", watch, time.perf_counter() - began, n))
        for who in (synth.DUE_LEARNER, synth.NEW_LEARNER):
            await engine.next_question(_learner(who), _chat(who))
            watch.reset()
            began = time.perf_counter()
            for _ in range(n):
                await engine.next_question(_learner(who), _chat(who))
            elapsed = time.perf_counter() - began
            out.append(_table(f"Engine.next_question for {who}", watch, elapsed, n))
        terminal = ChatRef(
            synth.PLATFORM, synth.WORKSPACE, synth.TERMINAL, is_group=False, title=synth.TERMINAL
        )
        asker = _learner(synth.DUE_LEARNER)
        board = await engine.leaderboard(terminal, asker)
        watch.reset()
        began = time.perf_counter()
        for _ in range(n):
            await engine.leaderboard(terminal, asker)
        elapsed = time.perf_counter() - began
        ranks = [r.rank if r else "top" for r in (board.my_week, board.my_all_time)]
        title = f"Engine.leaderboard of the terminal chat, asked by {synth.DUE_LEARNER} {ranks}"
        out.append(_table(title, watch, elapsed, n))
    finally:
        await db.close()
    return "\n\n".join(out)


async def primitives(url: str, n: int) -> str:
    """One prebuilt SELECT of a learner by its unique key, through each layer."""
    stmt = select(Learner.id, Learner.display_name).where(
        Learner.platform == synth.PLATFORM,
        Learner.workspace == synth.WORKSPACE,
        Learner.external_id == synth.DUE_LEARNER,
    )
    raw_sql = (
        "SELECT id, display_name FROM learners WHERE platform = {0} AND workspace = {1} "
        "AND external_id = {2}"
    )
    args = (synth.PLATFORM, synth.WORKSPACE, synth.DUE_LEARNER)
    rows = []

    async def clock(label: str, call) -> None:
        await call()
        began = time.perf_counter()
        for _ in range(n):
            await call()
        rows.append(f"  {label:60s} {(time.perf_counter() - began) * 1e6 / n:7.0f} µs")

    db = Database(url)
    try:
        async with db.transaction() as session:
            await clock("AsyncSession.execute(prebuilt select)", lambda: session.execute(stmt))
        async with db.engine.connect() as conn:
            await clock("AsyncConnection.execute(prebuilt select)", lambda: conn.execute(stmt))
            raw = (await conn.get_raw_connection()).driver_connection
        if db.dialect == "postgresql":
            sql = raw_sql.format("$1", "$2", "$3")
            await clock("raw asyncpg fetch", lambda: raw.fetch(sql, *args))
        else:

            async def driver_fetch():
                # aiosqlite's execute is awaitable; an inline sqlite3 connection's is not.
                cursor = raw.execute(raw_sql.format("?", "?", "?"), args)
                cursor = await cursor if inspect.isawaitable(cursor) else cursor
                rows = cursor.fetchall()
                return await rows if inspect.isawaitable(rows) else rows

            await clock(
                f"driver connection ({type(raw).__name__}) execute + fetchall", driver_fetch
            )
    finally:
        await db.close()
    if sqlite_path(url) is not None:
        sync = create_engine(engine_url(url).replace("+aiosqlite", ""))
        with Session(sync) as session, sync.connect() as connection:

            async def sync_session():
                return session.execute(stmt).all()

            async def sync_connection():
                return connection.execute(stmt).all()

            await clock("sync Session.execute (pysqlite, no async layer)", sync_session)
            await clock("sync Connection.execute (pysqlite, no async layer)", sync_connection)
            raw = connection.connection.dbapi_connection
            sql = raw_sql.format("?", "?", "?")

            async def sqlite3_call():
                return raw.execute(sql, args).fetchall()

            await clock("raw sqlite3 execute + fetchall", sqlite3_call)
        sync.dispose()
    return "One prebuilt SELECT, per layer:\n" + "\n".join(rows)


class _Awaitable:
    """The async connection surface the repositories use, over a synchronous connection: same
    engine and storage code, minus the async layer (SQLAlchemy's greenlet bridge and the
    driver adapter)."""

    def __init__(self, connection) -> None:
        self._connection = connection

    def __getattr__(self, name: str):
        return getattr(self._connection, name)

    async def execute(self, *args, **kwargs):
        return self._connection.execute(*args, **kwargs)

    async def scalar(self, *args, **kwargs):
        return self._connection.scalar(*args, **kwargs)

    async def scalars(self, *args, **kwargs):
        return self._connection.scalars(*args, **kwargs)


class _SyncDatabase:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(engine_url(url).replace("+aiosqlite", ""))
        event.listen(self.engine, "connect", _sqlite_pragmas)

    @asynccontextmanager
    async def transaction(self):
        with self.engine.begin() as connection:
            yield _Awaitable(connection)


async def answer_without_adapter(url: str, n: int, first: int) -> str:
    """Engine.answer on SQLite through a synchronous session, to size the async adapter."""
    catalog = Catalog([synth.deck()])
    db = Database(url)
    names = [f"learner{i:05d}" for i in range(first, first + n)]
    try:
        engine = Engine(db, catalog, FixedClock(synth.NOW))
        asked = [(name, await engine.next_question(_learner(name), _chat(name))) for name in names]
    finally:
        await db.close()
    sync_db = _SyncDatabase(url)
    engine = Engine(sync_db, catalog, FixedClock(synth.NOW))  # type: ignore[arg-type]
    began = time.perf_counter()
    for name, view in asked:
        assert isinstance(view, QuestionView), view
        result = await engine.answer(_learner(name), _chat(name), view.instance_id, 0)
        assert result.status.counted, result.status
    elapsed = time.perf_counter() - began
    sync_db.engine.dispose()
    return (
        f"Engine.answer on a synchronous pysqlite connection: {elapsed * 1000 / n:.2f} ms per "
        f"call over {n} calls ({n / elapsed:.0f}/s)"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    p.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"))
    p.add_argument("--sqlite-path", type=Path, default=OUT / "bench.db")
    p.add_argument("--calls", type=int, default=500, help="calls per measured operation")
    p.add_argument(
        "--first-learner",
        type=int,
        default=8000,
        help="answer as learner<N>, learner<N+1>, … (each gets a new question first)",
    )
    args = p.parse_args(argv)
    if args.db == "postgres":
        if not args.postgres_url:
            print("breakdown.py: --postgres-url or BENCH_POSTGRES_URL is needed", file=sys.stderr)
            return 2
        url = args.postgres_url
    else:
        if not args.sqlite_path.exists():
            print(
                f"breakdown.py: {args.sqlite_path} does not exist; run core.py first",
                file=sys.stderr,
            )
            return 2
        url = f"sqlite:///{args.sqlite_path.resolve()}"
    WATCH.wrap_modules()
    print(asyncio.run(engine_calls(url, args.calls, args.first_learner)))
    print()
    print(asyncio.run(primitives(url, args.calls * 4)))
    if args.db == "sqlite":
        print()
        print(
            asyncio.run(answer_without_adapter(url, args.calls, args.first_learner + args.calls))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
