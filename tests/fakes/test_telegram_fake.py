"""Tests of the fake Telegram Bot API, driven by the real python-telegram-bot client so that the
fake's shapes and error codes are the ones PTB 22 understands."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import ApplicationBuilder, CommandHandler

from tests.fakes.telegram_api import FakeBotApi

CHAT = 501
# PTB 22 warns whenever RetryAfter.retry_after is read, including inside its own constructor.
pytestmark = pytest.mark.filterwarnings("ignore:.*attribute `retry_after`:DeprecationWarning")


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(x, callback_data=f"a:{x}") for x in labels]]
    )


def seconds(retry_after: int | timedelta) -> float:
    # An int in PTB 22 unless PTB_TIMEDELTA opts in to the coming timedelta.
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return retry_after


@pytest.fixture
async def fake():
    api = FakeBotApi(now=lambda: datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(fake):
    async with Bot(fake.token, base_url=fake.base_url) as bot:
        yield bot


async def test_get_me(fake, bot):
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456, True, "studybot_test_bot")
    assert bot.username == "studybot_test_bot"  # set by Bot.initialize from the first getMe
    assert [call.method for call in fake.calls] == ["getMe", "getMe"]


async def test_send_and_edit_round_trip_an_inline_keyboard(fake, bot):
    sent = await bot.send_message(CHAT, "Q1: what is S3?", reply_markup=keyboard("A", "B"))
    assert sent.text == "Q1: what is S3?"
    assert sent.reply_markup == keyboard("A", "B")
    assert sent.from_user.id == fake.bot_user.id
    assert sent.date == datetime(2026, 11, 25, 9, 0, tzinfo=UTC)

    call = fake.sent("sendMessage", chat_id=CHAT)[0]
    assert call.params["reply_markup"] == keyboard("A", "B").to_dict()  # decoded, not a string
    second = await bot.send_message(CHAT, "Q2")
    assert second.message_id == sent.message_id + 1

    edited = await bot.edit_message_text(
        "Q1: correct!", CHAT, sent.message_id, reply_markup=keyboard("Next")
    )
    assert (edited.text, edited.reply_markup) == ("Q1: correct!", keyboard("Next"))
    assert fake.messages[(CHAT, sent.message_id)]["text"] == "Q1: correct!"

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "Q1: correct!", CHAT, sent.message_id, reply_markup=keyboard("Next")
        )
    cleared = await bot.edit_message_reply_markup(CHAT, sent.message_id)
    assert cleared.reply_markup is None
    assert "reply_markup" not in fake.messages[(CHAT, sent.message_id)]
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)


async def test_html_text_is_stored_as_the_user_sees_it(fake, bot):
    sent = await bot.send_message(CHAT, "<b>Streak</b> &amp; score", parse_mode="HTML")
    assert sent.text == "Streak & score"
    assert fake.sent("sendMessage")[0].params["text"] == "<b>Streak</b> &amp; score"


async def test_tap_gives_a_callback_query_ptb_parses(fake, bot):
    alice = fake.user(7, "Alice")
    chat = fake.private_chat(alice)
    question = await bot.send_message(chat.id, "Pick one", reply_markup=keyboard("A", "B"))

    update = fake.tap(alice, chat, question.message_id, "a:B")
    parsed = Update.de_json(fake.update_dict(update), bot)
    query = parsed.callback_query
    assert (query.data, query.from_user.id) == ("a:B", 7)
    assert query.message.message_id == question.message_id
    assert query.message.text == "Pick one"
    assert query.message.reply_markup == keyboard("A", "B")

    polled = await bot.get_updates(timeout=0)
    assert [u.update_id for u in polled] == [update.update_id]
    assert polled[0].callback_query.id == query.id
    assert fake.tap(alice, chat, question.message_id, "a:A").callback_query.id != query.id

    assert await query.answer("Right!", show_alert=True)
    assert fake.callback_answers[query.id] == {"text": "Right!", "show_alert": True}
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("no-such-query")


async def test_users_messages_commands_and_edits(fake, bot):
    bob = fake.user(8, "Bob", language_code="en", username="bob")
    group = fake.group_chat()
    command = fake.send_text(bob, group, "/quiz@studybot_test_bot aws 5")
    entity = command.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, 23)
    assert command.message.chat.type == "group"

    edit = fake.edit_text(bob, group, command.message.message_id, "/quiz aws 3")
    assert edit.edited_message.edit_date is not None
    post = fake.channel_post(fake.channel_chat(), "News")
    assert post.channel_post.sender_chat.type == "channel"
    updates = await bot.get_updates()
    assert [u.effective_message.text for u in updates] == [
        "/quiz@studybot_test_bot aws 5",
        "/quiz aws 3",
        "News",
    ]
    with pytest.raises(BadRequest, match="can't be edited"):
        await bot.edit_message_text("hijack", group.id, command.message.message_id)


async def test_get_updates_long_polls_and_confirms_by_offset(fake, bot):
    assert await asyncio.wait_for(bot.get_updates(timeout=0), 1) == ()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for("getUpdates", 2)  # the long poll has arrived and is waiting
    alice = fake.user(7, "Alice")
    first = fake.send_text(alice, fake.private_chat(alice), "hello")
    updates = await asyncio.wait_for(poll, 2)  # woken by the update, not by its timeout
    assert [u.update_id for u in updates] == [first.update_id]

    second = fake.send_text(alice, fake.private_chat(alice), "again")
    assert [u.update_id for u in await bot.get_updates()] == [first.update_id, second.update_id]
    assert [u.update_id for u in await bot.get_updates(offset=second.update_id)] == [
        second.update_id
    ]
    assert fake.updates == [second]  # the first was confirmed by the offset
    assert await bot.get_updates(offset=second.update_id + 1) == ()


async def test_stop_ends_a_pending_long_poll(fake, bot):
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for("getUpdates")
    await asyncio.wait_for(fake.stop(), 2)
    assert await asyncio.wait_for(poll, 2) == ()


async def test_429_raises_retry_after(fake, bot):
    fake.fail_next("sendMessage", retry_after=3, times=2)
    for _ in range(2):
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(CHAT, "hi")
        assert seconds(raised.value.retry_after) == 3
    assert (await bot.send_message(CHAT, "hi")).text == "hi"
    assert [c.status for c in fake.sent("sendMessage")] == [429, 429, 200]
    assert len(fake.sent("sendMessage", ok=True)) == 1


async def test_rate_limit_rejects_sends_beyond_max_per_second(fake, bot):
    fake.max_per_second = 2
    await bot.send_message(CHAT, "1")
    await bot.send_message(CHAT + 1, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "3")
    await bot.get_me()  # not a send: never limited
    assert fake.rejected_429 == 1


async def test_blocked_and_unknown_chats(fake, bot):
    fake.block(CHAT)
    fake.unknown_chat(CHAT + 1)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "hi")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(CHAT + 1, "hi")
    failed = await fake.wait_for("sendMessage", 2, ok=False)
    assert [c.status for c in failed] == [403, 400]


async def test_send_document_stores_the_bytes(fake, bot):
    content = b"front,back\nS3,object storage\n"
    message = await bot.send_document(CHAT, content, filename="cards.csv", caption="Your deck")
    assert message.document.file_name == "cards.csv"
    assert message.document.file_size == len(content)
    assert message.caption == "Your deck"
    params = fake.sent("sendDocument")[0].params
    assert (params["document_name"], params["document_bytes"]) == ("cards.csv", content)
    assert params["chat_id"] == CHAT


async def test_set_my_commands_per_language(fake, bot):
    await bot.set_my_commands([BotCommand("quiz", "Start a quiz")], language_code="en")
    await bot.set_my_commands(
        [BotCommand("quiz", "クイズ"), ("streak", "連続記録")], language_code="ja"
    )
    assert [c.description for c in await bot.get_my_commands(language_code="ja")] == [
        "クイズ",
        "連続記録",
    ]
    assert fake.my_commands("en") == [{"command": "quiz", "description": "Start a quiz"}]
    assert await bot.get_my_commands() == ()
    await bot.delete_my_commands(language_code="en")
    assert fake.my_commands("en") == []
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad Name", "x")])


async def test_webhook_post_carries_the_secret(fake, bot):
    received: list[tuple[str | None, dict]] = []
    arrived = asyncio.Event()

    async def endpoint(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        arrived.set()
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", endpoint)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        assert await bot.set_webhook(url, secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == url
        alice = fake.user(7, "Alice")
        update = fake.send_text(alice, fake.private_chat(alice), "/start")
        assert await fake.post_webhook(url, update, fake.webhook_secret) == 200
        await asyncio.wait_for(arrived.wait(), 2)
    finally:
        await runner.cleanup()
    secret, body = received[0]
    assert secret == "s3cret"
    assert Update.de_json(body, bot).message.text == "/start"


async def test_get_updates_conflicts_while_a_webhook_is_set(fake, bot):
    await bot.set_webhook("https://example.invalid/hook")
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_wrong_token_unknown_method_and_request_encodings(fake):
    stranger = Bot("999:WRONG", base_url=fake.base_url)
    try:
        with pytest.raises(InvalidToken):
            await stranger.initialize()
    finally:
        await stranger.shutdown()
    url = f"{fake.base_url}{fake.token}"
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/noSuchMethod") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        json_body = {"chat_id": "5", "text": "42", "reply_markup": markup}
        async with http.post(f"{url}/sendmessage", json=json_body) as response:
            assert (await response.json())["result"]["reply_markup"]["inline_keyboard"]
        form = {"chat_id": "5", "text": "[1]", "disable_notification": "true"}
        async with http.post(f"{url}/sendMessage", data=form) as response:
            assert response.status == 200
    first, second = fake.sent("sendMessage")
    assert (first.params["chat_id"], first.params["text"]) == (5, "42")
    assert first.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"
    assert second.params == {"chat_id": 5, "text": "[1]", "disable_notification": True}


async def test_wait_for_times_out_listing_the_calls(fake, bot):
    await bot.send_message(CHAT, "hi")
    with pytest.raises(
        AssertionError, match=r"(?s)calls seen:.*sendMessage -> 200 .*'text': 'hi'"
    ):
        await fake.wait_for("sendMessage", 2, timeout=0.05)


async def test_application_polls_and_answers_a_command(fake):
    async def quiz(update: Update, context) -> None:
        await update.effective_message.reply_text(f"quiz {' '.join(context.args)}")

    app = ApplicationBuilder().token(fake.token).base_url(fake.base_url).build()
    app.add_handler(CommandHandler("quiz", quiz))
    alice = fake.user(7, "Alice")
    async with app:
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        first = fake.send_text(alice, fake.private_chat(alice), "/quiz aws")
        await fake.wait_for("sendMessage")
        fake.send_text(alice, fake.group_chat(), "/quiz@studybot_test_bot s3")
        replies = await fake.wait_for("sendMessage", 2)
        await app.updater.stop()
        await app.stop()
    assert [(c.params["chat_id"], c.params["text"]) for c in replies] == [
        (7, "quiz aws"),
        (-1001, "quiz s3"),
    ]
    assert len(fake.sent("sendMessage")) == 2  # nothing was delivered twice
    offsets = [c.params.get("offset") for c in fake.sent("getUpdates")]
    assert first.update_id + 1 in offsets
    assert fake.updates == []  # the updater confirmed everything it handled on stopping
