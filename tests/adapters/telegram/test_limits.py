"""The Telegram rate limiter: even spacing, per-chat windows, 429 pauses, a rolling second
that stays under the limit however late senders wake or their requests arrive, and
acknowledgements of taps that never wait for any of it."""

from __future__ import annotations

import asyncio
import heapq
import itertools

import pytest
from telegram.error import RetryAfter

from bot.adapters.pacing import SlidingWindows, Window
from bot.adapters.telegram.limits import GROUP, PRIVATE, SAFETY, TelegramLimiter
from tests.support.clock import ManualTime


def test_windows_pace_overall_rate():
    windows = SlidingWindows()
    overall = Window(30, 1.0)
    times = [windows.reserve([("overall", overall)], now=0.0) for _ in range(61)]
    assert times[:30] == [0.0] * 30
    assert times[30] == 1.0 and times[59] == 1.0 and times[60] == 2.0


def test_windows_pace_each_private_chat_and_group():
    windows = SlidingWindows()
    chat = [("chat", PRIVATE)]
    assert [windows.reserve(chat, 0.0) for _ in range(4)] == [0.0, 0.0, 0.0, 3.0]
    group = [("group", GROUP)]
    times = [windows.reserve(group, 10.0) for _ in range(21)]
    assert times[19] == 10.0 and times[20] == 70.0
    # Another chat is not held back by the first one.
    assert windows.reserve([("other", PRIVATE)], 0.0) == 0.0


async def test_limiter_spaces_messages_evenly_under_the_limit(fake_time):
    limiter = TelegramLimiter(
        overall=Window(30, 1.0), sleep=fake_time.sleep, clock=fake_time.clock
    )
    sent_at: list[float] = []

    async def send() -> bool:
        sent_at.append(fake_time.now)
        return True

    for chat in range(61):  # one message each to 61 different people
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat + 1}, None)
    gaps = [b - a for a, b in itertools.pairwise(sent_at)]
    assert min(gaps) >= 1 / 30  # never faster than the limit, not even in a burst
    # Any rolling second holds at most 30 (a little under: 0.98 of the limit is used).
    assert all(sum(1 for t in sent_at if s <= t < s + 1) <= 30 for s in sent_at)
    assert sent_at[-1] - sent_at[0] == pytest.approx(60 / (30 * SAFETY))


async def test_limiter_keeps_a_private_chat_near_one_a_second(fake_time):
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    sent_at: list[float] = []

    async def send() -> bool:
        sent_at.append(fake_time.now)
        return True

    for _ in range(5):
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 5}, None)
    # Three close together, then the fourth waits until three seconds after the first.
    assert sent_at[3] - sent_at[0] == pytest.approx(3.0)


async def test_a_send_honours_a_pause_in_force(fake_time):
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    limiter._paused_until = fake_time.now + 5  # as a 429 elsewhere would set it
    sent_at: list[float] = []

    async def send() -> bool:
        sent_at.append(fake_time.now)
        return True

    await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 9}, None)
    assert sent_at == [pytest.approx(1005.0)]


class StallingTime:
    """Virtual time shared by many concurrent senders; now and then the loop 'stalls' and
    everyone whose turn passed meanwhile wakes at the same instant, as on a busy event loop."""

    def __init__(self, stall: float, every: int) -> None:
        self.now = 0.0
        self.stall, self.every = stall, every
        self._sleepers: list[tuple[float, int, asyncio.Future]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), future))
        await future

    async def run_until(self, done) -> None:
        for step in itertools.count(1):
            for _ in range(20):  # let every woken sender run until it sleeps again
                await asyncio.sleep(0)
            if done():
                return
            self.now = max(self.now, self._sleepers[0][0])
            if step % self.every == 0:
                self.now += self.stall
            while self._sleepers and self._sleepers[0][0] <= self.now:
                heapq.heappop(self._sleepers)[2].set_result(None)


async def test_late_wakeups_never_bunch_past_the_limit():
    time = StallingTime(stall=0.2, every=7)
    limiter = TelegramLimiter(overall=Window(30, 1.0), sleep=time.sleep, clock=time.clock)
    sent_at: list[float] = []

    async def send() -> bool:
        sent_at.append(time.now)
        return True

    senders = [
        asyncio.create_task(
            limiter.process_request(send, (), {}, "sendMessage", {"chat_id": n + 1}, None)
        )
        for n in range(150)
    ]
    await time.run_until(lambda: len(sent_at) == 150)
    await asyncio.gather(*senders)
    # Stalls of 200 ms wake several senders together; still no rolling second holds over 30.
    assert max(sum(1 for t in sent_at if s <= t < s + 1) for s in sent_at) <= 30
    assert sent_at[-1] - sent_at[0] < 150 / 30 * 1.1  # and the rate is kept up


