"""Drawing off the event loop: pictures are drawn in a worker process of their own (started on
the first picture, then reused), so the bot keeps answering everyone else while matplotlib
works, and matplotlib's memory lives in that process only.

Hand-written rather than a multiprocessing pool: a spawned pool worker re-imports the main
module, which for `studybot` is the whole bot (database layer, adapters), and that more than
doubled the worker's memory. This worker imports the drawing module and matplotlib, nothing
else (bot/pictures/worker.py). One request at a time; a worker that dies is started again for
the next picture.
"""

from __future__ import annotations

import asyncio
import logging
import pickle
import sys
from concurrent.futures import Executor

from bot.engine.progress_views import ProgressReport
from bot.pictures import progress

log = logging.getLogger(__name__)


class PictureError(RuntimeError):
    """The picture could not be drawn (the worker failed or died)."""


class Painter:
    def __init__(self, executor: Executor | None = None) -> None:
        # An executor draws in this process instead (bench/progress.py compares a thread).
        self._executor = executor
        self._worker: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    async def progress(self, report: ProgressReport, lang: str) -> bytes:
        """The progress picture as PNG bytes."""
        if self._executor is not None:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(self._executor, progress.render, report, lang)
            except Exception as exc:
                log.exception("pictures: drawing failed")
                raise PictureError("drawing failed") from exc
        return await self._draw("progress", report, lang)

    @property
    def worker_pid(self) -> int | None:
        return self._worker.pid if self._worker is not None else None

    async def _draw(self, *request: object) -> bytes:
        payload = pickle.dumps(request)
        async with self._lock:
            worker = await self._running()
            try:
                assert worker.stdin is not None and worker.stdout is not None
                worker.stdin.write(len(payload).to_bytes(4, "big") + payload)
                await worker.stdin.drain()
                head = await worker.stdout.readexactly(5)
                body = await worker.stdout.readexactly(int.from_bytes(head[1:], "big"))
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                self._worker = None
                raise PictureError("the drawing process stopped") from exc
        if head[0] != 0:
            log.error("pictures: drawing failed:\n%s", body.decode(errors="replace"))
            raise PictureError("drawing failed")
        return body

    async def _running(self) -> asyncio.subprocess.Process:
        if self._worker is None or self._worker.returncode is not None:
            self._worker = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.pictures.worker",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
        return self._worker

    async def aclose(self) -> None:
        """Let the worker finish and exit (it stops when its input closes)."""
        worker, self._worker = self._worker, None
        if worker is None or worker.returncode is not None:
            return
        assert worker.stdin is not None
        worker.stdin.close()
        try:
            await asyncio.wait_for(worker.wait(), 5)
        except TimeoutError:
            worker.kill()
            await worker.wait()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False)
        worker, self._worker = self._worker, None
        if worker is not None and worker.returncode is None:
            worker.kill()
