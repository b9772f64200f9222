"""The real PTB Application wired to the engine, talking to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.config import load_settings
from tests.fakes.telegram_api import Call, FakeBotApi


class FakeTime:
    """Monotonic time and sleep for the limiter: sleeping moves time on, instantly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class Conversation:
    """One person in one chat: send a line or tap a button, get what the bot did back."""

    def __init__(self, fake: FakeBotApi, user, chat) -> None:
        self.fake, self.user, self.chat = fake, user, chat

    def _count(self, method: str) -> int:
        return len(self.fake.sent(method, self.chat.id))

    async def send(self, text: str, method: str = "sendMessage") -> Call:
        before = self._count(method)
        self.fake.send_text(self.user, self.chat, text)
        return (await self.fake.wait_for(method, before + 1, chat_id=self.chat.id))[-1]

    async def tap(self, message_id: int, data: str) -> Call:
        """Tap a button; returns the answerCallbackQuery call for that tap."""
        before = len(self.fake.sent("answerCallbackQuery"))
        self.fake.tap(self.user, self.chat, message_id, data)
        return (await self.fake.wait_for("answerCallbackQuery", before + 1))[-1]

    async def wait(self, method: str, count_after: int) -> Call:
        return (await self.fake.wait_for(method, count_after, chat_id=self.chat.id))[-1]


def buttons(call: Call) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def message_id(call: Call) -> int:
    return call.result["message_id"]


@pytest.fixture
async def fake():
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def telegram_settings(fake, monkeypatch):
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return load_settings(telegram_bot_token=fake.token, telegram_api_base_url=fake.base_url)


@pytest.fixture
async def adapter(telegram_settings, engine, fake_time):
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    bot = TelegramAdapter(telegram_settings, engine, limiter=limiter, poll_timeout=1)
    await bot.start()
    yield bot
    await bot.stop()


@pytest.fixture
def ann(fake):
    user = fake.user(11, "Ann", language_code="ja")
    return Conversation(fake, user, fake.private_chat(user))
