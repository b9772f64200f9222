"""Claiming question-of-the-day slots: once per (subscription, local date), whoever asks."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from storage import chats, claims, deliveries, learners, subscriptions
from storage.db import Database

NOW = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
TODAY = date(2026, 11, 25)
TOKYO_9 = ("Asia/Tokyo", "09:00", TODAY, NOW)
BERLIN_1 = ("Europe/Berlin", "01:00", TODAY, NOW)


async def subscribe(
    db, n: int, zone: str, hhmm: str, platform: str = "telegram", since=NOW - timedelta(hours=1)
) -> int:
    async with db.transaction() as s:
        who = await s.run_sync(learners.ensure_learner, platform, "", str(n), f"p{n}", NOW)
        chat = await s.run_sync(
            chats.ensure_chat, platform, "", str(n), is_group=False, title="", now=NOW
        )
        sub = await s.run_sync(
            subscriptions.subscribe,
            chat_id=chat.id,
            learner_id=who.id,
            local_time=hhmm,
            timezone=zone,
            now=since,
        )
    return sub.id


async def claim(db, slots, **kwargs) -> list[int]:
    async with db.transaction() as s:
        return await s.run_sync(
            claims.claim, slots, now=NOW, platforms=kwargs.pop("platforms", ["telegram"]), **kwargs
        )


async def test_one_statement_claims_every_slot_once(db):
    tokyo = [await subscribe(db, n, "Asia/Tokyo", "09:00") for n in range(3)]
    berlin = [await subscribe(db, n, "Europe/Berlin", "01:00") for n in range(3, 5)]
    await subscribe(db, 9, "Asia/Tokyo", "10:00")  # not due
    await subscribe(db, 10, "Asia/Tokyo", "09:00", platform="slack")  # no sender asked for
    ids = await claim(db, [TOKYO_9, BERLIN_1])
    assert len(ids) == 5
    async with db.transaction() as s:
        jobs = await s.run_sync(deliveries.jobs, ids)
    assert sorted(j.subscription_id for j in jobs) == sorted(tokyo + berlin)
    assert {j.state for j in jobs} == {"claimed"}
    # Asked again (a second process, or a restart), nothing is claimed twice.
    assert await claim(db, [TOKYO_9, BERLIN_1]) == []
    assert len(await claim(db, [TOKYO_9], platforms=["slack"])) == 1


async def test_shards_split_a_claim_without_overlap(db):
    subs = [await subscribe(db, n, "Asia/Tokyo", "09:00") for n in range(7)]
    first = await claim(db, [TOKYO_9], shard=(0, 2))
    second = await claim(db, [TOKYO_9], shard=(1, 2))
    assert first and second and not set(first) & set(second)
    async with db.transaction() as s:
        jobs = await s.run_sync(deliveries.jobs, first + second)
    assert sorted(j.subscription_id for j in jobs) == sorted(subs)


async def test_a_slot_missed_long_ago_is_recorded_as_skipped(db):
    await subscribe(db, 1, "Asia/Tokyo", "09:00", since=NOW - timedelta(days=3))
    await subscribe(db, 2, "Asia/Tokyo", "09:00")  # set up after yesterday's slot
    yesterday = ("Asia/Tokyo", "09:00", TODAY - timedelta(days=1), NOW - timedelta(days=1))
    skipped = await claim(db, [yesterday], state="skipped")
    assert len(skipped) == 1
    async with db.transaction() as s:
        assert (await s.run_sync(deliveries.job, skipped[0])).state == "skipped"
    assert await claim(db, [yesterday], state="skipped") == []


@pytest.fixture
async def pg(pg_url):
    database = Database(pg_url)
    await database.migrate()
    yield database
    await database.close()


async def test_a_claim_racing_another_process_takes_only_what_is_left(pg):
    """The second claim runs while the first is not committed: it waits, then finds the rows
    the first one took and claims only the rest, instead of failing or doubling any."""
    subs = [await subscribe(pg, n, "Asia/Tokyo", "09:00") for n in range(4)]
    async with pg.transaction() as first:
        taken = await first.run_sync(
            claims.claim, [TOKYO_9], now=NOW, platforms=["telegram"], chat="0"
        )
        rest = asyncio.create_task(claim(pg, [TOKYO_9]))
        await wait_until_blocked(pg)
    rest_ids = await asyncio.wait_for(rest, 10)
    assert len(taken) == 1 and len(rest_ids) == 3
    async with pg.transaction() as s:
        jobs = await s.run_sync(deliveries.jobs, taken + rest_ids)
    assert sorted(j.subscription_id for j in jobs) == sorted(subs)


async def wait_until_blocked(db, timeout: float = 10.0) -> None:
    """Until some other session waits for a lock (the second claim, on the first's rows)."""
    probe = Database(db.url)
    try:
        for _ in range(int(timeout / 0.02)):
            async with probe.transaction() as s:
                waiting = await s.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
            if waiting:
                return
            await asyncio.sleep(0.02)
        raise AssertionError("the second claim never waited for the first")
    finally:
        await probe.close()
