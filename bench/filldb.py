"""Empty a benchmark database, create the schema the application's way, and bulk-load history.

Bulk loading uses SQLAlchemy Core executemany on the application's own tables; going through
the engine one answer at a time would take hours at a million answers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from itertools import islice

from sqlalchemy import text
from synth import History, dt

from storage.db import Database, sqlite_path
from storage.models import Answer, Card, Chat, ChatScore, Learner, QuizInstance

# Rows per executemany call: large enough to amortise the round trip, small enough that one
# batch of dicts stays a few MB.
BATCH = 20_000


async def reset(url: str) -> None:
    """Leave an empty database with the current schema (via the application's migrations)."""
    path = sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        db = Database(url)
        try:
            async with db.transaction() as conn:
                await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        finally:
            await db.close()
    db = Database(url)
    try:
        await db.migrate()
    finally:
        await db.close()


def _batches(rows: Iterable[dict]) -> Iterator[list[dict]]:
    it = iter(rows)
    while chunk := list(islice(it, BATCH)):
        yield chunk


def _instances(h: History) -> Iterator[dict]:
    for iid, chat, key, owner, count, ts in h.instances:
        yield {
            "id": iid,
            "chat_id": chat,
            "question_key": key,
            "learner_id": owner,
            "kind": "quiz",
            "answer_count": count,
            "created_at": dt(ts),
        }


def _answers(h: History) -> Iterator[dict]:
    for aid, inst, lid, opt, ok, ts in h.answers:
        yield {
            "id": aid,
            "instance_id": inst,
            "learner_id": lid,
            "option_index": opt,
            "correct": ok,
            "answered_at": dt(ts),
        }


async def load(url: str, h: History) -> dict[str, float]:
    """Insert the history table by table (parents first); returns seconds per table."""
    db = Database(url)
    timings: dict[str, float] = {}
    plan = [
        (Learner, h.learners),
        (Chat, h.chats),
        (QuizInstance, _instances(h)),
        (Answer, _answers(h)),
        (Card, h.cards),
        (ChatScore, h.scores),
    ]
    try:
        for model, rows in plan:
            began = time.perf_counter()
            async with db.engine.begin() as conn:
                for chunk in _batches(rows):
                    await conn.execute(model.__table__.insert(), chunk)
            timings[model.__tablename__] = time.perf_counter() - began
        began = time.perf_counter()
        await _after_load(db)
        timings["sequences/analyze"] = time.perf_counter() - began
    finally:
        await db.close()
    return timings


async def _after_load(db: Database) -> None:
    if db.dialect != "postgresql":
        # No ANALYZE on SQLite: the application never runs it, so its planner works without
        # statistics in production too, and the benchmark should see the same plans.
        return
    async with db.engine.begin() as conn:
        # Explicit ids bypass the serial sequences; move them past the loaded rows so the
        # engine's own inserts do not collide.
        for table in ("learners", "chats", "quiz_instances", "answers"):
            await conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    # What autovacuum would do shortly after a bulk load; done now so that every run measures
    # the same plans instead of racing the autovacuum daemon.
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text("VACUUM ANALYZE"))


async def sizes(url: str) -> dict[str, int]:
    """Row counts of the filled tables, to show in the report what was measured on."""
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            return {
                t: (await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()
                for t in ("learners", "chats", "quiz_instances", "answers", "cards", "chat_scores")
            }
    finally:
        await db.close()
