"""The real bolt AsyncApp served over HTTP on 127.0.0.1, its slack_sdk client on a fake Web API."""

from __future__ import annotations

import pytest

from bot.adapters.slack.app import SlackAdapter
from bot.adapters.web import WebServer
from bot.config import load_settings
from tests.fakes.slack_api import FakeSlackApi
from tests.support.clock import FakeTime
from tests.support.slack import SECRET, SlackWorld, populate


@pytest.fixture
async def slack_fake():
    async with FakeSlackApi() as fake:
        populate(fake)
        yield fake


@pytest.fixture
def slack_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def slack(slack_fake, engine, monkeypatch, slack_time):
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(
        slack_bot_token=slack_fake.bot_token,
        slack_signing_secret=SECRET,
        slack_api_url=slack_fake.base_url,
        host="127.0.0.1",
        port=0,
    )
    time = slack_time
    adapter = SlackAdapter(settings, engine, sleep=time.sleep, clock=time.clock)
    web = WebServer("127.0.0.1", 0)
    adapter.add_routes(web)
    await web.start()
    await adapter.start()
    yield SlackWorld(slack_fake, f"http://127.0.0.1:{web.port}/slack/events", adapter, time)
    await adapter.stop()
    await web.stop()
