"""Bad Slack input gets a clear reply and changes nothing."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest

from bot.engine.views import LearnerRef
from tests.support.slack import CHANNEL, SECRET, answer_buttons


async def answered(engine, user: str) -> int:
    return (await engine.stats(LearnerRef("slack", "T0TEAM", user))).answered


async def a_question(slack, channel: str = CHANNEL):
    await slack.command("U1", channel=channel)
    question = await slack.next_post(channel)
    return question.result["ts"], answer_buttons(question.params)


@pytest.mark.parametrize(
    "delivery",
    [
        {"secret": None},  # unsigned
        {"secret": "not-the-secret"},
        {"timestamp": int(time.time()) - 6 * 60},  # a replay of an old request
        {"signature": "v0=" + "0" * 64},
    ],
)
async def test_unsigned_forged_and_replayed_requests_are_refused(slack, engine, delivery):
    delivery = dict(delivery)  # parametrize shares the dict between backends
    secret = delivery.pop("secret", SECRET)
    status, _ = await slack.fake.command(
        slack.url, secret, user="U1", channel=CHANNEL, text="daily 08:00", **delivery
    )
    assert status == 401
    assert slack.fake.sent("chat.postMessage") == []
    assert await engine.profiles.export(LearnerRef("slack", "T0TEAM", "U1")) == {}


async def test_forged_clicks(slack, engine):
    ts, buttons = await a_question(slack)
    instance = buttons[0][1].split(":")[0]
    cases = [
        ("answer_0", "garbage", "このボタンは使えません"),
        ("answer_0", "999999:0", "見つかりません"),
        ("answer_9", f"{instance}:9", "1〜4 の番号で答えてください"),
    ]
    for action_id, value, expected in cases:
        status, _ = await slack.click("U2", CHANNEL, ts, action_id, value)
        assert status == 200
        assert expected in str(await slack.next_private())
    assert await answered(engine, "U2") == 0


async def test_another_channels_question_is_refused(slack, engine):
    _, buttons = await a_question(slack)
    slack.fake.add_channel("C0OTHER", "other")
    await slack.command("U2", channel="C0OTHER")
    other = await slack.next_post("C0OTHER")
    # A payload that names the first channel's question, clicked in the other channel.
    await slack.click("U2", "C0OTHER", other.result["ts"], *buttons[0])
    assert "回答できません" in str(await slack.next_private())
    assert await answered(engine, "U2") == 0


async def test_a_retried_click_counts_once(slack, engine):
    ts, buttons = await a_question(slack)
    await slack.click("U2", CHANNEL, ts, *buttons[0])
    await slack.next_private()
    status, _ = await slack.click("U2", CHANNEL, ts, *buttons[0], retry_num=1)
    assert status == 200
    assert "もう回答済み" in str(await slack.next_private())
    assert await answered(engine, "U2") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily 9am", "使い方: /quiz daily HH:MM"),
        ("daily 25:99", "使い方: /quiz daily HH:MM"),
        ("nosuchtopic", "「nosuchtopic」は見つかりません"),
        ("lang fr", "使い方: /quiz lang ja または /quiz lang en"),
    ],
)
async def test_bad_commands(slack, engine, text, expected):
    await slack.command("U1", text)
    assert expected in (await slack.next_private())["text"]
    assert slack.fake.sent("chat.postMessage") == []
    data = await engine.profiles.export(LearnerRef("slack", "T0TEAM", "U1"))
    assert not data or data["subscriptions"] == []


async def test_not_in_channel_explains_how_to_invite(slack, engine):
    slack.fake.add_channel("C0NOBOT", "no-bot", member=False)
    status, _ = await slack.command("U1", channel="C0NOBOT")
    assert status == 200
    reply = await slack.next_private()
    assert "/invite @studybot" in reply["text"]


async def test_malformed_payload(slack, engine):
    body = urlencode({"payload": "{not json"}).encode()
    headers = slack.fake.signed_headers(SECRET, body)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, _ = await slack.fake.post_raw(slack.url, body, headers)
    assert status == 400
    # Well-formed JSON that no listener understands: bolt answers 404, and nothing counts.
    unknown = {"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "x"}]}
    body = urlencode({"payload": json.dumps(unknown)}).encode()
    headers = slack.fake.signed_headers(SECRET, body)
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, _ = await slack.fake.post_raw(slack.url, body, headers)
    assert status == 404
    await slack.command("U1", "stats")
    assert "回答数: 0" in (await slack.next_private())["text"]
