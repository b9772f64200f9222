"""Shuffled options over the real bolt stack: every member's private result and the channel's
tally read the order the question was posted in."""

from __future__ import annotations

import pytest

from tests.support.slack import CHANNEL, answer_buttons


@pytest.fixture
def engine(shuffled_engine):
    return shuffled_engine


def button_for(message: dict, option: str) -> tuple[int, tuple[str, str]]:
    for element in next(b for b in message["blocks"] if b.get("block_id") == "answers")[
        "elements"
    ]:
        number, _, label = element["text"]["text"].partition(". ")
        if label == option:
            return int(number), (element["action_id"], element["value"])
    raise AssertionError(f"no button {option!r}")


async def test_channel_members_see_one_order_and_the_tally_agrees(slack):
    await slack.command("U1")
    question = await slack.next_post()
    ts = question.result["ts"]
    right_no, right = button_for(question.params, "Amazon SQS")
    wrong_no, wrong = button_for(question.params, "Amazon SNS")
    assert right_no != 1  # the seed moved the key from the deck's first place
    assert f"{right_no}. Amazon SQS" in question.params["blocks"][1]["text"]["text"]

    for user, button in (("U1", right), ("U2", wrong), ("U3", right)):
        await slack.click(user, CHANNEL, ts, *button)
        private = str((await slack.next_private())["blocks"])
        assert f"正解: {right_no}. Amazon SQS" in private
        if button == wrong:
            assert f"あなたの答え: {wrong_no}. Amazon SNS" in private and "❌ 不正解" in private
        else:
            assert "✅ 正解！" in private
    updates = await slack.fake.wait_for("chat.update", 3, channel=CHANNEL, ok=True)
    tally = updates[-1].params["blocks"][-1]["elements"][0]["text"]
    assert "👥 回答 3 人" in tally
    assert answer_buttons(slack.fake.messages[(CHANNEL, ts)]) == answer_buttons(question.params)

    await slack.command("U2", "leaderboard")
    text = str((await slack.next_post()).params["blocks"])
    assert text.index("Ann — 1 点") < text.index("Ben — 0 点")
    assert "Cy — 1 点" in text
