"""Monotonic time for the adapters' pacers: sleeping moves it on, instantly."""

from __future__ import annotations


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
