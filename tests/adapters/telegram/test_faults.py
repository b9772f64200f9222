"""What Telegram sends or fails to do cannot stop the bot or hide an answer: unreadable
updates are skipped, polling errors back off, failed replies are retried, a result Telegram
failed to show is shown on the next tap, and the log stays short."""

from __future__ import annotations

import pytest

from bot.adapters.startup import StartupRefused
from bot.adapters.telegram.app import TelegramAdapter
from bot.config import load_settings
from bot.engine.views import LearnerRef
from bot.messages.catalogue import tr
from tests.support.logs import limited_log
from tests.support.telegram import buttons, message_id

APOLOGY = tr("ja", "error")


def lines(caplog, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


async def test_an_unreadable_update_is_skipped_once_and_the_next_is_answered(
    adapter, fake, ann, caplog
):
    poison = fake.queue_raw()
    broken = fake.queue_raw(message={"text": "/start"})  # no chat, no date, no message_id
    reply = await ann.send("/help")
    assert "/quiz" in reply.params["text"]
    # Polling went on past both (later polls ask from a later offset) without asking again.
    await fake.wait_for("getUpdates", len(fake.sent("getUpdates")) + 1)
    assert fake.sent("getUpdates")[-1].params["offset"] > broken.update_id
    assert len(fake.sent("getUpdates")) < 10
    assert len(lines(caplog, f"skipping update {poison.update_id}")) == 1
    assert len(lines(caplog, f"skipping update {broken.update_id}")) == 1
    assert not fake.sent("sendMessage", ok=False)


async def test_an_unreadable_update_last_in_its_batch_is_confirmed(adapter, fake, ann, caplog):
    await fake.wait_for("getUpdates")
    poison = fake.queue_raw()
    polls = len(fake.sent("getUpdates"))
    await fake.wait_for("getUpdates", polls + 1)
    assert fake.sent("getUpdates")[-1].params["offset"] == poison.update_id + 1
    assert "/quiz" in (await ann.send("/help")).params["text"]
    assert len(lines(caplog, f"skipping update {poison.update_id}")) == 1


async def test_an_unreadable_webhook_update_is_acknowledged_and_skipped(webhook, fake, caplog):
    url, secret = webhook.telegram_webhook_url, webhook.telegram_webhook_secret
    poison = {"update_id": 900, "poll": {"id": "1", "question": "?", "options": []}}
    assert await fake.post_webhook(url, poison, secret) == 200  # or Telegram resends it forever
    assert len(lines(caplog, "skipping update 900")) == 1
    user = fake.user(12, "Bea")
    update = fake.send_text(user, fake.private_chat(user), "/help")
    assert await fake.post_webhook(url, update, secret) == 200
    assert "/quiz" in (await fake.wait_for("sendMessage", chat_id=12))[0].params["text"]


async def test_polling_errors_back_off_and_polling_goes_on(adapter, fake, fake_time, ann):
    await ann.send("/help")
    fake.fail_next("getUpdates", status=500, times=5)
    fake.fail_next("getUpdates", status=502, times=1)
    await fake.wait_for("getUpdates", 6, ok=False)
    reply = await ann.send("/help")
    assert "/quiz" in reply.params["text"]
    waits = [s for s in fake_time.slept if s >= 1]
    assert waits[:6] == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]


async def test_repeated_polling_errors_log_one_line_per_period(adapter, fake, ann):
    with limited_log() as captured:
        await ann.send("/help")
        fake.fail_next("getUpdates", status=500, times=40)
        await fake.wait_for("getUpdates", 40, ok=False)
        assert "/quiz" in (await ann.send("/help")).params["text"]
    assert len([r for r in captured if "getUpdates failed" in r.getMessage()]) == 1


async def test_a_short_outage_on_replies_is_outlasted(adapter, fake, fake_time, ann):
    fake.fail_next("sendMessage", status=500, times=3)
    fake.send_text(ann.user, ann.chat, "/quiz")
    sent = await fake.wait_for("sendMessage", 1, chat_id=ann.chat.id, ok=True)
    assert buttons(sent[0])  # the question, with its answer buttons
    assert len(fake.sent("sendMessage", ok=False)) == 3
    assert [s for s in fake_time.slept if s in (0.5, 1.0, 2.0)][:3] == [0.5, 1.0, 2.0]


