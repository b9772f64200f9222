"""A group studying together: everyone answers once, results come back privately."""

from __future__ import annotations

import pytest

from tests.support.telegram import Conversation, buttons, message_id


@pytest.fixture
def group(fake):
    return fake.group_chat(-1001, "AWS study")


async def test_three_members_answer_one_question(adapter, fake, group):
    names = ["Ann", "Ben", "Cy"]
    members = [Conversation(fake, fake.user(21 + i, n), group) for i, n in enumerate(names)]
    question = await members[0].send("/quiz")
    assert "👥 回答 0 人" in question.params["text"]
    data = buttons(question)
    right, wrong = data[0], data[1]

    alerts = []
    for member, choice in zip(members, [right, wrong, right], strict=True):
        alerts.append(await member.tap(message_id(question), choice))
    assert all(a.params["show_alert"] is True for a in alerts)
    assert alerts[0].params["text"].startswith("✅ 正解！")
    assert alerts[1].params["text"].startswith("❌ 不正解")
    assert "正解: 1. Amazon SQS" in alerts[1].params["text"]
    assert all(len(a.params["text"]) <= 200 for a in alerts)

    edits = await fake.wait_for("editMessageText", 3, chat_id=group.id)
    assert "👥 回答 3 人" in edits[-1].params["text"]
    assert buttons(edits[-1]) == data  # the buttons stay for the others
    assert "Amazon SQS" in fake.messages[(group.id, message_id(question))]["text"]

    # A second tap counts nothing and shows the first answer's result again (the alert may
    # never have reached the member the first time).
    again = await members[0].tap(message_id(question), wrong)
    assert again.params["text"].startswith("回答済みです（あなたの回答: 1）\n✅ 正解！")
    assert "正解: 1. Amazon SQS" in again.params["text"] and len(again.params["text"]) <= 200

    board = (await members[2].send("/leaderboard")).params["text"]
    assert "1. Ann — 1 点" in board
    assert "2. Cy — 1 点" in board
    assert "3. Ben — 0 点" in board


async def test_group_questions_differ_from_one_to_the_next(adapter, fake, group):
    member = Conversation(fake, fake.user(31, "Dee"), group)
    first = (await member.send("/quiz")).params["text"]
    second = (await member.send("/quiz")).params["text"]
    assert first != second


async def test_export_and_forget_only_in_private(adapter, fake, group):
    member = Conversation(fake, fake.user(32, "Eve"), group)
    assert "個別チャット" in (await member.send("/export")).params["text"]
    assert "個別チャット" in (await member.send("/forget")).params["text"]
