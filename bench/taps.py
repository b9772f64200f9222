"""Taps in a burst: the real `studybot run` against a fake Bot API in its own process, beside a
minimal python-telegram-bot reference bot on the same fake, the same bursts pushed to both.

    .venv/bin/python bench/taps.py [--rounds 2] [--postgres URL] [--json out.json]

Scenarios (each run `--rounds` times, bots one after the other on one fake):
  burst   2,000 taps from 200 learners in private chats, all queued at once
  spread  the same 2,000 spread evenly over 10 s
  group   200 members of one group tapping one question within 2 s
  quiz    /quiz from 200 learners at once (studybot only: the reference has no questions)
The fake enforces Telegram's limits with 429s (fake_taps.py); acknowledgement delay is from
the moment a tap could be fetched with getUpdates to the arrival of its answerCallbackQuery.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
from daily_fanout import RemoteBotApi  # noqa: E402
from filldb import reset  # noqa: E402
from taps_scenes import ASKER0, answers_recorded, make_group, make_private, name  # noqa: E402

from bot.config import load_settings  # noqa: E402

LEARNERS, EACH, MEMBERS, ASKERS = 200, 10, 200, 200
LOGS = Path(tempfile.gettempdir())  # each bot's stderr, for when a figure looks wrong
WAIT_S = 180  # the longest any scenario may take before it is reported as unfinished


class RemoteTapsApi(RemoteBotApi):
    """The fake Bot API process with fake_taps.py's commands."""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).with_name("fake_botapi_process.py")),
            "--taps",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=256 * 1024 * 1024,
        )
        hello = json.loads(await self.process.stdout.readline())
        self.base_url, self.token = hello["base_url"], hello["token"]
        self.pid = self.process.pid

    async def ask(self, command: str, payload: object = "") -> dict:
        arg = payload if isinstance(payload, str) else json.dumps(payload)
        await self._command(f"{command} {arg}".strip())
        return json.loads(await self.process.stdout.readline())


class Bot:
    """A bot under test in its own process: `studybot run` or the reference."""

    def __init__(self, label: str, argv: list[str], env: dict[str, str]) -> None:
        self.label, self.argv, self.env = label, argv, env

    async def start(self, fake: RemoteTapsApi) -> None:
        await fake.ask("reset")
        self.process = await asyncio.create_subprocess_exec(
            *self.argv,
            env={**os.environ, **self.env},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=open(LOGS / f"studybot-bench-{self.label}.log", "w"),  # noqa: SIM115
        )
        self.ps = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 60
        while (await fake.ask("progress"))["getupdates"] < 2:
            if time.monotonic() > deadline or self.process.returncode is not None:
                raise RuntimeError(f"{self.label} did not start polling")
            await asyncio.sleep(0.2)

    def cpu(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    async def stop(self) -> None:
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), 30)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def until(fake: RemoteTapsApi, done, timeout: float = WAIT_S) -> dict:
    deadline = time.monotonic() + timeout
    while not done(await fake.ask("progress")) and time.monotonic() < deadline:
        await asyncio.sleep(0.25)
    return await fake.ask("taps_report")


def ack_figures(report: dict, count: int) -> dict:
    delays = [d for d in report["ack_delays"] if d is not None]
    span = max(report["acked_at"]) - min(report["queued_at"]) if delays else 0.0
    return {
        "acked": len(delays),
        "ack_p50_ms": round(statistics.median(delays) * 1000, 1) if delays else None,
        "ack_p95_ms": round(pct(delays, 0.95) * 1000, 1) if delays else None,
        "ack_max_ms": round(max(delays) * 1000, 1) if delays else None,
        "taps_per_s": round(len(delays) / span, 1) if span else None,
        "unacked": count - len(delays),
    }


async def push_taps(fake, bot: Bot, scene, *, wait_edits: int) -> dict:
    await fake.ask("reset")
    await fake.ask("limits", "on")
    cpu = bot.cpu()
    await fake.ask("taps", {"taps": scene.taps, "users": scene.users})
    count = len(scene.taps)
    report = await until(fake, lambda r: r["acked"] >= count)
    figures = ack_figures(report, count)
    figures["cpu_ms_per_tap"] = round((bot.cpu() - cpu) * 1000 / count, 2)
    if wait_edits:
        report = await until(fake, lambda r: r["edit_count"] >= wait_edits)
    figures.update(
        edits=report["edit_count"],
        rejected_429=report["rejected_429"],
        fake_cpu_s=round(report["fake_cpu_s"], 1),
    )
    return figures


async def group_taps(fake, bot: Bot, scene, *, studybot: bool) -> dict:
    figures = await push_taps(fake, bot, scene, wait_edits=0)
    await asyncio.sleep(8)  # the coalesced count's last edit is a few seconds behind
    report = await fake.ask("taps_report")
    first_tap = min(report["queued_at"])
    edits = [e for e in report["edits"] if e[0] - first_tap < 60]
    figures.update(count_edits_first_minute=len(edits), rejected_429=report["rejected_429"])
    if studybot:
        figures["final_count_right"] = bool(edits) and f"回答 {len(scene.taps)} 人" in edits[-1][2]
    return figures


