"""Connecting to a platform at start-up: retried with backoff until it answers, for ever.

A platform that cannot be reached at start (no route, DNS down, a 5xx) is waited for, one log
line per attempt, while /healthz says "not ready"; `studybot run` never gives up on its own.
Only a refusal that waiting cannot mend (a rejected token) ends the start-up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.logs import every_time

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
FIRST_DELAY = 1.0
MOST_DELAY = 60.0


class StartupRefused(Exception):
    """The platform refused us for good (e.g. a rejected token): a one-line error, exit."""


async def until_connected(
    platform: str,
    connect: Callable[[], Awaitable[None]],
    *,
    transient: tuple[type[BaseException], ...],
    undo: Callable[[], Awaitable[None]],
    sleep: Sleep = asyncio.sleep,
) -> None:
    """Call connect() until it succeeds; after each transient failure, undo() and wait."""
    delay, attempt = FIRST_DELAY, 0
    while True:
        attempt += 1
        try:
            await connect()
            if attempt > 1:
                log.info("%s: connected after %d attempts", platform, attempt)
            return
        except transient as exc:
            await undo()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning(
                "%s: cannot reach the platform (%s); attempt %d, retrying in %.0f s",
                platform,
                reason,
                attempt,
                delay,
                extra=every_time(f"{platform}-connect-{attempt}"),
            )
        await sleep(delay)
        delay = min(MOST_DELAY, delay * 2)