def busiest_second(times: list[float]) -> int:
    return max(sum(1 for t in times if s <= t < s + 1) for s in times)


async def test_requests_that_arrive_late_do_not_push_a_second_past_the_limit():
    time = StallingTime(stall=0.0, every=10**9)
    limiter = TelegramLimiter(overall=Window(30, 1.0), sleep=time.sleep, clock=time.clock)
    arrived: list[float] = []

    async def send(n: int) -> bool:
        # The first messages sit 0.4 s on a slow connection; all later ones arrive at once.
        # Telegram counts each when it arrives, so the slow ones land in the next second.
        if n < 10:
            await time.sleep(0.4)
        arrived.append(time.now)
        return True

    senders = [
        asyncio.create_task(
            limiter.process_request(send, (n,), {}, "sendMessage", {"chat_id": n + 1}, None)
        )
        for n in range(120)
    ]
    await time.run_until(lambda: len(arrived) == 120)
    await asyncio.gather(*senders)
    assert busiest_second(arrived) <= 30
    assert arrived[-1] - arrived[0] < 120 / 30 * 1.1  # the slow start costs little


def paced_calls(time: ManualTime, log: list[tuple[str, float]]):
    async def call(name: str) -> bool:
        log.append((name, time.now))
        return True

    return call


async def test_an_acknowledgement_never_waits_behind_paced_edits():
    time = ManualTime()
    limiter = TelegramLimiter(sleep=time.sleep, clock=time.clock)
    log: list[tuple[str, float]] = []
    call = paced_calls(time, log)
    group = {"chat_id": -1001, "message_id": 5}
    edits = [
        asyncio.create_task(
            limiter.process_request(call, ("edit",), {}, "editMessageText", group, None)
        )
        for _ in range(GROUP.count + 5)  # more than the group may take this minute
    ]
    await asyncio.sleep(0)
    ack = {"callback_query_id": "42", "text": "✅", "show_alert": True}
    await limiter.process_request(call, ("ack",), {}, "answerCallbackQuery", ack, None)
    assert ("ack", 1000.0) in log  # at once, while edits still wait for the next minute
    assert sum(1 for name, _ in log if name == "edit") < len(edits)
    await time.advance(61)
    await asyncio.gather(*edits)


async def test_a_429_on_a_group_edit_delays_that_group_only():
    time = ManualTime()
    limiter = TelegramLimiter(sleep=time.sleep, clock=time.clock)
    log: list[tuple[str, float]] = []
    refused = [True]

    async def edit() -> bool:
        if refused.pop() if refused else False:
            raise RetryAfter(30)
        log.append(("edit", time.now))
        return True

    call = paced_calls(time, log)
    group = {"chat_id": -1001, "message_id": 5}
    held = asyncio.create_task(
        limiter.process_request(edit, (), {}, "editMessageText", group, None)
    )
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    # Everything else goes on: acknowledgements, other chats' messages.
    ack = {"callback_query_id": "43"}
    await limiter.process_request(call, ("ack",), {}, "answerCallbackQuery", ack, None)
    other = {"chat_id": 77, "text": "hi"}
    private = asyncio.create_task(
        limiter.process_request(call, ("private",), {}, "sendMessage", other, None)
    )
    await time.advance(0.1)  # its even spacing after the refused edit
    await private
    assert log == [("ack", 1000.0), ("private", pytest.approx(1000.0, abs=0.1))]
    assert not held.done()
    await time.advance(31)
    assert await held
    assert log[-1] == ("edit", pytest.approx(1030.0))


async def test_a_429_on_a_private_message_holds_every_message_but_not_acknowledgements():
    time = ManualTime()
    limiter = TelegramLimiter(sleep=time.sleep, clock=time.clock)
    log: list[tuple[str, float]] = []
    refused = [True]

    async def send() -> bool:
        if refused.pop() if refused else False:
            raise RetryAfter(5)
        log.append(("first", time.now))
        return True

    call = paced_calls(time, log)
    first = asyncio.create_task(
        limiter.process_request(send, (), {}, "sendMessage", {"chat_id": 1}, None)
    )
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    second = asyncio.create_task(
        limiter.process_request(call, ("second",), {}, "sendMessage", {"chat_id": 2}, None)
    )
    ack = {"callback_query_id": "44"}
    await limiter.process_request(call, ("ack",), {}, "answerCallbackQuery", ack, None)
    assert log == [("ack", 1000.0)]
    await time.advance(6)
    await asyncio.gather(first, second)
    assert {name for name, at in log if at >= 1005.0} == {"first", "second"}
