"""Two real `studybot run` processes on one PostgreSQL database deliver each question once."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import FixedClock
from bot.engine import Engine
from bot.engine.views import ChatRef, LearnerRef
from content.catalog import Catalog
from storage import deliveries
from storage.db import Database
from storage.migrate import describe
from tests.conftest import MINI_DECK
from tests.fakes.telegram_api import FakeBotApi

STUDYBOT = str(Path(sys.executable).with_name("studybot"))
PEOPLE = 40


async def subscribe_everyone(url: str) -> None:
    """Subscriptions made an hour ago for a time two minutes ago: due now, once."""
    now = datetime.now(UTC)
    db = Database(url)
    await db.migrate()
    engine = Engine(db, Catalog.from_paths([MINI_DECK]), FixedClock(now - timedelta(hours=1)))
    slot = (now - timedelta(minutes=2)).strftime("%H:%M")
    for i in range(PEOPLE):
        learner = LearnerRef("telegram", "", str(1000 + i), f"p{i}")
        await engine.profiles.set_daily(
            learner, ChatRef("telegram", "", str(1000 + i)), slot, "UTC"
        )
    await db.close()


def run_env(fake: FakeBotApi, url: str) -> dict[str, str]:
    """`studybot run` against the fake Bot API and this database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        DATABASE_URL=url,
        DECKS=str(MINI_DECK),
    )
    return env


async def test_two_processes_deliver_each_subscription_once(pg_url, tmp_path):
    await subscribe_everyone(pg_url)
    async with FakeBotApi() as fake:
        env = run_env(fake, pg_url)
        processes = [
            await asyncio.create_subprocess_exec(
                STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
            )
            for _ in range(2)
        ]
        try:
            await fake.wait_for("sendMessage", PEOPLE, ok=True, timeout=60)
        finally:
            # A graceful stop finishes deliveries in flight, so the rows are final afterwards.
            for process in processes:
                process.send_signal(signal.SIGTERM)
            outputs = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
        db = Database(pg_url)
        async with db.transaction() as session:
            states = await session.run_sync(deliveries.states)
        await db.close()
        daily = [c for c in fake.sent("sendMessage", ok=True) if "📅" in c.params["text"]]
        chats = sorted(c.params["chat_id"] for c in daily)
        assert chats == [1000 + i for i in range(PEOPLE)]  # every one, none twice
        assert states == {"sent": PEOPLE}
        for process, (_, stderr) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, stderr.decode()
            assert "Traceback" not in stderr.decode()


async def test_two_processes_migrating_a_fresh_database_together(pg_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    runs = [
        await asyncio.create_subprocess_exec(
            STUDYBOT,
            "migrate",
            "--db",
            pg_url,
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    results = [await asyncio.wait_for(r.communicate(), 60) for r in runs]
    for run, (_, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err.decode()
    # The migration lock lets one create the schema; the other then finds it done.
    said = {out.decode().split(" at revision")[0] for out, _ in results}
    assert said == {"created the schema", f"{describe(pg_url)} is already"}, results


async def test_a_process_killed_in_a_fan_out_is_taken_over_at_once_after_restart(pg_url, tmp_path):
    await subscribe_everyone(pg_url)
    async with FakeBotApi() as fake:
        env = run_env(fake, pg_url)
        # Every question of the day hangs on the way, and the process is killed meanwhile.
        fake.hang_next("sendMessage", times=PEOPLE)
        killed = await asyncio.create_subprocess_exec(
            STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.DEVNULL
        )
        try:
            await fake.wait_for("sendMessage", 1, timeout=60)
        finally:
            killed.kill()
            await killed.wait()
        fake.heal()
        restarted = await asyncio.create_subprocess_exec(
            STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )
        try:
            # Well inside the 10 minutes after which anyone's claims count as stale.
            await fake.wait_for("sendMessage", PEOPLE, ok=True, timeout=60)
        finally:
            restarted.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(restarted.communicate(), 30)
        db = Database(pg_url)
        async with db.transaction() as session:
            states = await session.run_sync(deliveries.states)
        await db.close()
        daily = [c for c in fake.sent("sendMessage", ok=True) if "📅" in c.params["text"]]
        assert sorted(c.params["chat_id"] for c in daily) == [1000 + i for i in range(PEOPLE)]
        assert states == {"sent": PEOPLE}
        assert restarted.returncode == 0, stderr.decode()
