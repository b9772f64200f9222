"""Retrying the Bot API calls a person waits for when Telegram fails for a moment.

A 5xx, a timeout or a dropped connection on answerCallbackQuery, sendMessage or editMessageText
would otherwise lose the reply: the answer is stored, but the person never sees its result.
These calls are retried with backoff for a bounded time, at the transport (a BaseRequest), so
PTB still builds every request and turns the final answer into its own errors. PTB retries
nothing but the polling loop itself; the rate limiter (limits.py) handles 429s, not these.
Sleep and clock are injectable so tests run a 500 storm without waiting for real.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.adapters.telegram.aiohttp_request import AiohttpRequest

log = logging.getLogger(__name__)

RETRIED = frozenset({"answerCallbackQuery", "sendMessage", "editMessageText"})
# Long enough to outlast a short outage, short enough that a reply still makes sense.
BUDGET = 20.0  # seconds
NOT_MODIFIED = b"message is not modified"
EDITED = (200, json.dumps({"ok": True, "result": True}).encode())


class Backoff:
    """Delays of first, 2×first, 4×first … up to most; reset() after a success."""

    def __init__(self, first: float = 0.5, most: float = 8.0) -> None:
        self.first = first
        self.most = most
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self.most, delay * 2)
        return delay

    def reset(self) -> None:
        self._next = self.first


class RetryingRequest(AiohttpRequest):
    def __init__(
        self,
        *,
        budget: float = BUDGET,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.budget = budget
        self._sleep = sleep
        self._clock = clock
        self.retried = 0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        call = super().do_request
        args = (url, method, request_data, read_timeout, write_timeout, connect_timeout)
        if endpoint not in RETRIED:
            return await call(*args, pool_timeout)
        deadline = self._clock() + self.budget
        backoff = Backoff()
        attempt = 0
        error: Exception | None = None
        while True:
            attempt += 1
            try:
                status, body = await call(*args, pool_timeout)
            except (TimedOut, NetworkError) as exc:
                error, failure = exc, str(exc) or type(exc).__name__
            else:
                error = None
                if status < 500:
                    if attempt > 1 and status == 400 and NOT_MODIFIED in body:
                        return EDITED  # an earlier attempt that timed out had made the edit
                    return status, body
                failure = f"HTTP {status}"
            delay = backoff.next()
            if self._clock() + delay > deadline:
                log.warning("telegram: %s failed (%s); giving up", endpoint, failure)
                if error is not None:
                    raise error
                return status, body
            log.warning("telegram: %s failed (%s); retrying", endpoint, failure)
            self.retried += 1
            await self._sleep(delay)
