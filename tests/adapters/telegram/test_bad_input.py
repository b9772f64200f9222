"""Bad input gets a clear reply and changes nothing."""

from __future__ import annotations

import pytest

from bot.adapters.telegram.app import TelegramAdapter
from bot.engine.views import LearnerRef
from tests.support.telegram import Conversation, buttons, message_id

ANN = LearnerRef("telegram", "", "11")


async def answered(engine, conversation) -> int:
    ref = LearnerRef("telegram", "", str(conversation.user.id))
    return (await engine.stats(ref)).answered


@pytest.mark.parametrize(
    "data",
    ["garbage", "a:1", "a:x:1", "a:1:-1", "f:maybe", "", "a:" + "9" * 70 + ":0"],
)
async def test_forged_button_data(adapter, fake, ann, engine, data):
    question = await ann.send("/quiz")
    alert = await ann.tap(message_id(question), data)
    assert alert.params["show_alert"] is True
    assert alert.params["text"] in (
        "このボタンは使えません。/quiz で新しい問題をどうぞ。",
        "この問題は見つかりません（古いボタンかもしれません）。/quiz で新しい問題をどうぞ。",
    )
    assert await answered(engine, ann) == 0


async def test_unknown_instance_and_option_out_of_range(adapter, fake, ann, engine):
    question = await ann.send("/quiz")
    instance = buttons(question)[0].split(":")[1]
    unknown = await ann.tap(message_id(question), "a:987654:0")
    assert "見つかりません" in unknown.params["text"]
    out_of_range = await ann.tap(message_id(question), f"a:{instance}:9")
    assert out_of_range.params["text"] == "1〜4 の番号で答えてください。"
    assert await answered(engine, ann) == 0


async def test_another_chats_question_and_someone_elses(adapter, fake, ann, engine):
    question = await ann.send("/quiz")
    data = buttons(question)[0]
    other = fake.user(40, "Mallory")
    mallory = Conversation(fake, other, fake.private_chat(other))
    # Mallory replays Ann's button payload in her own chat, on a message of her own.
    own = await mallory.send("/quiz")
    refused = await mallory.tap(message_id(own), data)
    assert "回答できません" in refused.params["text"]
    assert await answered(engine, mallory) == 0
    assert await answered(engine, ann) == 0


async def test_second_tap_counts_once(adapter, fake, ann, engine):
    question = await ann.send("/quiz")
    await ann.tap(message_id(question), buttons(question)[0])
    second = await ann.tap(message_id(question), buttons(question)[1])
    assert "もう回答済み" in second.params["text"]
    assert await answered(engine, ann) == 1


async def test_tap_from_before_a_restart_on_a_new_database(
    telegram_settings, fake, ann, fake_time, db, catalog, clock, tmp_path
):
    from bot.adapters.telegram.limits import TelegramLimiter
    from bot.engine import Engine
    from storage.db import Database

    first = Engine(db, catalog, clock, fuzz=False)
    adapter = TelegramAdapter(telegram_settings, first, poll_timeout=1)
    await adapter.start()
    question = await ann.send("/quiz")
    await adapter.stop()

    fresh = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    await fresh.migrate()
    second = Engine(fresh, catalog, clock, fuzz=False)
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    restarted = TelegramAdapter(telegram_settings, second, limiter=limiter, poll_timeout=1)
    await restarted.start()
    try:
        stale = await ann.tap(message_id(question), buttons(question)[0])
        assert "古いボタン" in stale.params["text"]
    finally:
        await restarted.stop()
        await fresh.close()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/nosuch", "「/nosuch」というコマンドはありません"),
        ("/quiz nosuchtopic", "「nosuchtopic」は見つかりません"),
        ("/daily 25:99", "「25:99」は時刻として認識できません（00:00〜23:59）。使い方: /daily"),
        ("/daily", "今日の問題は設定されていません。/daily HH:MM"),
        ("/daily off", "今日の問題は設定されていなかったので、止めるものはありません。"),
        ("/timezone Mars/Base", "「Mars/Base」はタイムゾーンとして認識できません"),
        ("/timezone America/Argentina", "「America/Argentina」はタイムゾーンとして認識できません"),
        ("/timezone America/Indiana", "「America/Indiana」はタイムゾーンとして認識できません"),
        ("/timezone right/Asia/Tokyo", "「right/Asia/Tokyo」はタイムゾーンとして認識できません"),
        ("/timezone localtime", "「localtime」はタイムゾーンとして認識できません"),
        ("/timezone " + "Asia/" * 60, "はタイムゾーンとして認識できません"),
        ("/timezone ../../etc/passwd", "はタイムゾーンとして認識できません"),
        ("/lang fr", "使い方: /lang ja または /lang en"),
        ("hello there", "コマンドは /help で確認できます"),
        ("x" * 10_000, "入力が長すぎます"),
        ("<b>&</b>", "コマンドは /help"),
    ],
)
async def test_bad_commands_get_clear_replies(adapter, fake, ann, engine, line, expected):
    reply = await ann.send(line)
    assert expected in reply.params["text"]
    assert await answered(engine, ann) == 0
    data = await engine.profiles.export(ANN)
    assert not data or not data["subscriptions"]


async def test_edited_message_changes_nothing(adapter, fake, ann, engine):
    await ann.send("/daily 07:00")
    fake.edit_text(ann.user, ann.chat, 1, "/daily off")  # message 1: Ann's "/daily 07:00"
    reply = await ann.reply()
    assert "編集されたメッセージには反応しません" in reply.params["text"]
    assert "毎日 07:00" in (await ann.send("/daily 07:00")).params["text"]


async def test_channel_post_is_ignored_and_the_bot_carries_on(adapter, fake, ann):
    channel = fake.channel_chat()
    fake.channel_post(channel, "/quiz")
    assert "こんにちは" in (await ann.send("/start")).params["text"]
    assert fake.sent("sendMessage", channel.id) == []


async def test_group_the_bot_cannot_post_to(adapter, fake, ann, engine):
    group = fake.group_chat(-1009, "Read-only")
    fake.block(group.id)
    member = Conversation(fake, fake.user(50, "Gus"), group)
    fake.send_text(member.user, group, "/quiz")
    await fake.wait_for("sendMessage", 1, chat_id=group.id, ok=False)
    # The failure is logged, not fatal: the next person is served.
    assert "こんにちは" in (await ann.send("/start")).params["text"]


async def test_blocked_learner_is_marked_inactive(adapter, fake, ann, engine):
    await ann.send("/quiz")
    fake.block(ann.chat.id)
    fake.send_text(ann.user, ann.chat, "/stats")
    await fake.wait_for("sendMessage", 1, chat_id=ann.chat.id, ok=False)
    # Updates are handled one at a time: once Bob is answered, Ann's failure was handled.
    bob = fake.user(13, "Bob")
    await Conversation(fake, bob, fake.private_chat(bob)).send("/start")
    data = await engine.profiles.export(ANN)
    assert data["learner"]["active"] is False


async def test_a_failing_handler_apologises_and_the_bot_lives_on(
    adapter, fake, ann, engine, monkeypatch, caplog
):
    async def broken(_learner):
        raise RuntimeError("database went away")

    monkeypatch.setattr(engine, "stats", broken)
    reply = await ann.send("/stats")
    assert reply.params["text"] == "すみません、エラーが発生しました。もう一度お試しください。"
    assert any("update 1000" in r.getMessage() and r.exc_info for r in caplog.records)
    monkeypatch.undo()
    assert "回答数: 0" in (await ann.send("/stats")).params["text"]
