"""Socket Mode end to end: the real AsyncSocketModeHandler connects to the fake's WebSocket on
127.0.0.1, takes /quiz and a button click as envelopes, acks them and answers via the Web API."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.slack.app import SlackAdapter
from bot.config import load_settings
from bot.engine.views import LearnerRef
from tests.fakes.slack_socket import FakeSlackSocketApi
from tests.support.clock import FakeTime
from tests.support.slack import CHANNEL, SECRET, answer_buttons, populate

APP_TOKEN = "xapp-1-test"


@pytest.fixture
async def socket_fake():
    async with FakeSlackSocketApi(app_token=APP_TOKEN) as fake:
        populate(fake)
        yield fake


@pytest.fixture
async def socket_adapter(socket_fake, engine, monkeypatch):
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = load_settings(
        slack_bot_token=socket_fake.bot_token,
        slack_signing_secret=SECRET,
        slack_app_token=APP_TOKEN,
        slack_api_url=socket_fake.base_url,
    )
    time = FakeTime()
    adapter = SlackAdapter(settings, engine, sleep=time.sleep, clock=time.clock)
    yield adapter
    await adapter.stop()  # again, if the test failed before stopping it: close() is idempotent


async def test_quiz_and_answer_over_socket_mode(socket_fake, socket_adapter, engine):
    fake, adapter = socket_fake, socket_adapter
    assert adapter.needs_web is False
    before = asyncio.all_tasks()

    await adapter.start()
    await fake.wait_connected()
    opened = fake.sent("apps.connections.open", ok=True)
    assert len(opened) == 1 and opened[0].result["url"] == fake.socket_url

    command = await fake.push_command("U1", CHANNEL)
    assert await fake.wait_for_ack(command) == {"envelope_id": command}
    question = (await fake.wait_for("chat.postMessage", 1, channel=CHANNEL, ok=True))[-1]
    buttons = answer_buttons(question.params)
    assert buttons, question.params

    click = await fake.push_click("U1", CHANNEL, question.result["ts"], *buttons[0])
    assert (await fake.wait_for_ack(click))["envelope_id"] == click
    private = await fake.wait_for("chat.postEphemeral", 1, ok=True)
    assert private[-1].params["user"] == "U1"
    assert any(word in str(private[-1].params["blocks"]) for word in ("正解", "不正解"))
    stats = await engine.stats(LearnerRef("slack", fake.team_id, "U1"))
    assert stats.answered == 1

    await adapter.stop()
    await fake.wait_closed()
    assert fake.connections == 1  # no reconnect after close
    # The client's receiver, monitor and processor tasks end with it.
    left = asyncio.all_tasks() - before - {asyncio.current_task()}
    if left:
        _, pending = await asyncio.wait(left, timeout=5)
        assert not pending, pending
