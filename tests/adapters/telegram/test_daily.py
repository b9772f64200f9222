"""The question of the day through the real Telegram adapter and the fake Bot API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.daily.dispatch import DailyDispatch
from storage import deliveries
from tests.support.telegram import Conversation, buttons, message_id

SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 08:30 in Tokyo


def delivered(fake, chat_id: int, marker: str = "📅 今日の問題") -> list:
    return [c for c in fake.sent("sendMessage", chat_id, ok=True) if marker in c.params["text"]]


async def test_learners_get_their_question_at_their_time(adapter, fake, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    people = []
    for i in range(5):
        user = fake.user(200 + i, f"L{i}")
        person = Conversation(fake, user, fake.private_chat(user))
        await person.send("/daily 08:30")
        people.append(person)
    dispatch = DailyDispatch(engine, {"telegram": adapter.daily_sender}, clock)
    clock.set(SLOT)
    fake.fail_next("sendMessage", retry_after=2, times=3)  # a 429 storm mid fan-out
    await dispatch.tick()
    await dispatch.drain()
    for person in people:
        assert len(delivered(fake, person.chat.id)) == 1, person.user.first_name
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 5}
    # The daily question is answered with the usual buttons.
    first = people[0]
    question = delivered(fake, first.chat.id)[0]
    await first.tap(message_id(question), buttons(question)[0])
    assert "正解" in (await first.reply("editMessageText")).params["text"]


async def test_blocked_learner_is_unsubscribed_not_retried(adapter, fake, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    user = fake.user(300, "Gone")
    gone = Conversation(fake, user, fake.private_chat(user))
    await gone.send("/daily 08:30")
    fake.block(user.id)
    dispatch = DailyDispatch(engine, {"telegram": adapter.daily_sender}, clock)
    clock.set(SLOT)
    await dispatch.tick()
    await dispatch.drain()
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"failed": 1}
    attempts = len(fake.sent("sendMessage", user.id))
    clock.set(SLOT + timedelta(days=1))
    await dispatch.tick()
    await dispatch.drain()
    assert len(fake.sent("sendMessage", user.id)) == attempts


async def test_group_gets_yesterdays_result_as_a_reply(adapter, fake, engine, clock):
    clock.set(SLOT - timedelta(hours=1))
    group = fake.group_chat(-1777, "Daily group")
    admin = Conversation(fake, fake.user(400, "Admin"), group)
    fake.member_status[(group.id, 400)] = "administrator"  # only admins set a group's daily
    await admin.send("/daily 08:30")
    dispatch = DailyDispatch(engine, {"telegram": adapter.daily_sender}, clock)
    clock.set(SLOT)
    await dispatch.tick()
    await dispatch.drain()
    first = delivered(fake, group.id)[0]
    assert "👥 回答 0 人" in first.params["text"]
    await admin.tap(message_id(first), buttons(first)[0])
    clock.advance(days=1)
    await dispatch.tick()
    await dispatch.drain()
    replies = [
        c for c in fake.sent("sendMessage", group.id) if "昨日の問題の結果" in c.params["text"]
    ]
    assert len(replies) == 1
    assert "1 人が回答" in replies[0].params["text"]
    assert "Admin" in replies[0].params["text"]
    assert message_id(first) == replies[0].params["reply_parameters"]["message_id"]
