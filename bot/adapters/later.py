"""Work that follows an acknowledgement: run it without holding up the next update.

A tap is acknowledged as soon as its answer is recorded; the message edit that shows the
result waits its turn in the outgoing pacing. Awaiting it in the handler would make the next
tap of the same chat (handled in order) wait for that pacing too. asyncio offers tasks but
keeps no reference to them and reports their failures only when collected, so this keeps both.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class Later:
    """Background sends: started in order, failures reported through `failed`."""

    def __init__(self, failed: Callable[[BaseException], None] | None = None) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._failed = failed or (lambda exc: log.error("background send failed", exc_info=exc))

    def run(self, work: Coroutine[Any, Any, object]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._failed(task.exception())

    async def settled(self, timeout: float | None = None) -> None:
        """Wait for the work started so far (at most `timeout` s, then cancel what is left)."""
        if not self._tasks:
            return
        tasks = list(self._tasks)
        _done, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)
