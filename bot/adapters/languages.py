"""The learners' chosen interface languages, remembered briefly by an adapter.

Every reply needs the learner's language. Looking it up costs a database transaction per
update; a tap gets it back with its answer, and a command finds it here when the same person
was seen in the last minute. A choice made in this process is remembered at once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from bot.engine.views import LearnerRef

TTL = 60.0
KEEP = 10_000

Lookup = Callable[[LearnerRef], Awaitable[str | None]]


class Languages:
    def __init__(
        self, lookup: Lookup, *, ttl: float = TTL, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._clock = clock
        self._known: dict[tuple[str, str, str], tuple[float, str | None]] = {}

    @staticmethod
    def _key(learner: LearnerRef) -> tuple[str, str, str]:
        return (learner.platform, learner.workspace, learner.user_id)

    async def chosen(self, learner: LearnerRef) -> str | None:
        """The learner's chosen language (None: never chose), from memory when recent."""
        known = self._known.get(self._key(learner))
        if known is not None and self._clock() - known[0] < self._ttl:
            return known[1]
        language = await self._lookup(learner)
        self.remember(learner, language)
        return language

    def remember(self, learner: LearnerRef, language: str | None) -> None:
        if len(self._known) >= KEEP:
            self._known.clear()  # only people seen in the last minute are worth keeping
        self._known[self._key(learner)] = (self._clock(), language)
