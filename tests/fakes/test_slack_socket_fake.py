"""Tests of the fake's Socket Mode server with a bare aiohttp WebSocket client."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.conftest import CHANNEL, USER
from tests.fakes.slack_socket import FakeSlackSocketApi


@pytest.fixture
async def socket_fake():
    async with FakeSlackSocketApi(app_token="xapp-1-fake") as fake:
        yield fake


async def test_tokens_hello_envelopes_and_acks(socket_fake):
    fake = socket_fake
    client = AsyncWebClient(token=fake.bot_token, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as bot_token:
        await client.apps_connections_open(app_token=fake.bot_token)
    assert bot_token.value.response["error"] == "not_allowed_token_type"
    app_client = AsyncWebClient(token=fake.app_token, base_url=fake.base_url)
    with pytest.raises(SlackApiError) as app_token:
        await app_client.auth_test()
    assert app_token.value.response["error"] == "not_allowed_token_type"
    url = (await client.apps_connections_open(app_token=fake.app_token))["url"]
    assert url == fake.socket_url and url.startswith("ws://127.0.0.1:")

    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        hello = await ws.receive_json(timeout=5)
        assert hello["type"] == "hello" and hello["connection_info"] == {"app_id": "A0APP"}
        await fake.wait_connected()
        envelope_id = await fake.push_command(USER, CHANNEL, "stats")
        envelope = await ws.receive_json(timeout=5)
        assert envelope["envelope_id"] == envelope_id and envelope["type"] == "slash_commands"
        assert envelope["accepts_response_payload"] is True
        assert envelope["payload"]["command"] == "/quiz"
        assert envelope["payload"]["text"] == "stats"
        assert envelope["payload"]["response_url"].startswith(fake.base_url[: -len("/api/")])
        await ws.send_json({"envelope_id": envelope_id, "payload": {"text": "ok"}})
        ack = await fake.wait_for_ack(envelope_id)
        assert ack["payload"] == {"text": "ok"}

        click = await fake.push_click(USER, CHANNEL, "1.000100", "answer", "q1:a")
        pushed = await ws.receive_json(timeout=5)
        assert pushed["envelope_id"] == click and pushed["type"] == "interactive"
        assert pushed["payload"]["type"] == "block_actions"
        assert pushed["accepts_response_payload"] is False
    await fake.wait_closed()
    with pytest.raises(AssertionError, match="ack of"):
        await fake.wait_for_ack(click, timeout=0.1)
