"""Outgoing-request pacing within Telegram's flood limits, and retries that honour 429s.

PTB's AIORateLimiter paces the overall rate and groups but not single private chats, so this
limiter keeps a sliding window per key: overall, each group, and each private chat. Sleep and
time are injectable so tests run a 429 storm without waiting for real.

Only messages are paced (the methods that send or edit one). Everything else goes at once:
above all answerCallbackQuery, which stops the spinner on the button a person just tapped and
is not a message, so it must never queue behind the edits of other taps.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.adapters.pacing import SlidingWindows, Window

log = logging.getLogger(__name__)


OVERALL = Window(30, 1.0)
# The share of the overall limit used. Arrival jitter is absorbed by counting messages in
# flight (_depart); this covers Telegram counting in ways we cannot see.
SAFETY = 0.98
GROUP = Window(20, 60.0)
# "About one message per second" per chat, allowing the short bursts a reply sequence needs.
PRIVATE = Window(3, 3.0)
# The methods Telegram counts as messages; sendChatAction only shows "typing…".
MESSAGE_METHODS = ("send", "edit", "copy", "forward")
NOT_MESSAGES = frozenset({"sendchataction"})


def is_message(endpoint: str) -> bool:
    """Whether a Bot API method sends or edits a message (and so is paced)."""
    name = endpoint.lower()
    return name.startswith(MESSAGE_METHODS) and name not in NOT_MESSAGES


class TelegramLimiter(BaseRateLimiter[int]):
    def __init__(
        self,
        *,
        overall: Window = OVERALL,
        # 429 means "wait, then send": give up only after a long storm, never after a short one.
        max_retries: int = 20,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.overall = overall
        self.max_retries = max_retries
        self._sleep = sleep
        self._clock = clock
        self._windows = SlidingWindows()
        # A 429 on a private chat's message means the overall limit: every message waits.
        # A group's 429 is its own 20 a minute: only that group waits.
        self._paused_until = 0.0
        self._chat_paused: dict[Any, float] = {}
        self._next_overall = 0.0
        self._spacing = overall.seconds / (overall.count * SAFETY)
        # As many as the even spacing fits in a second: the cap holds back only late wakers.
        self._cap = max(1, math.ceil(overall.count * SAFETY - 1e-9))
        # Sends count against the rolling second from when they leave until a second after their
        # answer came back: Telegram counts each one at some instant between the two.
        self._in_flight = 0
        self._answered: deque[float] = deque()
        self._freed: asyncio.Future[None] | None = None
        self.retries = 0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        keys = self._keys(endpoint, data)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            await self._wait_turn(keys)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                delay = exc.retry_after
                seconds = delay.total_seconds() if hasattr(delay, "total_seconds") else delay
                log.warning("Telegram said 429 on %s; retrying in %s s", endpoint, seconds)
                self.retries += 1
                await self._hold(keys, float(seconds))
            finally:
                if keys:
                    self._answered_now()
        raise AssertionError("unreachable")

    async def _hold(self, keys: list[tuple[Any, Window]], seconds: float) -> None:
        """After a 429: hold what it applies to, never the requests that are not messages."""
        until = self._clock() + seconds
        if not keys:
            await self._sleep(seconds)  # this request alone tries again
        elif keys[0][1] is GROUP:
            chat = keys[0][0]
            self._chat_paused[chat] = max(self._chat_paused.get(chat, 0.0), until)
        else:
            self._paused_until = max(self._paused_until, until)

    def _keys(self, endpoint: str, data: dict[str, Any]) -> list[tuple[Any, Window]]:
        chat_id = data.get("chat_id")
        if chat_id is None or not is_message(endpoint):
            return []  # answers to button taps, commands menu, polling: not messages
        keys: list[tuple[Any, Window]] = []
        try:
            is_group = int(chat_id) < 0
        except (TypeError, ValueError):
            is_group = True  # "@channelname"
        keys.append((("chat", str(chat_id)), GROUP if is_group else PRIVATE))
        return keys

    async def _wait_turn(self, keys: list[tuple[Any, Window]]) -> None:
        if not keys:
            return
        await self._wait_out_pause(keys)
        now = self._clock()
        # Messages leave evenly spaced, a little under the overall limit: a burst of N at
        # once would arrive bunched up and still trip the server's own rolling second.
        at = self._windows.reserve(keys, max(now, self._next_overall))
        self._next_overall = at + self._spacing
        if at > now:
            await self._sleep(at - now)
            # A 429 may have come back while this one waited for its turn.
            await self._wait_out_pause(keys)
        await self._depart()

    async def _depart(self) -> None:
        # Turns are booked ahead and arrivals jitter: a stalled loop or a slow connection lets
        # sends that left in one second arrive in the next. Counting every send from departure
        # until a second after its answer keeps each of Telegram's rolling seconds under the cap
        # wherever in between it was counted.
        window = self.overall.seconds
        while True:
            now = self._clock()
            while self._answered and self._answered[0] + window <= now:
                self._answered.popleft()
            if self._in_flight + len(self._answered) < self._cap:
                self._in_flight += 1
                return
            if self._answered:
                await self._sleep(self._answered[0] + window - now)
                continue
            if self._freed is None or self._freed.done():
                self._freed = asyncio.get_running_loop().create_future()
            await asyncio.shield(self._freed)

    def _answered_now(self) -> None:
        self._in_flight -= 1
        self._answered.append(self._clock())
        if self._freed is not None and not self._freed.done():
            self._freed.set_result(None)

    async def _wait_out_pause(self, keys: list[tuple[Any, Window]]) -> None:
        chat = keys[0][0]
        while (now := self._clock()) < (
            until := max(self._paused_until, self._chat_paused.get(chat, 0.0))
        ):
            await self._sleep(until - now)
        self._chat_paused.pop(chat, None)
