"""Building, registering and running the python-telegram-bot Application (polling or webhook)."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from telegram import BotCommand, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.later import Later
from bot.adapters.tally import Tallies
from bot.adapters.telegram.aiohttp_request import AiohttpRequest
from bot.adapters.telegram.chat_order import ChatOrderedProcessor
from bot.adapters.telegram.daily_sender import GONE, TelegramDailySender
from bot.adapters.telegram.handlers import Handlers, client_language, learner_of
from bot.adapters.telegram.limits import TelegramLimiter
from bot.adapters.web import WebServer
from bot.config import Settings
from bot.engine import Engine
from bot.messages import commands
from bot.messages.catalogue import language_for, tr

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_GRACE = 5.0


def background_failed(error: BaseException) -> None:
    """A result edit that failed after its tap was acknowledged: the answer is recorded."""
    if isinstance(error, TelegramError):
        log.warning("telegram: could not show a result: %s", error)
    else:
        log.error("telegram: showing a result failed", exc_info=error)


def register(application: Application, h: Handlers) -> None:
    """Every Telegram handler, in one flat list."""
    new = filters.UpdateType.MESSAGE
    handlers = {"lang": h.set_lang}  # every other command is the handler of its own name
    for command in commands.COMMANDS:
        if command.places & commands.TELEGRAM:
            callback = handlers.get(command.name) or getattr(h, command.name)
            application.add_handler(CommandHandler(command.name, callback, filters=new))
    application.add_handler(CallbackQueryHandler(h.button))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, h.edited))
    application.add_handler(MessageHandler(new & filters.COMMAND, h.unknown_command))
    application.add_handler(
        MessageHandler(new & filters.TEXT & filters.ChatType.PRIVATE, h.other_text)
    )
    # Channel posts get no handler: the bot studies with people, and cannot post there anyway.


class TelegramAdapter:
    platform = "telegram"

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        limiter: TelegramLimiter | None = None,
        poll_timeout: int = 10,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        assert settings.telegram_bot_token
        self.settings = settings
        self.engine = engine
        self.poll_timeout = poll_timeout
        self.webhook_url = settings.telegram_webhook_url
        builder = Application.builder().token(settings.telegram_bot_token)
        builder = self.with_transport(builder.rate_limiter(limiter or TelegramLimiter()))
        builder = builder.concurrent_updates(ChatOrderedProcessor())
        if settings.telegram_api_base_url:
            builder = builder.base_url(settings.telegram_api_base_url)
        if self.webhook_url:
            builder = builder.updater(None)  # updates arrive through our web server
        self.application = builder.build()
        self.tallies = Tallies(sleep=sleep, clock=clock)
        self.later = Later(background_failed)
        register(self.application, Handlers(engine, tallies=self.tallies, later=self.later))
        self.application.add_error_handler(self.on_error)

    @staticmethod
    def with_transport(builder):
        """Bot API calls go over aiohttp (bot/adapters/telegram/aiohttp_request.py)."""
        builder = builder.request(AiohttpRequest())
        return builder.get_updates_request(AiohttpRequest(connections=1))

    @property
    def needs_web(self) -> bool:
        return bool(self.webhook_url)

    @property
    def daily_sender(self) -> TelegramDailySender:
        return TelegramDailySender(self.application.bot)

    def add_routes(self, web_server: WebServer) -> None:
        if self.webhook_url:
            web_server.add_post(webhook_path(self.webhook_url), self.receive)

    async def start(self) -> None:
        app = self.application
        await app.initialize()
        await self._set_commands()
        if self.webhook_url:
            await app.bot.set_webhook(
                self.webhook_url,
                secret_token=self.settings.telegram_webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        await app.start()
        if not self.webhook_url:
            await app.updater.start_polling(
                poll_interval=0, timeout=self.poll_timeout, allowed_updates=Update.ALL_TYPES
            )
        log.info(
            "telegram: %s mode as @%s",
            "webhook" if self.webhook_url else "polling",
            app.bot.username,
        )

    async def stop(self) -> None:
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        # Results and counts still waiting for their turn: a short grace, not the whole queue.
        await self.later.settled(timeout=STOP_GRACE)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.tallies.settled(), STOP_GRACE)
        if app.running:
            await app.stop()
        await app.shutdown()

    async def _set_commands(self) -> None:
        """The command menu, from the command table, in each language and a default."""
        for lang in ("ja", "en"):
            menu = [BotCommand(name, about) for name, about in commands.menu(lang)]
            await self.application.bot.set_my_commands(menu, language_code=lang)
        english = [BotCommand(name, about) for name, about in commands.menu("en")]
        await self.application.bot.set_my_commands(english)

    async def receive(self, request: web.Request) -> web.Response:
        """A webhook delivery: refused unless it carries our secret token."""
        given = request.headers.get(SECRET_HEADER, "")
        secret = self.settings.telegram_webhook_secret or ""
        if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
            return web.json_response({"ok": False, "error": "forbidden"}, status=403)
        try:
            update = Update.de_json(await request.json(), self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        if update is None:
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        await self.application.update_queue.put(update)
        return web.json_response({"ok": True})

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log a failed update with its id; tell the user briefly; never stop the bot."""
        error = context.error
        update_id = update.update_id if isinstance(update, Update) else None
        if not isinstance(update, Update):
            log.error("telegram: error outside an update: %s", error, exc_info=error)
            return
        if isinstance(error, Forbidden):
            log.warning("telegram: update %s: %s", update_id, error)
            if (
                update.effective_user
                and update.effective_chat
                and update.effective_chat.type == "private"
            ):
                await self.engine.profiles.set_reachable(learner_of(update), False)
            return
        if isinstance(error, BadRequest) and any(r in str(error).lower() for r in GONE):
            log.warning("telegram: update %s: %s", update_id, error)
            return
        log.error("telegram: update %s failed", update_id, exc_info=error)
        if update.effective_chat is None:
            return
        try:
            lang = language_for(None, client_language(update))
            await update.effective_chat.send_message(tr(lang, "error"))
        except TelegramError as exc:
            log.warning("telegram: could not apologise for update %s: %s", update_id, exc)


def webhook_path(url: str) -> str:
    """We serve the webhook at the path of the public URL that Telegram is given."""
    return urlsplit(url).path or "/"
