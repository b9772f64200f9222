"""Shared fixtures: a migrated database (SQLite, and PostgreSQL when CI provides one), a
settable clock, the small test deck and an engine built from them."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import FixedClock
from bot.engine import Engine
from content.catalog import Catalog
from storage.db import Database, engine_url

FIXTURES = Path(__file__).parent / "fixtures"
MINI_DECK = FIXTURES / "decks" / "mini.yaml"
# Wednesday 2026-11-25 09:00 in Tokyo.
START = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        # CI installs PostgreSQL; a missing URL there is a broken pipeline, not a skip.
        pytest.fail("CI is set but TEST_POSTGRES_URL is not: PostgreSQL tests would not run")
    return url


async def reset_postgres(url: str) -> None:
    engine = create_async_engine(engine_url(url))
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path) -> str:
    """A database URL per backend; PostgreSQL only where TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'studybot.db'}"
    url = postgres_url()
    if not url:
        pytest.skip("TEST_POSTGRES_URL is not set (CI sets it)")
    return url


@pytest.fixture
async def pg_url() -> str:
    """An emptied PostgreSQL database, for what only PostgreSQL does (concurrent writers)."""
    url = postgres_url()
    if not url:
        pytest.skip("TEST_POSTGRES_URL is not set (CI sets it)")
    await reset_postgres(url)
    return url


@pytest.fixture
async def db(database_url):
    if database_url.startswith("postgres"):
        await reset_postgres(database_url)
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def catalog() -> Catalog:
    return Catalog.from_paths([MINI_DECK])


@pytest.fixture
def engine(db, catalog, clock) -> Engine:
    # Deck order: most tests answer by the deck's option index; tests/bot/engine/
    # test_option_order.py and the adapters' shuffle tests use `shuffled_engine`.
    return Engine(db, catalog, clock, default_timezone="Asia/Tokyo", fuzz=False, shuffle=False)


@pytest.fixture
def shuffled_engine(db, catalog, clock) -> Engine:
    """An engine that shuffles options like production, from a seeded random source."""
    return Engine(
        db, catalog, clock, default_timezone="Asia/Tokyo", fuzz=False, rng=random.Random(15)
    )
