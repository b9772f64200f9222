"""A shared message's answer count, edited at most once per interval and always to the newest.

When a whole group taps one question, an edit per tap would overrun the platform's per-chat
limits (Telegram: 20 messages a minute in a group; Slack: about one a second per channel) and
leave the count ever further behind. Here the first change goes out at once; changes that come
while an edit is out or too recent wait, and only the newest of them is sent. A slow or refused
edit holds back only later edits of the same message, never anything else.

Plain asyncio: the adapters' pacers book send slots but cannot drop a stale edit for a newer
one, which is the whole job here. Sleep and time are injectable for tests.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Edit = Callable[[], Awaitable[object]]
INTERVAL = 3.0  # seconds between edits of one message: 20 a minute
KEEP = 10_000  # messages remembered; only recent ones get taps


@dataclass
class _Message:
    wanted: int = 0  # the newest count asked for
    shown: int = 0  # the count of the last edit sent
    edit: Edit | None = None  # the edit that shows `wanted`
    last: float = float("-inf")  # when the last edit went out
    task: asyncio.Task | None = None


class Tallies:
    """Coalesced count edits, one worker per message while it has a change to show."""

    def __init__(
        self,
        *,
        interval: float = INTERVAL,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = interval
        self._sleep = sleep
        self._clock = clock
        self._messages: dict[Hashable, _Message] = {}
        self.edits = 0

    def show(self, key: Hashable, count: int, edit: Edit) -> None:
        """Ask for the message `key` to show `count` (by calling `edit`); older counts lose."""
        message = self._messages.get(key)
        if message is None:
            if len(self._messages) >= KEEP:
                self._forget_idle()
            message = self._messages[key] = _Message()
        if count <= message.wanted:
            return  # taps are handled side by side: a newer count was asked for already
        message.wanted, message.edit = count, edit
        if message.task is None:
            message.task = asyncio.get_running_loop().create_task(self._run(key, message))

    async def _run(self, key: Hashable, message: _Message) -> None:
        try:
            while message.wanted > message.shown:
                wait = message.last + self.interval - self._clock()
                if wait > 0:
                    await self._sleep(wait)
                count, edit = message.wanted, message.edit
                message.last = self._clock()
                message.shown = count
                assert edit is not None
                try:
                    await edit()
                    self.edits += 1
                except Exception as exc:  # a count is cosmetic; the answer is recorded
                    log.warning("tally: could not show %s on %s: %s", count, key, exc)
        finally:
            message.task = None

    async def settled(self) -> None:
        """Wait until every asked-for count has been sent (tests, shutdown)."""
        while tasks := [m.task for m in self._messages.values() if m.task is not None]:
            await asyncio.gather(*tasks, return_exceptions=True)

    def _forget_idle(self) -> None:
        for key in [k for k, m in self._messages.items() if m.task is None]:
            del self._messages[key]
