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
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.adapters.later import Later
from bot.adapters.startup import StartupRefused, until_connected
from bot.adapters.tally import Tallies
from bot.adapters.telegram.aiohttp_request import AiohttpRequest
from bot.adapters.telegram.chat_order import ChatOrderedProcessor
from bot.adapters.telegram.daily_sender import GONE, TelegramDailySender
from bot.adapters.telegram.deck_handlers import DeckHandlers
from bot.adapters.telegram.handlers import Handlers, client_language, learner_of
from bot.adapters.telegram.limits import TelegramLimiter
from bot.adapters.telegram.polling import Poller, TolerantBot, parse_update
from bot.adapters.telegram.retry import RetryingRequest
from bot.adapters.web import WebServer
from bot.config import Settings
from bot.engine import Engine
from bot.messages import commands
from bot.messages.catalogue import language_for, tr

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
NOT_MODIFIED = "message is not modified"
STOP_GRACE = 5.0


def background_failed(error: BaseException) -> None:
    """A result edit that failed after its tap was acknowledged: the answer is recorded."""
    if isinstance(error, TelegramError):
        log.warning("telegram: could not show a result: %s", error)
    else:
        log.error("telegram: showing a result failed", exc_info=error)


def register(application: Application, h: Handlers) -> None:
    """Every Telegram handler, in one flat list."""
    # Only a message from a person is theirs to act on; one with no sender (a post as the
    # group or as a channel) gets a short note instead (h.anonymous), an edit none.
    new = filters.UpdateType.MESSAGE & filters.USER
    decks = DeckHandlers(h)
    # Every other command is the handler of its own name.
    handlers = {"lang": h.set_lang, "decks": decks.list, "review": decks.review}
    for command in commands.COMMANDS:
        if command.places & commands.TELEGRAM:
            callback = handlers.get(command.name) or getattr(h, command.name)
            application.add_handler(CommandHandler(command.name, callback, filters=new))
    application.add_handler(CallbackQueryHandler(decks.button, pattern=r"^[pkx]:"))
    application.add_handler(CallbackQueryHandler(h.button))
    # Fetching and importing a file takes a while: other updates go on meanwhile.
    application.add_handler(
        MessageHandler(new & filters.Document.ALL, decks.document, block=False)
    )
    edited = filters.UpdateType.EDITED_MESSAGE & filters.USER
    application.add_handler(MessageHandler(edited, h.edited))
    application.add_handler(MessageHandler(new & filters.COMMAND, h.unknown_command))
    anonymous = filters.UpdateType.MESSAGE & ~filters.USER & filters.COMMAND
    application.add_handler(MessageHandler(anonymous, h.anonymous))
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
        read_timeout: float = 5.0,
    ) -> None:
        assert settings.telegram_bot_token
        self.settings = settings
        self.engine = engine
        self.webhook_url = settings.telegram_webhook_url
        self.sleep = sleep
        self.ready = False
        # Bot API calls go over aiohttp (aiohttp_request.py); replies are retried (retry.py).
        self.request = RetryingRequest(sleep=sleep, clock=clock, read_timeout=read_timeout)
        bot = TolerantBot(
            settings.telegram_bot_token,
            base_url=settings.telegram_api_base_url or "https://api.telegram.org/bot",
            # Files are downloaded through the same server as the calls (getFile, then its URL).
            base_file_url=file_url(
                settings.telegram_api_base_url or "https://api.telegram.org/bot"
            ),
            request=self.request,
            get_updates_request=AiohttpRequest(connections=1, read_timeout=read_timeout),
            rate_limiter=limiter or TelegramLimiter(),
        )
        # Our Poller reads updates (polling.py); in webhook mode our web server receives them.
        # Chats are handled side by side, each in order (chat_order.py).
        self.application = (
            Application.builder()
            .bot(bot)
            .updater(None)
            .concurrent_updates(ChatOrderedProcessor())
            .build()
        )
        self.poller = Poller(
            bot,
            self.application.update_queue,
            timeout=poll_timeout,
            allowed_updates=Update.ALL_TYPES,
            sleep=sleep,
        )
        self.tallies = Tallies(sleep=sleep, clock=clock)
        self.later = Later(background_failed)
        register(self.application, Handlers(engine, tallies=self.tallies, later=self.later))
        self.application.add_error_handler(self.on_error)

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
        """Connect (waiting for as long as Telegram cannot be reached), then serve."""
        app = self.application
        await until_connected(
            "telegram",
            self._connect,
            transient=(NetworkError,),
            undo=app.bot.shutdown,
            sleep=self.sleep,
        )
        await app.start()
        if not self.webhook_url:
            self.poller.start()
        self.ready = True
        log.info(
            "telegram: %s mode as @%s",
            "webhook" if self.webhook_url else "polling",
            app.bot.username,
        )

    async def _connect(self) -> None:
        """getMe, the command menu and the webhook; the Application starts only after them."""
        bot = self.application.bot
        try:
            await bot.initialize()
            await self._set_commands()
            if self.webhook_url:
                await bot.set_webhook(
                    self.webhook_url,
                    secret_token=self.settings.telegram_webhook_secret,
                    allowed_updates=Update.ALL_TYPES,
                )
            else:
                await bot.delete_webhook()  # getUpdates is refused while a webhook is set
        except TelegramError as exc:
            if isinstance(exc, NetworkError) and not isinstance(exc, BadRequest):
                raise  # waited for by until_connected
            await bot.shutdown()
            if isinstance(exc, InvalidToken):  # its message quotes the token: keep it out
                raise StartupRefused("Telegram rejected TELEGRAM_BOT_TOKEN") from exc
            raise StartupRefused(f"Telegram refused to start the bot: {exc}") from exc
        await self.application.initialize()

    async def stop(self) -> None:
        app = self.application
        self.ready = False
        await self.poller.stop()
        # Results and counts still waiting for their turn: a short grace, not the whole queue.
        await self.later.settled(timeout=STOP_GRACE)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.tallies.settled(), STOP_GRACE)
        if app.running:
            await app.stop()
        await app.shutdown()
        await app.bot.shutdown()  # a start-up cut short leaves the bot's sessions open

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
            data = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "bad update"}, status=400)
        update = parse_update(data, self.application.bot)
        if update is None:
            # Logged once by parse_update. 200, or Telegram would deliver it again for ever.
            return web.json_response({"ok": True, "skipped": True})
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
        if isinstance(error, BadRequest) and NOT_MODIFIED in str(error).lower():
            return  # two taps raced to show one result; it is shown
        if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            # Telegram is failing (retry.py gave up): an apology would fail the same way.
            log.warning("telegram: update %s not answered: %s", update_id, error)
            return
        log.error("telegram: update %s failed", update_id, exc_info=error)
        if update.effective_chat is None:
            return
        try:
            lang = language_for(None, client_language(update))
            await update.effective_chat.send_message(tr(lang, "error"))
        except TelegramError as exc:
            log.warning("telegram: could not apologise for update %s: %s", update_id, exc)


def file_url(base_url: str) -> str:
    """Where files are fetched from on the same Bot API server: …/bot → …/file/bot."""
    base = base_url.rstrip("/")
    return (base[: -len("/bot")] if base.endswith("/bot") else base) + "/file/bot"


def webhook_path(url: str) -> str:
    """We serve the webhook at the path of the public URL that Telegram is given."""
    return urlsplit(url).path or "/"
