"""Updates a stranger, another bot or an odd client sends: a clear reply or silence, never a
traceback, and nothing stored that should not be."""

from __future__ import annotations

import logging

import pytest
from telegram import Message, User

from bot.engine.views import LearnerRef
from storage import chats
from tests.support.telegram import Conversation, buttons, message_id

ANN = LearnerRef("telegram", "", "11")
INVALID = "このボタンは使えません。/quiz で新しい問題をどうぞ。"
UNKNOWN = "この問題は見つかりません（古いボタンかもしれません）。/quiz で新しい問題をどうぞ。"


async def answered(engine, conversation) -> int:
    ref = LearnerRef("telegram", "", str(conversation.user.id))
    return (await engine.stats(ref)).answered


async def chat_row(db, chat_id: int):
    async with db.transaction() as tx:
        return await tx.run_sync(chats.find_chat, "telegram", "", str(chat_id))


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("UTC", "UTC"),
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/GMT+9", "Etc/GMT+9"),
    ],
)
async def test_every_iana_zone_and_utc_are_accepted(adapter, ann, engine, given, stored):
    reply = await ann.send(f"/timezone {given}")
    assert reply.params["text"] == f"タイムゾーンを {stored} にしました。"
    assert await engine.profiles.timezone(ANN) == stored


async def test_a_refused_zone_stores_nothing(adapter, ann, engine, caplog):
    for zone in ("America/Argentina", "America/Indiana", "right/Asia/Tokyo", "x" * 300):
        reply = await ann.send(f"/timezone {zone}")
        assert "はタイムゾーンとして認識できません" in reply.params["text"]
    assert await engine.profiles.export(ANN) == {}
    assert errors(caplog) == []


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("a:9223372036854775808:0", INVALID),  # 2**63: no BIGINT holds it
        ("a:18446744073709551616:0", INVALID),
        ("a:99999999999999999999:0", INVALID),
        ("a:9223372036854775807:0", UNKNOWN),  # the largest id there could be
        ("a:1:99999999999999999999", INVALID),
        ("a:١٢:0", INVALID),  # Arabic-Indic digits are digits to Python, not to us
        ("a:\ud800:0", INVALID),  # a lone surrogate, as JSON can carry one
        ("t:\udfff", INVALID),
        ("n:\ud83d", INVALID),
        ("f:yes\ud800", INVALID),
    ],
)
async def test_forged_ids_and_text_are_refused(adapter, ann, engine, caplog, data, expected):
    question = await ann.send("/quiz")
    alert = await ann.tap(message_id(question), data)
    # The tap is answered, so the button's spinner stops.
    assert alert.params["text"] == expected
    assert alert.params["show_alert"] is True
    assert await answered(engine, ann) == 0
    assert errors(caplog) == []


def message_without_sender(fake, chat, text: str, **extra) -> None:
    from tests.fakes.telegram_updates import command_entities

    fields = {"chat": chat, "text": text, "entities": command_entities(text), **extra}
    message = Message(message_id=fake.next_message_id(chat.id), date=fake.now(), **fields)
    key = "edited_message" if "edit_date" in extra else "message"
    fake.queue(**{key: message})


async def test_messages_with_no_sender(adapter, fake, ann, engine, caplog):
    group = fake.group_chat(-1001, "Study group")
    # A post as the group itself, a command with nobody behind it, an edit with no sender.
    message_without_sender(fake, group, "/quiz", sender_chat=group)
    message_without_sender(fake, ann.chat, "/stats")
    message_without_sender(fake, ann.chat, "hello")
    message_without_sender(fake, ann.chat, "/daily off", edit_date=fake.now())
    note = (await fake.wait_for("sendMessage", 1, chat_id=group.id))[0]
    assert note.params["text"].startswith("送信者が分からないため応答できません")
    await fake.wait_for("sendMessage", 1, chat_id=ann.chat.id)
    # Updates are handled in order: once Ann is greeted, the ones before her were handled.
    assert "こんにちは" in (await ann.send("/start")).params["text"]
    private = [c.params["text"] for c in fake.sent("sendMessage", ann.chat.id)]
    assert len(private) == 2 and private[0].startswith("送信者が分からない")
    assert fake.sent("sendMessage", group.id) == [note]
    assert await chat_row(engine.db, group.id) is None
    assert errors(caplog) == []


async def test_a_command_for_another_bot_is_not_ours(adapter, fake, ann, engine):
    for text in ("/quiz@otherbot", "/nosuch@otherbot", "/stats@OtherBot extra"):
        fake.send_text(ann.user, ann.chat, text)
    # The first reply in this chat is to the line after them.
    reply = await ann.send("/nosuch@studybot_test_bot")
    assert "「/nosuch」というコマンドはありません" in reply.params["text"]
    assert len(fake.sent("sendMessage", ann.chat.id)) == 1
    question = await ann.send("/quiz@StudyBot_Test_Bot")
    assert len(buttons(question)) == 4
    assert await engine.profiles.export(ANN) != {}  # only the /quiz addressed to us stored


async def test_the_longest_telegram_name_fits(adapter, fake, engine):
    long = User(id=77, first_name="名" * 64, last_name="姓" * 64, is_bot=False)
    group = fake.group_chat(-1002, "G" * 128)
    member = Conversation(fake, long, group)
    question = await member.send("/quiz")
    await member.tap(message_id(question), buttons(question)[0])
    assert await answered(engine, member) == 1
    data = await engine.profiles.export(LearnerRef("telegram", "", "77"))
    assert data["learner"]["display_name"] == "名" * 64 + " " + "姓" * 62 + "…"
    board = await member.send("/leaderboard")
    assert "名" * 64 + " " + "姓" * 62 + "…" in board.params["text"]


async def test_daily_off_without_a_subscription_creates_nothing(adapter, ann, engine):
    reply = await ann.send("/daily off")
    assert reply.params["text"] == (
        "今日の問題は設定されていなかったので、止めるものはありません。"
    )
    assert await engine.profiles.export(ANN) == {}
    assert await chat_row(engine.db, ann.chat.id) is None


async def test_daily_alone_shows_the_setting(adapter, ann):
    assert "設定されていません" in (await ann.send("/daily")).params["text"]
    await ann.send("/daily 7:30")
    shown = (await ann.send("/daily")).params["text"]
    assert shown == "今日の問題: 毎日 07:30（Asia/Tokyo）。変更は /daily HH:MM、停止は /daily off"
    assert (await ann.send("/daily off")).params["text"] == "今日の問題の配信を止めました。"


async def test_only_the_asker_confirms_forget(adapter, fake, ann, engine):
    await ann.send("/quiz")
    confirm = await ann.send("/forget")
    yes, no = buttons(confirm)
    assert (yes, no) == ("f:yes:11", "f:no:11")
    mallory = fake.user(40, "Mallory")
    # Mallory's client replays the button, and forged variants of it, in Ann's chat.
    for data in (yes, "f:yes", "f:yes:40", no):
        before = len(fake.sent("answerCallbackQuery"))
        fake.tap(mallory, ann.chat, message_id(confirm), data)
        alert = (await fake.wait_for("answerCallbackQuery", before + 1))[-1]
        assert alert.params["text"] == "このボタンはデータの削除を依頼した本人だけが使えます。"
    assert await engine.profiles.export(ANN) != {}
    assert await chat_row(engine.db, ann.chat.id) is not None
    await ann.tap(message_id(confirm), yes)
    done = await ann.reply("editMessageText")
    assert done.params["text"].startswith("すべてのデータを削除しました")
    assert await engine.profiles.export(ANN) == {}
