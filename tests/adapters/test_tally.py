"""Coalesced answer counts: few edits however many taps, always ending on the true count."""

from __future__ import annotations

import asyncio
import itertools

from bot.adapters.tally import Tallies
from tests.support.clock import ManualTime


class Shown:
    """What each message shows, and when every edit went out."""

    def __init__(self, time: ManualTime) -> None:
        self.time = time
        self.edits: list[tuple[str, int, float]] = []

    def edit(self, key: str, count: int):
        async def run() -> None:
            self.edits.append((key, count, self.time.now))

        return run

    def counts(self, key: str) -> list[int]:
        return [count for k, count, _ in self.edits if k == key]


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def test_two_hundred_taps_make_a_few_edits_that_end_on_the_true_count():
    time = ManualTime()
    tallies = Tallies(interval=3.0, sleep=time.sleep, clock=time.clock)
    shown = Shown(time)
    start = time.now
    for count in range(1, 201):  # 200 taps over 2 s
        tallies.show("q", count, shown.edit("q", count))
        await settle()
        await time.advance(0.01)
    await time.advance(10)
    await tallies.settled()
    counts = shown.counts("q")
    assert counts[0] == 1  # the first tap shows at once
    assert counts[-1] == 200
    assert counts == sorted(counts)  # never backwards
    assert len(counts) <= 3
    times = [t for _, _, t in shown.edits]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(times))
    assert times[-1] - start <= 2 + 3  # the last count is up within one interval


async def test_a_steady_stream_stays_within_twenty_edits_a_minute():
    time = ManualTime()
    tallies = Tallies(interval=3.0, sleep=time.sleep, clock=time.clock)
    shown = Shown(time)
    start = time.now
    for count in range(1, 601):  # ten taps a second for a minute
        tallies.show("q", count, shown.edit("q", count))
        await settle()
        await time.advance(0.1)
    await time.advance(5)
    await tallies.settled()
    first_minute = [t for _, _, t in shown.edits if t < start + 60]
    assert len(first_minute) <= 20
    assert shown.counts("q")[-1] == 600


async def test_an_older_count_never_replaces_a_newer_one():
    time = ManualTime()
    tallies = Tallies(sleep=time.sleep, clock=time.clock)
    shown = Shown(time)
    tallies.show("q", 5, shown.edit("q", 5))
    tallies.show("q", 3, shown.edit("q", 3))  # handled later, counted earlier
    await settle()
    await time.advance(10)
    await tallies.settled()
    assert shown.counts("q") == [5]


async def test_a_stuck_edit_holds_back_only_its_own_message():
    time = ManualTime()
    tallies = Tallies(sleep=time.sleep, clock=time.clock)
    shown = Shown(time)
    released = asyncio.Event()

    async def stuck() -> None:
        await released.wait()  # as an edit waiting out a 429
        shown.edits.append(("a", 1, time.now))

    tallies.show("a", 1, stuck)
    await settle()  # its edit is out, and stuck
    tallies.show("b", 1, shown.edit("b", 1))
    for count in range(2, 6):
        tallies.show("a", count, shown.edit("a", count))
    await settle()
    assert shown.counts("b") == [1]  # the other message went out at once
    released.set()
    await settle()
    await time.advance(3)
    await tallies.settled()
    assert shown.counts("a") == [1, 5]  # and the stuck one ends on its newest count


async def test_a_failed_edit_is_logged_and_the_next_count_still_goes_out(caplog):
    time = ManualTime()
    tallies = Tallies(sleep=time.sleep, clock=time.clock)
    shown = Shown(time)

    async def failing() -> None:
        raise RuntimeError("message is not modified")

    tallies.show("q", 1, failing)
    await settle()
    tallies.show("q", 2, shown.edit("q", 2))
    await time.advance(3)
    await tallies.settled()
    assert shown.counts("q") == [2]
    assert "could not show 1" in caplog.text