async def test_a_lost_request_is_sent_again(telegram_settings, engine, fake, fake_time, ann):
    # A short read timeout stands for Telegram's silence; the fake never answers the first.
    bot = TelegramAdapter(
        telegram_settings,
        engine,
        poll_timeout=1,
        sleep=fake_time.sleep,
        clock=fake_time.clock,
        read_timeout=0.3,
    )
    await bot.start()
    try:
        fake.hang_next("sendMessage")
        fake.send_text(ann.user, ann.chat, "/help")
        sent = await fake.wait_for("sendMessage", 1, chat_id=ann.chat.id, ok=True)
        assert "/quiz" in sent[0].params["text"]
        assert bot.request.retried == 1
    finally:
        await bot.stop()


async def test_an_answer_telegram_failed_to_show_is_shown_on_the_next_tap(
    adapter, fake, ann, engine
):
    question = await ann.send("/quiz")
    # Longer than the retry budget: the answer is stored, but nothing reaches the person.
    fake.fail_next("answerCallbackQuery", status=500, times=100)
    fake.fail_next("editMessageText", status=500, times=100)
    first = buttons(question)[0]
    await ann.tap(message_id(question), first)
    await fake.wait_for("answerCallbackQuery", 6, ok=False)
    fake.heal()
    await ann.tap(message_id(question), buttons(question)[1])
    shown = await ann.reply("editMessageText")
    assert ("正解" in shown.params["text"]) or ("不正解" in shown.params["text"])
    assert "回答済み" not in str(fake.callback_answers)
    # The first tap's choice is what was recorded and shown, once.
    stats = await engine.stats(LearnerRef("telegram", "", str(ann.user.id)))
    assert stats.answered == 1
    option = int(first.rsplit(":", 1)[1])
    assert (
        f"❌ {option + 1}." in shown.params["text"] or f"✅ {option + 1}." in shown.params["text"]
    )
    assert not [c for c in fake.sent("sendMessage") if APOLOGY in c.params.get("text", "")]


async def test_a_tap_on_a_shown_result_still_says_already_answered(adapter, fake, ann):
    question = await ann.send("/quiz")
    await ann.tap(message_id(question), buttons(question)[0])
    await ann.reply("editMessageText")
    # A stale client still showing the buttons taps again: Telegram sends the message as it is.
    again = await ann.tap(message_id(question), buttons(question)[0])
    assert "回答済み" in (again.params.get("text") or "")


async def test_no_apology_while_telegram_is_failing(adapter, fake, ann):
    fake.fail_next("sendMessage", status=500, times=100)
    fake.send_text(ann.user, ann.chat, "/help")
    await fake.wait_for("sendMessage", 6, chat_id=ann.chat.id, ok=False)
    fake.heal()
    assert "/quiz" in (await ann.send("/help")).params["text"]
    assert not [c for c in fake.sent("sendMessage") if APOLOGY in c.params.get("text", "")]


async def test_start_waits_for_an_unreachable_bot_api(telegram_settings, engine, fake, fake_time):
    fake.fail_next("getMe", status=502, times=3)
    bot = TelegramAdapter(
        telegram_settings, engine, poll_timeout=1, sleep=fake_time.sleep, clock=fake_time.clock
    )
    assert not bot.ready
    await bot.start()
    try:
        assert bot.ready
        assert fake_time.slept[:3] == [1.0, 2.0, 4.0]
        await fake.wait_for("getUpdates")
    finally:
        await bot.stop()


async def test_a_rejected_token_stops_the_start_with_one_line(engine, fake, fake_time):
    settings = load_settings(telegram_bot_token="999:WRONG", telegram_api_base_url=fake.base_url)
    bot = TelegramAdapter(settings, engine, sleep=fake_time.sleep, clock=fake_time.clock)
    with pytest.raises(StartupRefused, match="Telegram rejected TELEGRAM_BOT_TOKEN"):
        await bot.start()
    await bot.stop()
    assert fake_time.slept == []
