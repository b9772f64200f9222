"""Empty a benchmark database and bulk-load question-of-the-day subscriptions.

Subscribing 100,000 people through `/daily` one update at a time would take far longer than
the figures being measured, so rows go in with SQLAlchemy Core executemany into the
application's own tables, shaped exactly as the Telegram adapter leaves them: a learner and a
private chat per Telegram user (chat id = user id, workspace ""), one subscription each.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import filldb
from sqlalchemy import delete, func, insert, select

from storage.db import Database, sqlite_path
from storage.models import Chat, Delivery, Learner, Subscription

PLATFORM = "telegram"
WORKSPACE = ""
# Telegram user ids of the synthetic learners start here (positive ids are private chats).
FIRST_USER_ID = 700_000_000
BATCH = 10_000


@dataclass(frozen=True)
class Group:
    """`count` subscriptions at one (time zone, local time)."""

    timezone: str
    local_time: str
    count: int
    # Yesterday's delivery already recorded for each subscription (steady state), or None.
    history_date: date | None = None


async def reset(url: str) -> Database:
    """An empty database with the current schema, made by the application's migrations."""
    await filldb.reset(url)
    return Database(url)


def _batches(start: int, stop: int):
    for first in range(start, stop, BATCH):
        yield range(first, min(first + BATCH, stop))


async def fill(db: Database, groups: list[Group], updated_at: datetime) -> float:
    """Insert one learner, private chat and active subscription per person; returns seconds.

    `updated_at` must lie before each group's slot (a subscription made after the slot waits
    for the next day) and after yesterday's, so the tick does not also record yesterday.
    """
    started = time.perf_counter()
    user_id = FIRST_USER_ID
    for group in groups:
        first, user_id = user_id, user_id + group.count
        for ids in _batches(first, user_id):
            await _fill_batch(db, ids, group, updated_at)
    await analyze(db)
    return time.perf_counter() - started


async def _ids(session, table, rows: list[dict]) -> list[int]:
    """Insert the rows in one executemany and return their new ids, in the rows' order."""
    stmt = insert(table).returning(table.id, sort_by_parameter_order=True)
    return list((await session.scalars(stmt, rows)).all())


async def _fill_batch(db: Database, ids: range, group: Group, updated_at: datetime) -> None:
    created = updated_at - timedelta(days=30)
    names = [str(i) for i in ids]
    async with db.transaction() as session:
        learners = await _ids(
            session,
            Learner,
            [
                {
                    "platform": PLATFORM,
                    "workspace": WORKSPACE,
                    "external_id": name,
                    "display_name": f"Learner {name}",
                    "timezone": group.timezone,
                    "created_at": created,
                }
                for name in names
            ],
        )
        chats = await _ids(
            session,
            Chat,
            [
                {
                    "platform": PLATFORM,
                    "workspace": WORKSPACE,
                    "external_id": name,
                    "is_group": False,
                    "title": "",
                    "created_at": created,
                }
                for name in names
            ],
        )
        subs = await _ids(
            session,
            Subscription,
            [
                {
                    "chat_id": chat_id,
                    "learner_id": learner_id,
                    "local_time": group.local_time,
                    "timezone": group.timezone,
                    "platform": PLATFORM,
                    "active": True,
                    "created_at": created,
                    "updated_at": updated_at,
                }
                for chat_id, learner_id in zip(chats, learners, strict=True)
            ],
        )
        if group.history_date is None:
            return
        sent_at = updated_at - timedelta(hours=20)
        await session.execute(
            insert(Delivery),
            [
                {
                    "subscription_id": sub_id,
                    "local_date": group.history_date,
                    "state": "sent",
                    "claimed_at": sent_at,
                    "attempts": 1,
                    "message_ref": "1",
                    "finished_at": sent_at,
                }
                for sub_id in subs
            ],
        )


async def analyze(db: Database) -> None:
    """PostgreSQL: the statistics autovacuum would have gathered on a long-lived database.

    SQLite gets no ANALYZE because the application never runs one: its planner works without
    statistics in production, so it does here too.
    """
    if db.dialect != "postgresql":
        return
    await filldb.vacuum_analyze(db.url)


async def forget_claims(db: Database) -> int:
    """Remove the rows a measured claim inserted, so the next repetition claims them again."""
    async with db.transaction() as session:
        result = await session.execute(delete(Delivery).where(Delivery.state == "claimed"))
    await analyze(db)
    return result.rowcount


async def count_rows(db: Database) -> dict[str, int]:
    async with db.transaction() as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (Learner, Chat, Subscription, Delivery)
        }


def sqlite_file_mb(url: str) -> float | None:
    path = sqlite_path(url)
    if path is None or not path.exists():
        return None
    return round(os.path.getsize(path) / 1e6, 1)
