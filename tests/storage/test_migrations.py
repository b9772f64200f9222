"""Migrations that change tables with rows in them keep the rows (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.migrate import current, downgrade, upgrade
from tests.conftest import reset_postgres

NOW = datetime(2026, 11, 25, 0, 0)  # stored naive UTC, as the application stores it


@pytest.fixture
async def at_0004(database_url):
    if database_url.startswith("postgres"):
        await reset_postgres(database_url)
    db = Database(database_url)
    await upgrade(db, "0004")
    yield db
    await db.close()


async def rows(db: Database, sql: str) -> list[tuple]:
    async with db.transaction() as conn:
        return [tuple(r) for r in (await conn.execute(text(sql))).all()]


async def run(db: Database, sql: str, **params) -> None:
    async with db.transaction() as conn:
        await conn.execute(text(sql), params)


async def test_0005_keeps_deliveries_and_copies_each_chats_platform(at_0004):
    db = at_0004
    await run(
        db,
        "INSERT INTO learners (id, platform, workspace, external_id, display_name, active,"
        " answered, correct, current_streak, best_streak, created_at)"
        " VALUES (1, 'slack', 'T1', 'U1', 'Ann', true, 0, 0, 0, 0, :now)",
        now=NOW,
    )
    await run(
        db,
        "INSERT INTO chats (id, platform, workspace, external_id, is_group, title, created_at)"
        " VALUES (1, 'slack', 'T1', 'C1', true, 'study', :now)",
        now=NOW,
    )
    await run(
        db,
        "INSERT INTO subscriptions (id, chat_id, learner_id, local_time, timezone, active,"
        " created_at, updated_at) VALUES (1, 1, 1, '09:00', 'Asia/Tokyo', true, :now, :now)",
        now=NOW,
    )
    await run(
        db,
        "INSERT INTO deliveries (id, subscription_id, local_date, state, claimed_at, attempts,"
        " message_ref) VALUES (1, 1, :day, 'sent', :now, 1, '1700000000.000100')",
        day=date(2026, 11, 24),
        now=NOW,
    )
    await upgrade(db)
    assert await rows(db, "SELECT id, platform FROM subscriptions") == [(1, "slack")]
    assert await rows(db, "SELECT id, state, message_ref FROM deliveries") == [
        (1, "sent", "1700000000.000100")
    ]
    # Rolled back, the foreign key is there again and the other rows with it.
    await downgrade(db, "0004")
    assert await current(db) == "0004"
    assert await rows(db, "SELECT id FROM deliveries") == [(1,)]
    with pytest.raises(IntegrityError):
        await run(
            db,
            "INSERT INTO deliveries (subscription_id, local_date, state, claimed_at, attempts)"
            " VALUES (99, :day, 'claimed', :now, 1)",
            day=date(2026, 11, 25),
            now=NOW,
        )


async def test_rolling_back_0005_drops_deliveries_whose_subscription_is_gone(at_0004):
    db = at_0004
    await upgrade(db)
    await run(
        db,
        "INSERT INTO deliveries (subscription_id, local_date, state, claimed_at, attempts)"
        " VALUES (42, :day, 'claimed', :now, 1)",
        day=date(2026, 11, 25),
        now=NOW,
    )
    await downgrade(db, "0004")
    assert await rows(db, "SELECT id FROM deliveries") == []
