"""A whole private conversation over the Bot API: /start, questions, answers, streak, /stats."""

from __future__ import annotations

import json

from tests.support.telegram import Conversation, buttons, message_id


async def test_start_greets_in_japanese_and_registers_commands(adapter, fake, ann):
    reply = await ann.send("/start")
    assert "こんにちは、Ann さん！" in reply.params["text"]
    assert "/quiz" in reply.params["text"] and "/daily" in reply.params["text"]
    assert reply.params["parse_mode"] == "HTML"
    assert [c["command"] for c in fake.my_commands("ja")][:2] == ["quiz", "topics"]
    assert fake.my_commands("en")[0]["description"].startswith("Next question")


async def test_english_client_gets_english_until_lang(adapter, fake):
    user = fake.user(12, "Bob", language_code="en")
    bob = Conversation(fake, user, fake.private_chat(user))
    assert "Hello, Bob!" in (await bob.send("/start")).params["text"]
    assert (await bob.send("/lang ja")).params["text"] == "表示言語を日本語にしました。"
    assert "番号" not in (await bob.send("/help")).params["text"]
    assert "コマンド:" in (await bob.send("/help")).params["text"]


async def test_quiz_answer_next_and_stats(adapter, fake, ann, engine, clock):
    question = await ann.send("/quiz")
    text = question.params["text"]
    assert "<b>Queues and topics</b>" in text
    assert "1. Amazon SQS" in text
    data = buttons(question)
    assert len(data) == 4 and all(d.startswith("a:") and len(d.encode()) <= 64 for d in data)

    tap = await ann.tap(message_id(question), data[0])
    assert tap.params.get("show_alert") in (None, False)
    edit = await ann.reply("editMessageText")
    body = edit.params["text"]
    assert "✅ 正解！" in body
    assert "✅ 1. Amazon SQS" in body
    assert "解説: SQS is a queue" in body
    assert "出典: mini-memo.md「Queues」" in body
    # "next", and "⚑ report" for the question just answered.
    assert buttons(edit) == ["n:", f"p:{data[0].split(':')[1]}"]

    await ann.tap(message_id(question), "n:")
    second = await ann.reply()
    assert "<b>Streams</b>" in second.params["text"]
    await ann.tap(message_id(second), buttons(second)[0])  # wrong: Firehose is option 2
    wrong = await ann.reply("editMessageText")
    assert "❌ 不正解" in wrong.params["text"]
    assert "❌ 1. Kinesis Data Streams" in wrong.params["text"]
    assert "✅ 2. Amazon Data Firehose" in wrong.params["text"]

    stats = (await ann.send("/stats")).params["text"]
    assert "回答数: 2" in stats and "正解数: 1" in stats and "正答率: 50%" in stats
    assert "連続学習: 1 日" in stats

    clock.advance(days=1)
    third = await ann.send("/quiz")
    await ann.tap(message_id(third), buttons(third)[0])
    streak = await ann.reply("editMessageText")
    assert "🔥 連続 2 日" in streak.params["text"]


async def test_topics_buttons_start_a_quiz_on_that_topic(adapter, fake, ann):
    listing = await ann.send("/topics")
    assert "streams — Streams（2 問、習熟度 0%）" in listing.params["text"]
    assert buttons(listing) == ["t:queues", "t:streams", "t:storage"]
    await ann.tap(message_id(listing), "t:storage")
    question = await ann.reply()
    assert "<b>Object storage</b>" in question.params["text"]


async def test_daily_timezone_export_and_forget(adapter, fake, ann):
    assert "毎日 08:30（Asia/Tokyo）" in (await ann.send("/daily 8:30")).params["text"]
    assert "Europe/Berlin" in (await ann.send("/timezone Europe/Berlin")).params["text"]
    question = await ann.send("/quiz")
    await ann.tap(message_id(question), buttons(question)[0])
    document = await ann.send("/export", method="sendDocument")
    data = json.loads(document.params["document_bytes"])
    assert data["learner"]["timezone"] == "Europe/Berlin"
    assert data["subscriptions"][0]["local_time"] == "08:30"
    assert data["subscriptions"][0]["timezone"] == "Europe/Berlin"
    assert len(data["answers"]) == 1

    confirm = await ann.send("/forget")
    assert buttons(confirm) == ["f:yes:11", "f:no:11"]  # the asker's id: only Ann confirms
    await ann.tap(message_id(confirm), "f:yes:11")
    done = await ann.reply("editMessageText")
    assert "すべてのデータを削除しました" in done.params["text"]
    assert "回答数: 0" in (await ann.send("/stats")).params["text"]
    # The question from before the deletion is gone: its button explains instead of counting.
    stale = await ann.tap(message_id(question), buttons(question)[0])
    assert "見つかりません" in stale.params["text"]


async def test_forget_can_be_cancelled(adapter, fake, ann):
    question = await ann.send("/quiz")
    await ann.tap(message_id(question), buttons(question)[0])
    confirm = await ann.send("/forget")
    await ann.tap(message_id(confirm), "f:no")
    assert "取り消しました" in (await ann.reply("editMessageText")).params["text"]
    assert "回答数: 1" in (await ann.send("/stats")).params["text"]
