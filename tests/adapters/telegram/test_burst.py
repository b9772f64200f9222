"""Many taps at once through the real PTB Application: every tap is acknowledged while the
outgoing pacing still stands still, each chat's taps count in order, and a group's answer
count is edited a few times only and ends on the true number."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.clock import ManualTime
from tests.support.telegram import Conversation, adapter_on, buttons, message_id


@pytest.fixture
def time() -> ManualTime:
    return ManualTime()


@pytest.fixture
async def frozen(telegram_settings, engine, time):
    """The adapter on a clock that moves only when the test says so."""
    bot = adapter_on(telegram_settings, engine, time)
    await bot.start()
    yield bot
    await meanwhile(time, bot.later.settled())
    await meanwhile(time, bot.tallies.settled())
    await bot.stop()


async def meanwhile(time: ManualTime, work):
    """Run `work` while time moves on in small steps (for setting a scene, not measuring)."""
    task = asyncio.ensure_future(work)
    while not task.done():
        await time.advance(0.05)
        await asyncio.sleep(0.002)
    return task.result()


def count_edits(fake, chat_id: int) -> list[str]:
    return [c.params["text"] for c in fake.sent("editMessageText", chat_id, ok=True)]


async def test_a_whole_group_tapping_at_once_is_acknowledged_and_counted_once_each(
    frozen, fake, time
):
    group = fake.group_chat(-1001, "AWS study")
    members = [fake.user(200 + n, f"M{n}") for n in range(30)]
    first = Conversation(fake, members[0], group)
    question = await meanwhile(time, first.send("/quiz"))
    right = buttons(question)[0]
    before = len(fake.sent("answerCallbackQuery"))
    for member in members:
        fake.tap(member, group, message_id(question), right)
    fake.tap(members[3], group, message_id(question), right)  # a double tap

    # Time stands still: the count may be edited once, yet every tap is acknowledged.
    acks = await fake.wait_for("answerCallbackQuery", before + 31, timeout=10)
    alerts = [a.params["text"] for a in acks[before:]]
    assert sum(a.startswith("✅ 正解！") for a in alerts) == 30
    repeated = "回答済みです（あなたの回答: 1）"
    assert sum(a.startswith(repeated) for a in alerts) == 1  # the double tap counted once
    assert len(count_edits(fake, group.id)) <= 1

    await time.advance(0.1)  # the first count goes out at once...
    await fake.wait_for("editMessageText", 1, chat_id=group.id)
    await time.advance(3)  # ...and the rest as one edit, an interval later
    edits = await fake.wait_for("editMessageText", 2, chat_id=group.id)
    assert "👥 回答 30 人" in edits[-1].params["text"]
    assert len(count_edits(fake, group.id)) == 2
    assert buttons(edits[-1]) == buttons(question)


async def test_a_429_on_the_count_edit_delays_no_acknowledgement(frozen, fake, time):
    group = fake.group_chat(-1002, "Night owls")
    members = [fake.user(300 + n, f"N{n}") for n in range(11)]
    question = await meanwhile(time, Conversation(fake, members[0], group).send("/quiz"))
    data = buttons(question)
    fake.fail_next("editMessageText", retry_after=30)
    before = len(fake.sent("answerCallbackQuery"))
    fake.tap(members[0], group, message_id(question), data[1])
    await fake.wait_for("answerCallbackQuery", before + 1)
    await time.advance(0.1)
    await fake.wait_for("editMessageText", 1, chat_id=group.id, ok=False)  # refused: 429

    for member in members[1:]:
        fake.tap(member, group, message_id(question), data[0])
    # Still within the 30 s the edit must wait, all ten later taps are acknowledged.
    acks = await fake.wait_for("answerCallbackQuery", before + 11, timeout=10)
    assert all(a.params["show_alert"] for a in acks[before:])
    assert count_edits(fake, group.id) == []

    await time.advance(31)
    edits = await fake.wait_for("editMessageText", 1, chat_id=group.id, ok=True)
    await time.advance(3)
    await asyncio.sleep(0.2)
    edits = fake.sent("editMessageText", group.id, ok=True)
    assert "👥 回答 11 人" in edits[-1].params["text"]
    assert len(edits) <= 2


async def test_private_taps_are_acknowledged_before_their_results_are_shown(frozen, fake, time):
    people = [fake.user(400 + n, f"P{n}", language_code="en") for n in range(5)]
    chats = [Conversation(fake, p, fake.private_chat(p)) for p in people]
    questions = [await meanwhile(time, c.send("/quiz")) for c in chats]
    before = len(fake.sent("answerCallbackQuery"))
    for chat, question in zip(chats, questions, strict=True):
        data = buttons(question)
        fake.tap(chat.user, chat.chat, message_id(question), data[0])
        fake.tap(chat.user, chat.chat, message_id(question), data[1])  # a quick second tap
    acks = await fake.wait_for("answerCallbackQuery", before + 10, timeout=10)
    texts = [a.params.get("text") or "" for a in acks[before:]]
    assert sum("already answered" in t for t in texts) == 5  # each person counted once

    edits = await meanwhile(time, fake.wait_for("editMessageText", 5, timeout=10))
    assert all("Correct!" in e.params["text"] for e in edits)  # the first tap's answer
    assert {e.params["chat_id"] for e in edits} == {p.id for p in people}


async def test_a_tap_costs_one_transaction_and_answers_in_the_chosen_language(
    adapter, fake, engine, monkeypatch
):
    user = fake.user(500, "Jo", language_code="ja")
    jo = Conversation(fake, user, fake.group_chat(-1003, "Jo's group"))
    await jo.send("/lang en")
    question = await jo.send("/quiz")
    opened = 0
    transaction = engine.db.transaction

    def counted():
        nonlocal opened
        opened += 1
        return transaction()

    monkeypatch.setattr(engine.db, "transaction", counted)
    alert = await jo.tap(message_id(question), buttons(question)[0])
    assert alert.params["text"].startswith("✅ Correct!")
    assert opened == 1  # the answer, and with it the language: no second look-up
