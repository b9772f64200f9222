"""Shuffled options over the real PTB stack: the button, the alert, the result and the group
tally all read the order the question was shown in."""

from __future__ import annotations

import pytest

from tests.support.telegram import Conversation, message_id


@pytest.fixture
def engine(shuffled_engine):
    return shuffled_engine


def button_for(call, option: str) -> tuple[int, str]:
    """(shown number, callback data) of the button labelled with `option`."""
    rows = call.params["reply_markup"]["inline_keyboard"]
    for row in rows:
        for b in row:
            number, _, label = b["text"].partition(". ")
            if label == option:
                return int(number), b["callback_data"]
    raise AssertionError(f"no button {option!r} in {rows}")


async def test_group_members_see_one_order_and_the_tally_agrees(adapter, fake):
    group = fake.group_chat(-1015, "AWS study")
    members = [Conversation(fake, fake.user(51 + i, n), group) for i, n in enumerate("ABC")]
    question = await members[0].send("/quiz")
    right_no, right = button_for(question, "Amazon SQS")
    _, wrong = button_for(question, "Amazon SNS")
    assert right_no != 1  # the seed moved the key from the deck's first place
    assert f"{right_no}. Amazon SQS" in question.params["text"]

    taps = zip(members, [right, wrong, right], strict=True)
    alerts = [await m.tap(message_id(question), d) for m, d in taps]
    assert alerts[0].params["text"].startswith("✅ 正解！")
    assert alerts[1].params["text"].startswith("❌ 不正解")
    assert f"正解: {right_no}. Amazon SQS" in alerts[1].params["text"]
    edits = await fake.wait_for("editMessageText", 3, chat_id=group.id)
    assert "👥 回答 3 人" in edits[-1].params["text"]
    board = (await members[0].send("/leaderboard")).params["text"]
    assert "A — 1 点" in board and "C — 1 点" in board and "B — 0 点" in board


async def test_a_private_result_marks_the_shown_options(adapter, fake, ann):
    question = await ann.send("/quiz")
    number, data = button_for(question, "Amazon SNS")
    await ann.tap(message_id(question), data)
    result = (await ann.reply("editMessageText")).params["text"]
    right_no, _ = button_for(question, "Amazon SQS")
    assert f"❌ {number}. Amazon SNS" in result
    assert f"✅ {right_no}. Amazon SQS" in result


async def test_the_order_changes_from_one_asking_to_the_next(adapter, fake, ann):
    orders = set()
    for _ in range(4):
        question = await ann.send("/quiz storage")
        rows = question.params["reply_markup"]["inline_keyboard"]
        orders.add(tuple(r[0]["text"].partition(". ")[2] for r in rows))
    assert len(orders) > 1


async def test_a_stale_button_answers_its_own_message(adapter, fake, ann):
    old = await ann.send("/quiz storage")
    old_no, old_right = button_for(old, "S3 Batch Replication")
    for _ in range(10):  # asked again until the key is shown elsewhere
        new = await ann.send("/quiz storage")
        if button_for(new, "S3 Batch Replication")[0] != old_no:
            break
    assert button_for(new, "S3 Batch Replication")[0] != old_no
    # The older message's button for its right option is right, numbered as that message.
    await ann.tap(message_id(old), old_right)
    edited = await ann.reply("editMessageText")
    assert edited.params["message_id"] == message_id(old)
    assert "✅ 正解！" in edited.params["text"]
    assert f"✅ {old_no}. S3 Batch Replication" in edited.params["text"]
