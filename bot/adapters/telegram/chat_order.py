"""Updates of different chats handled side by side, each chat's strictly in order.

PTB's concurrent_updates either handles one update at a time or any number at once in any
order; neither fits a bot where a group's answer count must never go backwards and a double
tap must be seen in the order it was made. BaseUpdateProcessor is PTB's hook for this.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates in the queue cost little; the bound is on those being handled at once, which hold a
# database turn, a connection and memory each.
HANDLING = 64
# PTB's own semaphore is held while an update waits for its chat; were it the bound, one busy
# chat could fill every slot and stall all the others. So PTB's is wide and ours is inside.
_QUEUED = 1_000_000


class ChatOrderedProcessor(BaseUpdateProcessor):
    """One update per chat at a time, in arrival order; at most `handling` in all."""

    def __init__(self, handling: int = HANDLING) -> None:
        super().__init__(_QUEUED)
        self.handling = handling
        self._bound = asyncio.BoundedSemaphore(handling)
        # chat key -> (its lock, how many updates hold or wait for it)
        self._chats: dict[Any, tuple[asyncio.Lock, int]] = {}

    @staticmethod
    def key(update: object) -> Any:
        """The chat an update belongs to; updates without one are ordered by their sender."""
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return ("chat", update.effective_chat.id)
            if update.effective_user is not None:
                return ("user", update.effective_user.id)
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = self.key(update)
        if key is None:
            async with self._bound:
                await coroutine
            return
        lock, users = self._chats.get(key) or (asyncio.Lock(), 0)
        self._chats[key] = (lock, users + 1)
        try:
            async with lock, self._bound:
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]  # forget idle chats
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
