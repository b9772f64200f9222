"""Drawing off the event loop: pictures are drawn in a worker process, so the bot keeps
answering everyone else while matplotlib works, and matplotlib's memory lives in that process.

The worker is started on the first picture ("spawn": a fresh interpreter, nothing of the bot's
event loop, threads or connections is copied into it) and then reused.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor

from bot.engine.progress_views import ProgressReport
from bot.pictures import progress


class Painter:
    def __init__(self, executor: Executor | None = None, *, workers: int = 1) -> None:
        self._executor = executor
        self._workers = workers

    def _pool(self) -> Executor:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(self._workers, mp_context=context)
        return self._executor

    async def progress(self, report: ProgressReport, lang: str) -> bytes:
        """The progress picture as PNG bytes."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), progress.render, report, lang)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
