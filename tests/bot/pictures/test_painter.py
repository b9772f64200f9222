"""The drawing process: pictures come back as PNGs, a failed drawing is an error and not a
wedge, and a worker that died is started again for the next picture."""

from __future__ import annotations

import dataclasses
import os
import signal

import pytest

from bot.pictures.painter import Painter, PictureError
from tests.support.progress import report


@pytest.fixture
async def painter():
    p = Painter()
    yield p
    await p.aclose()


async def test_pictures_are_drawn_in_another_process(painter):
    png = await painter.progress(report(), "ja")
    assert png.startswith(b"\x89PNG")
    assert painter.worker_pid is not None and painter.worker_pid != os.getpid()


async def test_a_failed_drawing_raises_and_the_next_one_works(painter):
    broken = dataclasses.replace(report(), days=())  # no calendar to draw
    with pytest.raises(PictureError):
        await painter.progress(broken, "ja")
    assert (await painter.progress(report(), "en")).startswith(b"\x89PNG")


async def test_a_dead_worker_is_replaced(painter):
    await painter.progress(report(), "ja")
    first = painter.worker_pid
    os.kill(first, signal.SIGKILL)
    await painter._worker.wait()
    assert (await painter.progress(report(), "ja")).startswith(b"\x89PNG")
    assert painter.worker_pid not in (None, first)
