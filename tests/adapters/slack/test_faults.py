"""What strangers and Slack itself send over HTTP: unsigned junk is refused before it is read,
signed junk gets a 400 and one log line, other workspaces are refused, retried events are
served once, and a Slack that cannot be reached at start is waited for."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import pytest

from bot.adapters.slack.app import SlackAdapter
from bot.adapters.startup import StartupRefused
from bot.config import load_settings
from bot.engine.views import LearnerRef
from tests.support.clock import FakeTime
from tests.support.logs import limited_log
from tests.support.slack import CHANNEL, SECRET

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def problems(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING]


async def post(slack, body: bytes, content_type: str, *, secret: str | None = SECRET, **extra):
    headers = slack.fake.signed_headers(secret, body) if secret else {}
    headers.update({"Content-Type": content_type, **extra})
    return await slack.fake.post_raw(slack.url, body, headers)


@pytest.mark.parametrize(
    ("body", "content_type", "headers"),
    [
        (b"[]", JSON, {}),
        (b"payload=1", FORM, {}),
        (b"payload=%5B1%2C2%5D", FORM, {"X-Slack-Request-Timestamp": "abc"}),
        (b"\xff\xfe", FORM, {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=1"}),
    ],
)
async def test_unsigned_junk_is_refused_unread_and_unlogged(
    slack, caplog, body, content_type, headers
):
    for _ in range(200):
        status, _ = await post(slack, body, content_type, secret=None, **headers)
        assert status == 401
    assert problems(caplog) == []
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        (b"[]", JSON),
        (b"payload=%5B1%2C2%5D", FORM),  # payload=[1,2]
        (urlencode({"payload": json.dumps({"type": "block_actions", "actions": "x"})}), FORM),
        (urlencode({"payload": json.dumps({"type": "block_actions", "actions": []})}), FORM),
        (urlencode({"command": "/quiz", "team_id": "T0TEAM", "text": "stats"}), FORM),
        (json.dumps({"type": "event_callback", "event": {"type": "app_home_opened"}}), JSON),
        (json.dumps({"type": "event_callback", "event": "x"}), JSON),
    ],
)
async def test_signed_malformed_input_is_a_400_with_one_line(slack, body):
    raw, content_type = body
    raw = raw.encode() if isinstance(raw, str) else raw
    with limited_log() as log:
        for _ in range(20):
            status, text = await post(slack, raw, content_type)
            assert status == 400
    assert "malformed" in text
    lines = [r for r in log if r.levelno >= logging.WARNING]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert "malformed signed request" in lines[0].getMessage()
    assert lines[0].exc_info is None
    assert slack.fake.sent("chat.postEphemeral") == []


async def test_a_request_for_another_workspace_is_refused(slack, engine):
    status, _ = await slack.fake.command(
        slack.url, SECRET, user="U1", channel=CHANNEL, text="daily 08:00", team_id="T0OTHER"
    )
    assert status == 403
    assert slack.fake.sent("chat.postMessage") == []
    assert slack.fake.sent("chat.postEphemeral") == []
    assert await engine.profiles.export(LearnerRef("slack", "T0OTHER", "U1")) == {}
    status, _ = await slack.fake.event(
        slack.url, SECRET, slack.fake.app_home_opened("U1"), team_id="T0OTHER"
    )
    assert status == 403
    assert slack.fake.sent("views.publish") == []
    # Our own workspace is still served.
    await slack.command("U1", "stats")
    assert "回答数: 0" in (await slack.next_private())["text"]


async def test_a_retried_event_is_acknowledged_and_served_once(slack):
    event = slack.fake.app_home_opened("U1")
    status, _ = await slack.fake.event(slack.url, SECRET, event, event_id="Ev0RETRY")
    assert status == 200
    await slack.fake.wait_for("views.publish", 1, ok=True)
    for attempt in (1, 2, 3):
        status, _ = await slack.fake.event(
            slack.url, SECRET, event, event_id="Ev0RETRY", retry_num=attempt
        )
        assert status == 200
    # Another event is served, and so proves the retries were not merely still queued.
    await slack.fake.event(slack.url, SECRET, slack.fake.app_home_opened("U2"))
    await slack.fake.wait_for("views.publish", 2, ok=True)
    assert [c.params["user_id"] for c in slack.fake.sent("views.publish")] == ["U1", "U2"]


def slack_settings(slack_fake, token=None):
    return load_settings(
        slack_bot_token=token or slack_fake.bot_token,
        slack_signing_secret=SECRET,
        slack_api_url=slack_fake.base_url,
    )


async def test_start_waits_while_slack_fails(slack_fake, engine, monkeypatch):
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    slack_fake.fail_next("auth.test", status=503, times=2)
    fake_time = FakeTime()
    adapter = SlackAdapter(
        slack_settings(slack_fake), engine, sleep=fake_time.sleep, clock=fake_time.clock
    )
    await adapter.start()
    assert adapter.ready
    assert fake_time.slept[:2] == [1.0, 2.0]
    assert adapter.checks.team_id == "T0TEAM"
    await adapter.stop()


async def test_a_rejected_slack_token_stops_the_start(slack_fake, engine, monkeypatch):
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    adapter = SlackAdapter(slack_settings(slack_fake, "xoxb-wrong"), engine)
    with pytest.raises(StartupRefused, match="invalid_auth"):
        await adapter.start()
    assert not adapter.ready


async def test_an_old_signature_is_still_refused(slack):
    body = urlencode({"command": "/quiz", "user_id": "U1", "team_id": "T0TEAM"}).encode()
    headers = slack.fake.signed_headers(SECRET, body, int(time.time()) - 3600)
    headers["Content-Type"] = FORM
    status, _ = await slack.fake.post_raw(slack.url, body, headers)
    assert status == 401
