"""`/quiz drill` over the real bolt stack and the fake Slack Web API."""

from __future__ import annotations

import pytest

from tests.support.drill import label, pairs_catalog
from tests.support.slack import CHANNEL


@pytest.fixture
def catalog():
    return pairs_catalog()


@pytest.fixture
def engine(shuffled_engine):
    return shuffled_engine


def text_of(message: dict) -> str:
    return "\n".join(b["text"]["text"] for b in message["blocks"] if b["type"] == "section")


def drill_button(catalog, message: dict, right: bool = True) -> tuple[str, str]:
    wanted = label(catalog, text_of(message), right)
    answers = next(b for b in message["blocks"] if b.get("block_id") == "answers")
    for e in answers["elements"]:
        if e["text"]["text"].partition(". ")[2] == wanted:
            assert e["action_id"].startswith("drill_answer_")
            return e["action_id"], e["value"]
    raise AssertionError(f"no button {wanted!r}")


async def test_quiz_drill_lists_pairs_and_runs_in_the_dm(slack, catalog):
    await slack.command("U1", "drill")
    listing = (await slack.next_private())["text"]
    assert "sqs-vs-sns — SQS と SNS（Amazon SQS / Amazon SNS）: まだ回答なし" in listing
    assert "/quiz drill &lt;組のID&gt; で 5 問のドリル" in listing

    await slack.command("U1", "drill sqs-vs-sns")
    question = (await slack.fake.wait_for("chat.postMessage", 1, ok=True))[-1]
    dm = question.result["channel"]
    assert dm.startswith("D")  # a personal run goes to the DM, not the channel
    assert "DM で始めました" in (await slack.next_private())["text"]
    assert text_of(question.params).startswith("🔁 ドリル「SQS と SNS」 1/5")
    for n in range(1, 6):
        button = drill_button(catalog, question.params, right=n != 2)
        await slack.click("U1", dm, question.result["ts"], *button)
        update = (await slack.fake.wait_for("chat.update", n, channel=dm, ok=True))[-1]
        assert ("❌ 不正解" if n == 2 else "✅ 正解！") in str(update.params["blocks"])
        assert not any(b.get("block_id") == "answers" for b in update.params["blocks"])
        question = (await slack.fake.wait_for("chat.postMessage", n + 1, channel=dm, ok=True))[-1]
        if n < 5:
            assert text_of(question.params).startswith(f"🔁 ドリル「SQS と SNS」 {n + 1}/5")
    end = text_of(question.params)
    assert end.startswith("🔁 ドリル「SQS と SNS」おわり: 4/5 問正解")
    assert "• Amazon SQS: メッセージをキューに溜め" in end
    assert "決め手: 受け手が取りに行く（プル）なら SQS" in end
    assert "もう一度: /quiz drill sqs-vs-sns" in end
    assert not slack.fake.sent("chat.postMessage", channel=CHANNEL)


async def test_an_unknown_pair_is_named_privately(slack):
    await slack.command("U2", "drill nosuch")
    reply = (await slack.next_private())["text"]
    assert "組「nosuch」は見つかりません" in reply and "sqs-vs-sns — SQS と SNS" in reply
