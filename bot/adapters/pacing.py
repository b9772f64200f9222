"""Sliding-window pacing shared by the adapters: reserve a send time within every limit."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Window:
    count: int
    seconds: float


class SlidingWindows:
    """Reserve a send time so that no key ever exceeds its window."""

    def __init__(self) -> None:
        self._sent: dict[Any, deque[float]] = {}
        self._calls = 0

    def reserve(self, keys: list[tuple[Any, Window]], now: float) -> float:
        """The earliest time ≥ now at which every key has room; it is booked at once."""
        at = now
        for key, window in keys:
            times = self._sent.get(key)
            if times is None:
                continue
            while times and times[0] <= now - window.seconds:
                times.popleft()
            if len(times) >= window.count:
                at = max(at, times[-window.count] + window.seconds)
            if times:
                at = max(at, times[-1])
        for key, _window in keys:
            self._sent.setdefault(key, deque()).append(at)
        self._calls += 1
        # Forget idle keys now and then, so a fan-out to many chats does not grow without end.
        if self._calls % 1000 == 0 and len(self._sent) > 10_000:
            self._prune(now)
        return at

    def _prune(self, now: float) -> None:
        longest = 3600.0  # longer than any window in use
        for key in [k for k, t in self._sent.items() if not t or t[-1] <= now - longest]:
            del self._sent[key]
