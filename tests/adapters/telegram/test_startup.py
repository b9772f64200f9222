"""`studybot run` when Telegram cannot be reached, or the database cannot be used: it waits
(one line per attempt, /healthz not ready) or refuses with one line, never a traceback."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

import aiohttp

from tests.support.net import free_port

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}", **extra})
    return env


async def healthz(port: int) -> tuple[int, dict] | None:
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            return response.status, json.loads(await response.text())
    except aiohttp.ClientError:
        return None


async def test_run_waits_for_an_unreachable_telegram_and_stops_cleanly(tmp_path):
    port = free_port()
    env = environment(
        tmp_path,
        TELEGRAM_BOT_TOKEN="123:TOKEN",
        # Nothing listens there: every connection is refused, as with no route to Telegram.
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot",
        PORT=str(port),
        HOST="127.0.0.1",
    )
    process = await asyncio.create_subprocess_exec(
        STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    seen: list[str] = []
    try:
        health = None
        while True:  # two attempts are about a second apart
            line = (await asyncio.wait_for(process.stderr.readline(), 30)).decode()
            assert line, "studybot run exited on its own:\n" + "".join(seen)
            seen.append(line)
            if "attempt 2" in line:
                break
        health = await healthz(port)
        assert process.returncode is None
    finally:
        process.send_signal(signal.SIGTERM)
        rest = (await asyncio.wait_for(process.communicate(), 30))[1].decode()
    output = "".join(seen) + rest
    assert process.returncode == 0, output
    assert health == (503, {"ok": False, "waiting_for": ["telegram"]})
    attempts = [line for line in seen if "cannot reach the platform" in line]
    assert len(attempts) == 2
    assert "attempt 1, retrying in 1 s" in attempts[0]
    assert "Traceback" not in output
    assert "Unclosed" not in output


async def run_once(tmp_path: Path, database_url: str) -> tuple[int, str]:
    env = environment(tmp_path, TELEGRAM_BOT_TOKEN="123:TOKEN", DATABASE_URL=database_url)
    process = await asyncio.create_subprocess_exec(
        STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, stderr.decode()


async def test_a_read_only_database_refuses_to_start_with_one_line(tmp_path):
    db = tmp_path / "ro.db"
    migrate = await asyncio.create_subprocess_exec(
        STUDYBOT, "migrate", "--db", str(db), cwd=tmp_path, env=environment(tmp_path)
    )
    assert await migrate.wait() == 0
    # SQLite opened read-only: the same as a file the process may not write, even for root.
    code, stderr = await run_once(tmp_path, f"sqlite:///file:{db}?mode=ro&uri=true")
    assert code == 2
    assert (
        stderr == "studybot: cannot write to the database: attempt to write a readonly database\n"
    )


async def test_a_missing_folder_for_sqlite_is_an_error_not_a_new_database(tmp_path):
    code, stderr = await run_once(tmp_path, f"sqlite:///{tmp_path / 'typo' / 'studybot.db'}")
    assert code == 2
    assert stderr.strip() == (
        f"studybot: cannot open the database: folder '{tmp_path / 'typo'}' does not exist "
        "(create it, or correct DATABASE_URL)"
    )
    assert not (tmp_path / "typo").exists()


async def test_a_rejected_token_ends_the_run_with_one_line(fake, tmp_path):
    env = environment(
        tmp_path, TELEGRAM_BOT_TOKEN="999:WRONG", TELEGRAM_API_BASE_URL=fake.base_url
    )
    process = await asyncio.create_subprocess_exec(
        STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    problems = [line for line in stderr.decode().splitlines() if " INFO " not in line]
    assert process.returncode == 2
    assert problems == ["studybot: Telegram rejected TELEGRAM_BOT_TOKEN"]
    assert "WRONG" not in stderr.decode()  # the token is a secret
