"""/drill over the real PTB stack and the fake Bot API, read as a transcript."""

from __future__ import annotations

import pytest

from tests.support.drill import label, pairs_catalog
from tests.support.telegram import Conversation, buttons, message_id


@pytest.fixture
def catalog():
    return pairs_catalog()


@pytest.fixture
def engine(shuffled_engine):
    return shuffled_engine


def button(call, option: str) -> str:
    for row in call.params["reply_markup"]["inline_keyboard"]:
        for b in row:
            if b["text"].partition(". ")[2] == option:
                return b["callback_data"]
    raise AssertionError(f"no button {option!r}")


async def tap_answer(person: Conversation, catalog, question, right: bool = True):
    """Tap an option of a drill question; the edited result and the bot's next message."""
    data = button(question, label(catalog, question.params["text"], right))
    assert data.startswith("d:")
    await person.tap(message_id(question), data)
    return await person.reply("editMessageText"), await person.reply("sendMessage")


async def test_a_drill_runs_five_questions_and_ends_with_the_contrast(adapter, ann, catalog):
    listing = (await ann.send("/drill")).params["text"]
    assert "sqs-vs-sns — SQS と SNS（Amazon SQS / Amazon SNS）: まだ回答なし" in listing
    assert "/drill &lt;組のID&gt; で 5 問のドリル" in listing

    question = await ann.send("/drill sqs-vs-sns")
    assert question.params["text"].startswith("🔁 ドリル「SQS と SNS」 1/5")
    for n in range(1, 6):
        result, then = await tap_answer(ann, catalog, question, right=n != 3)
        assert ("❌ 不正解" if n == 3 else "✅ 正解！") in result.params["text"]
        assert "reply_markup" not in result.params or not buttons(result)
        question = then
        if n < 5:
            assert then.params["text"].startswith(f"🔁 ドリル「SQS と SNS」 {n + 1}/5")
    end = then.params["text"]
    assert end.startswith("🔁 ドリル「SQS と SNS」おわり: 4/5 問正解")
    assert "• Amazon SNS: トピックに発行したメッセージを購読者全員へすぐ押し出す" in end
    assert "決め手: 受け手が取りに行く（プル）なら SQS" in end

    listing = (await ann.send("/drill")).params["text"]
    assert "SQS と SNS（Amazon SQS / Amazon SNS）: 正答率 80%（5 回答）" in listing


async def test_an_unknown_pair_and_a_group_chat(adapter, fake, ann):
    reply = (await ann.send("/drill nosuch")).params["text"]
    assert "組「nosuch」は見つかりません" in reply and "firehose-vs-streams" in reply
    group = Conversation(fake, fake.user(61, "Gus"), fake.group_chat(-1061, "study"))
    assert "個別チャット" in (await group.send("/drill sqs-vs-sns")).params["text"]


async def test_a_pair_one_of_whose_sides_is_retired_in_the_chat(adapter, engine, ann):
    retired = (await ann.send("/review retire pairs/fh-1")).params["text"]
    assert retired.startswith("問題 pairs/fh-1 をこのチャットで引退させました")
    reply = (await ann.send("/drill firehose-vs-streams")).params["text"]
    assert reply.startswith("「Firehose と Data Streams」の問題はこのチャットでは出題できません")
    assert "firehose-vs-streams" not in (await ann.send("/drill")).params["text"]


async def test_a_drill_interrupted_by_quiz_goes_on_from_its_own_button(adapter, ann, catalog):
    drill_q = await ann.send("/drill sqs-vs-sns")
    quiz_q = await ann.send("/quiz")
    assert "🔁" not in quiz_q.params["text"]
    assert all(d.startswith("a:") for d in buttons(quiz_q))
    await ann.tap(message_id(quiz_q), buttons(quiz_q)[0])
    assert "🔁" not in (await ann.reply("editMessageText")).params["text"]
    # The drill question's buttons still answer it, and the run goes on.
    result, then = await tap_answer(ann, catalog, drill_q)
    assert "✅ 正解！" in result.params["text"]
    assert then.params["text"].startswith("🔁 ドリル「SQS と SNS」 2/5")
    # /drill <pair> shows the question the run waits on again, same order, same buttons.
    again = await ann.send("/drill sqs-vs-sns")
    assert again.params["text"].startswith(
        "🔁 ドリル「SQS と SNS」 2/5 （中断していた問題の続きです）"
    )
    assert buttons(again) == buttons(then)
