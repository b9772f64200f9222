"""Decks from Telegram: a memo sent as a document becomes a deck of that chat; groups need an
administrator (getChatMember); reports, review and retiring through the buttons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.daily.dispatch import DailyDispatch
from tests.support.memos import MEMO, QUEUES
from tests.support.telegram import Conversation, buttons, message_id


@pytest.fixture
def en(fake):
    user = fake.user(12, "Eve", language_code="en")
    return Conversation(fake, user, fake.private_chat(user))


@pytest.fixture
def group(fake):
    chat = fake.group_chat(-1002, "Study group")
    fake.member_status[(chat.id, 31)] = "administrator"
    return chat


async def test_a_learner_sends_a_memo_and_quizzes_on_it(adapter, fake, en):
    reply = await en.send_file("study.md", MEMO.encode())
    body = reply.params["text"]
    assert body.startswith("📚 Added the deck “study” (study): 2 topics, 8 questions.")
    assert "Topics: Queues, Streams" in body
    assert buttons(reply) == ["t:study", "k:del:study"]
    # The file came through getFile and the file URL of the same (fake) Bot API server.
    assert fake.sent("getFile") and fake.sent("download")
    await en.tap(message_id(reply), "t:study")
    question = await en.reply()
    assert (
        "<b>Queues</b>" in question.params["text"] or "<b>Streams</b>" in question.params["text"]
    )
    await en.tap(message_id(question), buttons(question)[0])
    result = await en.reply("editMessageText")
    report = [d for d in buttons(result) if d.startswith("p:")]
    assert report == [f"p:{buttons(question)[0].split(':')[1]}"]
    await en.tap(message_id(result), report[0])
    ask = await en.reply()
    assert ask.params["text"] == "What is wrong with this question?"
    assert [d[-1] for d in buttons(ask)] == ["w", "u", "t"]
    alert = await en.tap(message_id(ask), buttons(ask)[1])
    assert "Thanks for the report" in alert.params["text"]
    again = await en.tap(message_id(ask), buttons(ask)[0])
    assert "already reported" in again.params["text"]


async def test_group_admin_adds_a_deck_and_a_member_cannot(adapter, fake, group):
    admin = Conversation(fake, fake.user(31, "Admin", language_code="en"), group)
    member = Conversation(fake, fake.user(32, "Member", language_code="en"), group)
    refused = await member.send_file("queues.md", QUEUES.encode())
    assert (
        refused.params["text"]
        == "Only this chat's administrators may change its settings and decks."
    )
    assert not fake.sent("getFile")  # nothing fetched, nothing stored
    added = await admin.send_file("queues.md", QUEUES.encode())
    assert "Added the deck “Queues” (queues): 2 topics, 3 questions" in added.params["text"]
    listing = (await member.send("/decks")).params["text"]
    assert "queues — Queues (2 topics, 3 questions) [this chat's]" in listing
    off = await member.send("/decks off queues")
    assert "Only this chat's administrators" in off.params["text"]
    quiz = await member.send("/quiz sqs")
    assert "<b>SQS</b>" in quiz.params["text"]
    # Another chat does not see the group's deck.
    other = Conversation(fake, fake.user(33, "Out", language_code="en"), fake.group_chat(-1003))
    assert "queues —" not in (await other.send("/decks")).params["text"]


async def test_only_group_admins_change_the_question_of_the_day(adapter, fake, group):
    admin = Conversation(fake, fake.user(31, "Admin", language_code="en"), group)
    member = Conversation(fake, fake.user(32, "Member", language_code="en"), group)
    refused = await member.send("/daily 08:30")
    assert refused.params["text"] == "Only this group's administrators may change its settings."
    assert "08:30" in (await admin.send("/daily 08:30")).params["text"]
    assert "administrators" in (await member.send("/daily off")).params["text"]
    fake.member_status[(group.id, 32)] = "creator"
    assert "administrators" not in (await member.send("/daily off")).params["text"]


async def test_bad_files_get_a_reply_and_store_nothing(adapter, fake, en, group):
    big = await en.send_file("big.md", b"x", size=3 * 1024 * 1024)
    assert "too big (at most 2 MB)" in big.params["text"]
    assert not fake.sent("getFile")  # refused before downloading
    picture = await en.send_file("photo.png", b"\x89PNG\r\n\x1a\n")
    assert "I can't read “photo.png”" in picture.params["text"]
    renamed = await en.send_file("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert "looks like a picture" in renamed.params["text"]
    assert "“empty.txt” is empty" in (await en.send_file("empty.txt", b"")).params["text"]
    bad = await en.send_file("deck.yaml", b"id: d\ntitle: T\ntopics: []\nquestions: 3\n")
    assert "“deck.yaml” is not a valid deck" in bad.params["text"]
    assert "deck.yaml:4: questions" in bad.params["text"]
    assert "[this chat's]" not in (await en.send("/decks")).params["text"]
    # A group shares all kinds of files: a picture there is not for the bot.
    admin = Conversation(fake, fake.user(31, "Admin", language_code="en"), group)
    fake.send_document(admin.user, group, "holiday.jpg", b"\xff\xd8\xff")
    after = await admin.send("/decks")
    assert after.params["text"].startswith("Decks in this chat:")
    assert not fake.sent("sendMessage", group.id)[:-1]


async def test_review_and_retire_with_buttons(adapter, fake, en):
    await en.send_file("queues.md", QUEUES.encode())
    await en.send("/decks off mini")
    question = await en.send("/quiz")
    instance = buttons(question)[0].split(":")[1]
    await en.tap(message_id(question), buttons(question)[0])
    await en.reply("editMessageText")
    forged = await en.tap(message_id(question), "p:999999:w")
    assert "only a question you answered" in forged.params["text"]
    await en.tap(message_id(question), f"p:{instance}:w")
    review = await en.send("/review")
    assert "(reports: Wrong answer 1)" in review.params["text"]
    retire = [d for d in buttons(review) if d.startswith("x:queues/")]
    assert len(retire) == 1
    done = await en.tap(message_id(review), retire[0])
    assert done.params["text"].startswith("Retired queues/")
    stale = await en.tap(message_id(review), retire[0])
    assert "already retired" in stale.params["text"]
    forged_retire = await en.tap(message_id(review), "x:queues/not-a-question")
    assert "has no question" in forged_retire.params["text"]
    prompt = question.params["text"].split("\n\n")[1]
    assert prompt
    for _ in range(5):
        asked = await en.send("/quiz")
        assert prompt not in asked.params["text"]
        await en.tap(message_id(asked), buttons(asked)[0])
        await en.reply("editMessageText")


async def test_the_question_of_the_day_comes_from_the_decks_switched_on(
    adapter, fake, engine, clock, en
):
    slot = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 08:30 in Tokyo
    clock.set(slot - timedelta(hours=1))
    await en.send_file("study.md", MEMO.encode())
    await en.send("/decks off mini")
    await en.send("/daily 08:30")
    dispatch = DailyDispatch(engine, {"telegram": adapter.daily_sender}, clock)
    clock.set(slot)
    await dispatch.tick()
    await dispatch.drain()
    daily = [c for c in fake.sent("sendMessage", en.chat.id) if "📅" in c.params["text"]]
    assert len(daily) == 1
    assert (
        "<b>Queues</b>" in daily[0].params["text"] or "<b>Streams</b>" in daily[0].params["text"]
    )
