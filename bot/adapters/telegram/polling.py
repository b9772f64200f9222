"""Reading updates from Telegram without letting one unreadable update stop the bot.

python-telegram-bot parses a whole getUpdates batch at once (Update.de_list): one update it
cannot parse (a `poll` lacking a field PTB requires, as a self-hosted or older Bot API server may
send) fails the batch, and PTB's Updater fetches the same batch again at once, for ever, with
nothing after it ever answered. It also retries polling errors after a real asyncio.sleep that a
test cannot drive. So updates are parsed one by one here (an unreadable one is logged once by
its id and skipped), and `Poller` is the polling loop, with backoff and an injectable sleep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from telegram import Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.adapters.telegram.retry import Backoff

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def parse_update(data: object, bot: ExtBot | None) -> Update | None:
    """The update, or None (logged with its id and the reason) when PTB cannot read it."""
    try:
        update = Update.de_json(data, bot)  # type: ignore[arg-type]
        if update is None:
            raise ValueError("empty update")
        return update
    except Exception as exc:  # PTB raises whatever its constructors raise (TypeError, KeyError)
        update_id = data.get("update_id") if isinstance(data, dict) else None
        log.warning("telegram: skipping update %s that cannot be read: %r", update_id, exc)
        return None


def update_id_of(data: object) -> int | None:
    value = data.get("update_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class TolerantBot(ExtBot):
    """An ExtBot whose get_updates parses update by update.

    An unreadable update comes back as an empty Update with its id (no handler matches it), so
    whoever confirms offsets from the last update's id still moves past it.
    """

    async def get_updates(  # type: ignore[override]
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: float | timedelta | None = None,
        allowed_updates: Sequence[str] | None = None,
        **kwargs: object,
    ) -> tuple[Update, ...]:
        seconds = timeout.total_seconds() if isinstance(timeout, timedelta) else timeout or 0
        # As Bot.get_updates: a long poll needs the poll's own time on top of the read timeout.
        read_timeout = (self._request[0].read_timeout or 0) + seconds
        result = await self._post(
            "getUpdates",
            {
                "timeout": timeout,
                "offset": offset,
                "limit": limit,
                "allowed_updates": allowed_updates,
            },
            read_timeout=read_timeout,
        )
        if not isinstance(result, list):
            raise NetworkError(f"getUpdates answered {type(result).__name__}, not a list")
        updates = []
        for data in result:
            update = parse_update(data, self)
            if update is None:
                update_id = update_id_of(data)
                if update_id is None:
                    continue  # nothing to confirm it by; the next readable update moves on
                update = Update(update_id=update_id)
            self.insert_callback_data(update)
            updates.append(update)
        return tuple(updates)


def is_empty(update: Update) -> bool:
    """A stand-in for an update that could not be read."""
    return (
        update.effective_message is None
        and update.callback_query is None
        and not (update.to_dict().keys() - {"update_id"})
    )


class Poller:
    """Long-polls getUpdates into the Application's queue; failures back off, never stop it."""

    def __init__(
        self,
        bot: ExtBot,
        queue: asyncio.Queue,
        *,
        timeout: int,
        allowed_updates: Sequence[str] | None = None,
        sleep: Sleep = asyncio.sleep,
        backoff: Backoff | None = None,
    ) -> None:
        self.bot = bot
        self.queue = queue
        self.timeout = timeout
        self.allowed_updates = allowed_updates
        self.sleep = sleep
        self.backoff = backoff or Backoff(first=1.0, most=30.0)
        self.offset = 0
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="telegram-poller")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        # Confirm what was fetched, so a restart does not get it again.
        with contextlib.suppress(TelegramError):
            await self.bot.get_updates(offset=self.offset, timeout=0, limit=1)

    async def _run(self) -> None:
        while True:
            delay = await self.poll_once()
            if delay:
                await self.sleep(delay)

    async def poll_once(self) -> float:
        """One getUpdates; returns how long to wait before the next."""
        try:
            updates = await self.bot.get_updates(
                offset=self.offset, timeout=self.timeout, allowed_updates=self.allowed_updates
            )
        except RetryAfter as exc:
            delay = exc.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            log.warning("telegram: getUpdates flood-limited; waiting %.0f s", seconds)
            return seconds + 0.5
        except Exception as exc:  # a network fault, a 5xx, a broken answer: none stops polling
            delay = self.backoff.next()
            log.warning("telegram: getUpdates failed (%s); retrying in %.1f s", exc, delay)
            return delay
        self.backoff.reset()
        for update in updates:
            if not is_empty(update):
                await self.queue.put(update)
        if updates:
            self.offset = updates[-1].update_id + 1
        return 0.0
