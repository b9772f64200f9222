"""The aiohttp transport under python-telegram-bot: what the Bot API receives, and failures;
the adapter on either transport."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.adapters.telegram.aiohttp_request import AiohttpRequest
from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.engine.views import ChatRef
from tests.support.net import free_port


def bot_at(base_url: str, token: str = "123456:TEST-TOKEN", **timeouts) -> Bot:
    return Bot(token, base_url=base_url, request=AiohttpRequest(**timeouts))


async def test_text_buttons_and_files_arrive_as_sent(fake):
    user = fake.user(21, "Kei")
    async with bot_at(fake.base_url, fake.token) as bot:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("はい", callback_data="a:1:0")]])
        text = "<b>東京</b> &amp; 大阪"
        message = await bot.send_message(user.id, text, "HTML", reply_markup=markup)
        await bot.send_document(user.id, b'{"ok": true}', filename="export.json")
    call = fake.sent("sendMessage", user.id)[0]
    assert call.params["text"] == text
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a:1:0"
    assert message.text == "東京 & 大阪" and message.reply_markup == markup
    upload = fake.sent("sendDocument", user.id)[0]
    assert upload.params["document_name"] == "export.json"
    assert upload.params["document_bytes"] == b'{"ok": true}'


async def test_nobody_listening_is_a_network_error():
    bot = bot_at(f"http://127.0.0.1:{free_port()}/bot")
    await bot.request.initialize()
    try:
        with pytest.raises(NetworkError, match=r"aiohttp\.ClientConnectorError"):
            await bot.get_me()
    finally:
        await bot.request.shutdown()


async def test_an_answer_slower_than_the_read_timeout_is_timed_out():
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.Response:
        await release.wait()
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    bot = bot_at(f"http://127.0.0.1:{port}/bot", read_timeout=0.05)
    await bot.request.initialize()
    try:
        with pytest.raises(TimedOut):
            await bot.get_me()
    finally:
        release.set()
        await bot.request.shutdown()
        await runner.cleanup()


async def test_the_aiohttp_transport_carries_the_question_of_the_day(
    telegram_settings, engine, fake, fake_time
):
    limiter = TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock)
    adapter = TelegramAdapter(telegram_settings, engine, limiter=limiter, poll_timeout=1)
    user = fake.user(31, "Mio")
    view = engine.asking.view((7, next(iter(engine.catalog.questions)), "new"))
    await adapter.start()
    try:
        ref = await adapter.daily_sender.send_question(
            ChatRef("telegram", "", str(user.id)), view, "ja"
        )
    finally:
        await adapter.stop()
    sent = fake.sent("sendMessage", user.id)
    assert len(sent) == 1 and ref == str(sent[0].result["message_id"])
    assert view.prompt in sent[0].params["text"]
