"""The fake Bot API server in a process of its own, as Telegram is not inside the bot's process.

Run by daily_fanout.py and (with --taps, bench/fake_taps.py) by taps.py. It prints
{"base_url", "token"} as one JSON line when it listens, then reads commands from stdin, one
per line:

    limit N   answer 429 above N sends in any rolling second
    report    print one JSON line: accepted send times, chat ids sent to, 429s, busy seconds
    stop      exit

and with --taps the commands that fake_taps.py lists, each answered with one JSON line.

Acceptance times are the loop's clock (CLOCK_MONOTONIC), comparable with the bot's.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fakes.telegram_api import FakeBotApi


class TimedBotApi(FakeBotApi):
    """The fake Bot API, also noting when it accepted each sendMessage and its busy time."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[float] = []
        self.busy = 0.0

    async def _handle(self, request):
        started = time.perf_counter()
        try:
            return await super()._handle(request)
        finally:
            # Long polls wait inside the handler; only count time spent on sends.
            if request.path.endswith("/sendMessage"):
                self.busy += time.perf_counter() - started

    async def _send_message(self, params: dict) -> dict:
        result = await super()._send_message(params)
        self.accepted.append(asyncio.get_running_loop().time())
        return result

    def report(self) -> dict:
        return {
            "accepted": self.accepted,
            "ok_chats": [c.params["chat_id"] for c in self.sent("sendMessage", ok=True)],
            "failed_sends": len(self.sent("sendMessage", ok=False)),
            "rejected_429": self.rejected_429,
            "busy_s": self.busy,
            "cpu_s": time.process_time(),
        }


async def main() -> None:
    if "--taps" in sys.argv:
        from fake_taps import TapsBotApi

        fake = TapsBotApi()
    else:
        fake = TimedBotApi()
    await fake.start()
    # The fake is the measuring instrument: a collector pause here would bunch the arrivals it
    # stamps and count as the bot's burst. It keeps every call, so it has little to collect.
    gc.disable()
    print(json.dumps({"base_url": fake.base_url, "token": fake.token}), flush=True)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=256 * 1024 * 1024)  # taps.py sends long lines
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := (await reader.readline()).decode().strip():
            command, _, arg = line.partition(" ")
            if command == "limit":
                fake.max_per_second = float(arg)
            elif command == "report":
                print(json.dumps(fake.report()), flush=True)
            elif command == "stop":
                break
            else:
                print(json.dumps(taps_command(fake, command, arg)), flush=True)
    finally:
        await fake.stop()


def taps_command(fake, command: str, arg: str) -> dict:
    if command == "limits":
        fake.enforce = arg == "on"
        return {"enforce": fake.enforce}
    if command == "reset":
        fake.reset()
        return {"reset": True}
    if command in ("taps_report", "progress"):
        return getattr(fake, command)()
    if command in ("scene", "taps", "texts"):
        return getattr(fake, command)(json.loads(arg))
    return {"error": f"unknown command {command!r}"}


if __name__ == "__main__":
    asyncio.run(main())
