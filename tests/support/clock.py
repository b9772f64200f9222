"""Monotonic time for the adapters' pacers: sleeping moves it on, instantly."""

from __future__ import annotations

import asyncio
import heapq
import itertools


class FakeTime:
    """Monotonic time and sleep for a limiter or outbox: sleeping moves time on, instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class ManualTime:
    """Monotonic time that stands still until the test moves it: a sleeper wakes only when
    `advance` passes its wake-up time, so a test sees what happens before any wait is over."""

    def __init__(self) -> None:
        self.now = 1000.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), future))
        await future

    @property
    def sleeping(self) -> int:
        return sum(1 for *_, future in self._sleepers if not future.done())

    async def advance(self, seconds: float) -> None:
        """Move time on, waking each sleeper in turn at its own instant."""
        end = self.now + seconds
        for _ in range(20):  # first, whoever is about to sleep gets to
            await asyncio.sleep(0)
        while self._sleepers and self._sleepers[0][0] <= end:
            at, _, future = heapq.heappop(self._sleepers)
            self.now = max(self.now, at)
            if not future.done():
                future.set_result(None)
            for _ in range(20):  # let the woken one run until it sleeps or sends
                await asyncio.sleep(0)
        self.now = end
