"""Tests of the fake's signed requests against a real bolt AsyncApp served over aiohttp."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.conftest import BLOCKS, CHANNEL, NOW, SECRET, USER


def test_signed_headers_verify_with_slack_sdk(fake):
    body = b"token=x&text=hello"
    headers = fake.signed_headers(SECRET, body)
    assert SignatureVerifier(SECRET).is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    stale = fake.signed_headers(SECRET, body, int(time.time()) - 600)
    assert not SignatureVerifier(SECRET).is_valid_request(body, stale)
    assert fake.signed_headers(SECRET, b"\xff\xfe", 1)["X-Slack-Signature"].startswith("v0=")


# -- a real bolt app, served the way bolt's aiohttp adapter serves it ----------------------------


@pytest.fixture
async def bolt(fake):
    app = AsyncApp(
        client=AsyncWebClient(token=fake.bot_token, base_url=fake.base_url),
        signing_secret=SECRET,
    )
    seen: list[tuple[str, dict, dict]] = []

    @app.command("/quiz")
    async def quiz(ack, body, request, respond):
        seen.append(("command", body, request.headers))
        await ack("ok")
        if body["text"] == "privately":
            await respond("only you")

    @app.action("answer")
    async def answer(ack, body, request, respond):
        await ack()
        seen.append(("action", body, request.headers))
        await respond(replace_original=True, text="Q1: correct")

    @app.event("app_home_opened")
    async def home(event, body, request, client):
        seen.append(("event", body, request.headers))
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": []})

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.router.add_post("/slack/events", handle)
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    yield SimpleNamespace(url=url, seen=seen)
    await runner.cleanup()


async def test_signed_command_reaches_the_app(fake, bolt):
    fake.add_user(USER, "aiko")
    fake.add_channel(CHANNEL, "quiz")
    assert await fake.command(bolt.url, SECRET, user=USER, channel=CHANNEL, text="s3") == (
        200,
        "ok",
    )
    [(kind, body, headers)] = bolt.seen
    assert (kind, body["command"], body["text"], body["user_id"]) == (
        "command",
        "/quiz",
        "s3",
        USER,
    )
    assert (body["user_name"], body["channel_name"], body["team_id"]) == ("aiko", "quiz", "T0TEAM")
    assert body["response_url"].startswith("http://127.0.0.1:") and body["trigger_id"]
    assert "x-slack-retry-num" not in headers
    # bolt checks its token with auth.test once, on the first request.
    await fake.command(bolt.url, SECRET, user=USER, channel=CHANNEL, retry_num=1)
    assert len(fake.sent("auth.test")) == 1
    assert bolt.seen[1][2]["x-slack-retry-num"] == ["1"]
    assert bolt.seen[1][2]["x-slack-retry-reason"] == ["http_timeout"]


async def test_command_respond_reaches_the_response_url(fake, bolt):
    await fake.command(bolt.url, SECRET, user=USER, channel=CHANNEL, text="privately")
    [call] = await fake.wait_for("response_url", ok=True)
    assert call.params["text"] == "only you"
    assert fake.ephemeral == [
        {"channel": CHANNEL, "user": USER, "text": "only you", "blocks": None}
    ]


@pytest.mark.parametrize("case", ["unsigned", "wrong secret", "stale", "forged"])
async def test_badly_signed_requests_are_refused(fake, bolt, case):
    secret = {"unsigned": None, "wrong secret": "not-the-secret"}.get(case, SECRET)
    extra = {"stale": {"timestamp": int(time.time()) - 600}, "forged": {"signature": "v0=00"}}
    status, body = await fake.command(
        bolt.url, secret, user=USER, channel=CHANNEL, **extra.get(case, {})
    )
    assert (status, body) == (401, {"error": "invalid request"})
    assert bolt.seen == [] and fake.calls == []


async def test_signed_click_carries_the_stored_message(fake, client, bolt):
    posted = await client.chat_postMessage(channel=CHANNEL, text="Q1", blocks=BLOCKS)
    status, answer = await fake.click(
        bolt.url,
        SECRET,
        user=USER,
        channel=CHANNEL,
        message_ts=posted["ts"],
        action_id="answer",
        value="q1:a",
    )
    assert (status, answer) == (200, "")
    [call] = await fake.wait_for("response_url")
    [(kind, body, _)] = bolt.seen
    assert (kind, body["type"], body["user"]["id"]) == ("action", "block_actions", USER)
    assert body["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": CHANNEL,
        "is_ephemeral": False,
    }
    assert body["message"]["blocks"] == BLOCKS
    [action] = body["actions"]
    assert (action["action_id"], action["block_id"], action["value"]) == (
        "answer",
        "answers",
        "q1:a",
    )
    assert action["text"]["text"] == "S3"
    assert (call.params["replace_original"], call.status) == (True, 200)
    assert fake.messages[(CHANNEL, posted["ts"])]["text"] == "Q1: correct"


async def test_click_on_an_ephemeral_message_has_no_message(fake, bolt):
    status, _ = await fake.click(
        bolt.url,
        SECRET,
        user=USER,
        channel=CHANNEL,
        message_ts="1700000000.000100",
        action_id="answer",
        value="q1:b",
        is_ephemeral=True,
    )
    assert status == 200
    await fake.wait_for("response_url")
    [(_, body, _)] = bolt.seen
    assert body["container"]["is_ephemeral"] is True and "message" not in body
    assert body["actions"][0]["block_id"] == "answers"
    assert fake.ephemeral[0]["text"] == "Q1: correct"  # nothing stored to replace


async def test_signed_event_reaches_the_app(fake, bolt):
    status, _ = await fake.event(bolt.url, SECRET, fake.app_home_opened(USER))
    assert status == 200
    [call] = await fake.wait_for("views.publish", ok=True)
    assert call.params["user_id"] == USER
    [(kind, body, _)] = bolt.seen
    assert (kind, body["type"], body["event"]["type"], body["event"]["tab"]) == (
        "event",
        "event_callback",
        "app_home_opened",
        "home",
    )
    assert body["event_id"] and body["event_time"] == int(NOW)
    # The next opening carries the view the app published.
    assert fake.app_home_opened(USER)["view"]["id"] == fake.home_views[USER]["id"]


async def test_url_verification_echoes_the_challenge(fake, bolt):
    assert await fake.url_verification(bolt.url, SECRET, "abc123") == (
        200,
        {"challenge": "abc123"},
    )
    assert fake.calls == []  # no auth.test for url_verification


async def test_post_raw_sends_the_bytes_and_headers_as_given(fake):
    received: list[tuple[bytes, dict]] = []

    async def echo(request: web.Request) -> web.Response:
        received.append((await request.read(), dict(request.headers)))
        return web.Response(text="seen", status=202)

    app = web.Application()
    app.router.add_post("/slack/events", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
    try:
        body = b"payload=%7Bnot json\xff"
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Retry-Num": "2"}
        assert await fake.post_raw(url, body, headers) == (202, "seen")
    finally:
        await runner.cleanup()
    [(sent, sent_headers)] = received
    assert sent == body and sent_headers["X-Slack-Retry-Num"] == "2"


async def test_malformed_bodies_never_reach_a_listener(fake, bolt):
    body = b'{"type": "event_callback", "event": '
    headers = {"Content-Type": "application/json", **fake.signed_headers(SECRET, body)}
    # bolt parses the body before it checks the signature, so broken JSON fails (500) even
    # unsigned: an adapter wanting a clean 400/401 must guard to_bolt_request itself.
    for sent_headers in (headers, {"Content-Type": "application/json"}):
        status, _ = await fake.post_raw(bolt.url, body, sent_headers)
        assert status >= 400
    assert bolt.seen == []
