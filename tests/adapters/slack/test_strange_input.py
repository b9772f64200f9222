"""Forged button values and odd /quiz daily arguments on Slack: a clear private reply, nothing
stored, no traceback."""

from __future__ import annotations

import logging

import pytest

from bot.engine.views import LearnerRef
from storage import chats
from tests.support.slack import CHANNEL, answer_buttons

INVALID = "このボタンは使えません"
UNKNOWN = "見つかりません"


async def answered(engine, user: str) -> int:
    return (await engine.stats(LearnerRef("slack", "T0TEAM", user))).answered


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9223372036854775808:0", INVALID),  # 2**63: no BIGINT holds it
        ("99999999999999999999:0", INVALID),
        ("9223372036854775807:0", UNKNOWN),
        ("1:123", INVALID),
        ("١:0", INVALID),
        ("\ud800:0", INVALID),
    ],
)
async def test_forged_values_are_refused(slack, engine, caplog, value, expected):
    await slack.command("U1")
    question = await slack.next_post()
    assert answer_buttons(question.params)
    status, _ = await slack.click("U2", CHANNEL, question.result["ts"], "answer_0", value)
    assert status == 200
    assert expected in str(await slack.next_private())
    assert await answered(engine, "U2") == 0
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_daily_show_set_and_off_in_a_channel(slack, engine, db):
    slack.fake.users["U1"]["is_admin"] = True  # channel settings: workspace admins only
    await slack.command("U1", "daily")
    assert (await slack.next_private())["text"] == (
        "今日の問題は設定されていません。"
        "/quiz daily HH:MM（例: /quiz daily 08:30）で設定できます。"
    )
    await slack.command("U1", "daily 25:00")
    assert (await slack.next_private())["text"].startswith(
        "「25:00」は時刻として認識できません（00:00〜23:59）。使い方: /quiz daily HH:MM"
    )
    await slack.command("U1", "daily off")
    off = await slack.next_post()
    assert off.params["text"] == "今日の問題は設定されていなかったので、止めるものはありません。"
    async with db.transaction() as tx:
        assert await tx.run_sync(chats.find_chat, "slack", "T0TEAM", CHANNEL) is None
    await slack.command("U1", "daily 08:30")
    await slack.next_post()
    await slack.command("U2", "daily")
    assert (await slack.next_private())["text"].startswith("今日の問題: 毎日 08:30（Asia/Tokyo）")