async def quiz_burst(fake, bot: Bot) -> dict:
    await fake.ask("reset")
    await fake.ask("limits", "on")
    askers = [ASKER0 + n for n in range(ASKERS)]
    texts = [[user, user, "/quiz", 0] for user in askers]
    await fake.ask("texts", {"texts": texts, "users": {str(u): name(u) for u in askers}})
    report = await until(fake, lambda r: r["sends"] >= ASKERS)
    sends = [(t, c) for t, c in report["sends"] if c in set(askers)]
    order = [c for _, c in sends]
    times = [t for t, _ in sends]
    rate = (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0
    displaced = max((abs(i - askers.index(c)) for i, c in enumerate(order)), default=0)
    return {
        "questions_sent": len(sends),
        "per_s": round(rate, 1),
        "over_limit_30": round(rate / 30, 3),
        "max_places_out_of_order": displaced,
        "rejected_429": report["rejected_429"],
    }


async def ceiling(fake: RemoteTapsApi, seconds: float = 3.0, workers: int = 32) -> dict:
    """How many getMe and answerCallbackQuery calls a second the fake itself can take."""
    url = f"{fake.base_url}{fake.token}"
    done = 0
    stop_at = time.monotonic() + seconds

    async def worker(session: aiohttp.ClientSession, method: str, body: dict) -> None:
        nonlocal done
        while time.monotonic() < stop_at and done < 200_000:
            async with session.post(f"{url}/{method}", data=body) as response:
                await response.read()
            done += 1

    figures = {}
    for method, body in (("getMe", {}), ("answerCallbackQuery", {"callback_query_id": "1"})):
        done, stop_at = 0, time.monotonic() + seconds
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=workers)) as s:
            await asyncio.gather(*(worker(s, method, body) for _ in range(workers)))
        figures[f"{method}_per_s"] = round(done / seconds)
    return figures


async def studybot_round(fake, settings, bot: Bot, results: dict) -> None:
    burst = await make_private(settings, fake, LEARNERS, EACH, 0)
    spread = await make_private(settings, fake, LEARNERS, EACH, 10.0)
    group = await make_group(settings, fake, MEMBERS, 2.0)
    for label, scene in (("burst", burst), ("spread", spread)):
        figures = await push_taps(fake, bot, scene, wait_edits=len(scene.taps))
        figures["answers_recorded"] = await answers_recorded(settings, scene.instances)
        results.setdefault(label, []).append(figures)
        print(bot.label, label, json.dumps(figures), flush=True)
    figures = await group_taps(fake, bot, group, studybot=True)
    figures["answers_recorded"] = await answers_recorded(settings, group.instances)
    results.setdefault("group", []).append(figures)
    print(bot.label, "group", json.dumps(figures), flush=True)
    figures = await quiz_burst(fake, bot)
    results.setdefault("quiz", []).append(figures)
    print(bot.label, "quiz", json.dumps(figures), flush=True)
    results.setdefault("scenes", []).append((burst, spread, group))


async def reference_round(fake, bot: Bot, scenes, results: dict) -> None:
    burst, spread, group = scenes
    for label, scene in (("burst", burst), ("spread", spread)):
        figures = await push_taps(fake, bot, scene, wait_edits=0)
        results.setdefault(label, []).append(figures)
        print(bot.label, label, json.dumps(figures), flush=True)
    figures = await group_taps(fake, bot, group, studybot=False)
    results.setdefault("group", []).append(figures)
    print(bot.label, "group", json.dumps(figures), flush=True)


async def main(args) -> dict:
    global LEARNERS, EACH, MEMBERS, ASKERS
    if args.quick:
        LEARNERS, EACH, MEMBERS, ASKERS = 20, 3, 20, 20
    fake = RemoteTapsApi()
    await fake.start()
    out: dict = {"fake_ceiling": await ceiling(fake)}
    print("fake ceiling", json.dumps(out["fake_ceiling"]), flush=True)
    python = sys.executable
    base = {"TELEGRAM_API_BASE_URL": fake.base_url, "TELEGRAM_BOT_TOKEN": fake.token}
    urls = [] if args.no_sqlite else [("sqlite", f"sqlite:///{ROOT / 'bench-taps.db'}")]
    if args.postgres:
        urls.append(("postgresql", args.postgres))
    try:
        for db_label, url in urls:
            await reset(url)
            settings = load_settings(
                database_url=url, telegram_bot_token=fake.token, telegram_webhook_url=None
            )
            env = {**base, "DATABASE_URL": url}
            study = Bot(
                f"studybot-{db_label}", [str(Path(python).with_name("studybot")), "run"], env
            )
            mine: dict = {}
            refs: dict[str, dict] = {}
            for _ in range(args.rounds):
                await study.start(fake)
                try:
                    await studybot_round(fake, settings, study, mine)
                finally:
                    await study.stop()
                for transport in ("aiohttp", "httpx"):
                    ref = Bot(
                        f"reference-{transport}",
                        [
                            python,
                            str(ROOT / "bench/reference_bot.py"),
                            fake.base_url,
                            fake.token,
                            transport,
                        ],
                        {},
                    )
                    await ref.start(fake)
                    try:
                        scenes = mine["scenes"][-1]
                        await reference_round(fake, ref, scenes, refs.setdefault(transport, {}))
                    finally:
                        await ref.stop()
            mine.pop("scenes")
            out[db_label] = {"studybot": mine, "reference": refs}
    finally:
        await fake.stop()
    return out


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--postgres", help="a PostgreSQL URL for a database this bench may wipe")
    p.add_argument("--no-sqlite", action="store_true", help="only the PostgreSQL half")
    p.add_argument("--json", help="write every figure to this file")
    p.add_argument("--quick", action="store_true", help="a tenth of the people, to try it out")
    return p


if __name__ == "__main__":
    arguments = parser().parse_args()
    result = asyncio.run(main(arguments))
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
