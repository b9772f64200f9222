"""Webhook mode with its secret, /healthz, pacing within flood limits, and a 429 storm."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import socket

import aiohttp
import pytest

from bot.adapters.pacing import SlidingWindows, Window
from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import GROUP, PRIVATE, TelegramLimiter
from bot.adapters.web import WebServer
from bot.config import load_settings
from tests.adapters.telegram.conftest import Conversation


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def webhook(fake, engine, fake_time, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    port = free_port()
    settings = load_settings(
        telegram_bot_token=fake.token,
        telegram_api_base_url=fake.base_url,
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        telegram_webhook_secret="s3cret-token_1",
        host="127.0.0.1",
        port=port,
    )
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    adapter = TelegramAdapter(settings, engine, limiter=limiter)
    web = WebServer(settings.host, settings.port)
    adapter.add_routes(web)
    await web.start()
    await adapter.start()
    yield settings
    await adapter.stop()
    await web.stop()


async def test_webhook_is_registered_with_its_secret(webhook, fake):
    assert fake.webhook_url == webhook.telegram_webhook_url
    assert fake.webhook_secret == "s3cret-token_1"
    assert fake.sent("getUpdates") == []


async def test_webhook_with_the_right_secret_is_served(webhook, fake, engine):
    user = fake.user(61, "Wen")
    chat = fake.private_chat(user)
    update = fake.send_text(user, chat, "/start")
    status = await fake.post_webhook(webhook.telegram_webhook_url, update, "s3cret-token_1")
    assert status == 200
    reply = (await fake.wait_for("sendMessage", 1, chat_id=chat.id))[-1]
    assert "こんにちは、Wen さん！" in reply.params["text"]


@pytest.mark.parametrize("secret", [None, "", "wrong", "s3cret-token_2"])
async def test_webhook_without_the_right_secret_changes_nothing(webhook, fake, engine, secret):
    user = fake.user(62, "Eve")
    chat = fake.private_chat(user)
    update = fake.send_text(user, chat, "/daily 07:00")
    status = await fake.post_webhook(webhook.telegram_webhook_url, update, secret)
    assert status == 403
    # A correctly signed update afterwards is served, and the forged one left no trace.
    follow = fake.send_text(user, chat, "/help")
    assert await fake.post_webhook(webhook.telegram_webhook_url, follow, "s3cret-token_1") == 200
    await fake.wait_for("sendMessage", 1, chat_id=chat.id)
    assert len(fake.sent("sendMessage", chat.id)) == 1
    from bot.views import LearnerRef

    assert await engine.profiles.export(LearnerRef("telegram", "", "62")) == {}


async def test_webhook_rejects_malformed_json(webhook):
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            webhook.telegram_webhook_url,
            data=b"{not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_1"},
        ) as response,
    ):
        assert response.status == 400


async def test_healthz(webhook):
    url = f"http://127.0.0.1:{webhook.port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}


async def test_a_429_storm_loses_no_message(adapter, fake, fake_time):
    fake.fail_next("sendMessage", retry_after=3, times=6)
    people = [fake.user(100 + i, f"P{i}") for i in range(12)]
    for person in people:
        fake.send_text(person, fake.private_chat(person), "/help")
    delivered = await fake.wait_for("sendMessage", 12, ok=True, timeout=10)
    assert sorted(c.params["chat_id"] for c in delivered) == [p.id for p in people]
    assert len(fake.sent("sendMessage", ok=False)) == 6
    assert adapter.application.bot.rate_limiter.retries == 6
    assert 3.0 in [round(s, 3) for s in fake_time.slept]


async def test_setting_error_for_webhook_without_secret(monkeypatch):
    from bot.config import SettingsError

    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/tg")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET is required"):
        load_settings()


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
    # Any rolling second holds at most 30 (a little under: 0.97 of the limit is used).
    assert all(sum(1 for t in sent_at if s <= t < s + 1) <= 30 for s in sent_at)
    assert sent_at[-1] - sent_at[0] == pytest.approx(60 / (30 * 0.97))


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


async def test_conversation_after_the_storm_still_works(adapter, fake):
    user = fake.user(70, "Zed")
    zed = Conversation(fake, user, fake.private_chat(user))
    fake.fail_next("sendMessage", retry_after=1, times=1)
    reply = await zed.send("/stats")
    assert "回答数: 0" in reply.params["text"]


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
