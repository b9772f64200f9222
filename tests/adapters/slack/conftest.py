"""The real bolt AsyncApp served over HTTP on 127.0.0.1, its slack_sdk client on a fake Web API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from bot.adapters.slack.app import SlackAdapter
from bot.adapters.web import WebServer
from bot.config import load_settings
from tests.adapters.telegram.conftest import FakeTime
from tests.fakes.slack_api import FakeSlackApi

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0STUDY"


@dataclass
class SlackWorld:
    fake: FakeSlackApi
    url: str
    adapter: SlackAdapter
    time: FakeTime

    async def command(self, user: str, text: str = "", channel: str = CHANNEL, **kw):
        return await self.fake.command(
            self.url, SECRET, user=user, channel=channel, text=text, **kw
        )

    async def click(self, user: str, channel: str, ts: str, action_id: str, value: str, **kw):
        return await self.fake.click(
            self.url,
            SECRET,
            user=user,
            channel=channel,
            message_ts=ts,
            action_id=action_id,
            value=value,
            **kw,
        )

    async def posted(self, count: int, channel: str = CHANNEL):
        return (await self.fake.wait_for("chat.postMessage", count, channel=channel, ok=True))[-1]

    async def said_privately(self, count: int):
        """The count-th ephemeral reply (chat.postEphemeral or response_url)."""
        changed = self.fake._changed  # the fake's own "a call arrived" condition
        async with changed:
            await asyncio.wait_for(changed.wait_for(lambda: len(self.fake.ephemeral) >= count), 5)
        return self.fake.ephemeral[count - 1]


def answer_buttons(message: dict) -> list[tuple[str, str]]:
    for block in message.get("blocks", []):
        if block.get("type") == "actions" and block.get("block_id") == "answers":
            return [(e["action_id"], e["value"]) for e in block["elements"]]
    return []


def populate(fake: FakeSlackApi) -> None:
    """The workspace every Slack test starts from: Ann, Ben and Cy in #aws-study."""
    for i, name in enumerate(["Ann", "Ben", "Cy"]):
        fake.add_user(f"U{i + 1}", name, real_name=f"{name} Example")
    fake.add_channel(CHANNEL, "aws-study")


@pytest.fixture
async def slack_fake():
    async with FakeSlackApi() as fake:
        populate(fake)
        yield fake


@pytest.fixture
async def slack(slack_fake, engine, monkeypatch):
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(
        slack_bot_token=slack_fake.bot_token,
        slack_signing_secret=SECRET,
        slack_api_url=slack_fake.base_url,
        host="127.0.0.1",
        port=0,
    )
    time = FakeTime()
    adapter = SlackAdapter(settings, engine, sleep=time.sleep, clock=time.clock)
    web = WebServer("127.0.0.1", 0)
    adapter.add_routes(web)
    await web.start()
    await adapter.start()
    yield SlackWorld(slack_fake, f"http://127.0.0.1:{web.port}/slack/events", adapter, time)
    await adapter.stop()
    await web.stop()
