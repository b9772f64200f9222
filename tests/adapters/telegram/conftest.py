"""The real PTB Application wired to the engine, talking to a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.adapters.web import WebServer
from bot.config import load_settings
from tests.fakes.telegram_api import FakeBotApi
from tests.support.clock import FakeTime
from tests.support.net import free_port
from tests.support.telegram import Conversation, adapter_on


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
    bot = adapter_on(telegram_settings, engine, fake_time)
    await bot.start()
    yield bot
    await bot.stop()


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
    adapter = TelegramAdapter(
        settings, engine, limiter=limiter, sleep=fake_time.sleep, clock=fake_time.clock
    )
    web = WebServer(settings.host, settings.port)
    adapter.add_routes(web)
    await web.start()
    await adapter.start()
    yield settings
    await adapter.stop()
    await web.stop()


@pytest.fixture
def ann(fake):
    user = fake.user(11, "Ann", language_code="ja")
    return Conversation(fake, user, fake.private_chat(user))
