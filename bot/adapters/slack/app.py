"""Building and running the bolt AsyncApp: HTTP mode on PORT, or Socket Mode."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.checks import RequestChecks
from bot.adapters.slack.daily_sender import SlackDailySender
from bot.adapters.slack.decks import SlackDecks
from bot.adapters.slack.handlers import SlackHandlers
from bot.adapters.slack.outbox import Outbox
from bot.adapters.startup import StartupRefused, until_connected
from bot.adapters.tally import Tallies
from bot.adapters.web import WebServer
from bot.config import Settings
from bot.engine import Engine

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
ANSWER = re.compile(r"^answer_\d+$")
DRILL_ANSWER = re.compile(r"^drill_answer_\d+$")


def register(app: AsyncApp, h: SlackHandlers) -> None:
    """Every Slack listener, in one flat list."""
    app.command("/quiz")(h.command)
    app.action(ANSWER)(h.answer_button)
    app.action(DRILL_ANSWER)(h.drill.button)
    app.action("next")(h.next_button)
    app.action("home_quiz")(h.home_quiz)
    app.action("home_progress")(h.home_progress)
    app.event("app_home_opened")(h.home_opened)
    SlackDecks(h).register(app)


class SlackAdapter:
    platform = "slack"

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        assert settings.slack_bot_token and settings.slack_signing_secret
        self.settings = settings
        self.sleep = sleep
        self.ready = False
        self.checks = RequestChecks(settings.slack_signing_secret, clock=clock)
        base_url = settings.slack_api_url or "https://slack.com/api/"
        self.client = AsyncWebClient(
            token=settings.slack_bot_token, base_url=base_url.rstrip("/") + "/"
        )
        self.outbox = Outbox(self.client, sleep=sleep, clock=clock)
        self.app = AsyncApp(
            token=settings.slack_bot_token,
            signing_secret=settings.slack_signing_secret,
            client=self.client,
            logger=logging.getLogger("slack_bolt"),
        )
        self.tallies = Tallies(sleep=sleep, clock=clock)
        register(self.app, SlackHandlers(engine, self.outbox, tallies=self.tallies))
        self.app.error(self.on_error)
        self._socket = None

    @property
    def needs_web(self) -> bool:
        return not self.settings.slack_app_token

    @property
    def daily_sender(self) -> SlackDailySender:
        return SlackDailySender(self.outbox)

    def add_routes(self, web_server: WebServer) -> None:
        if self.needs_web:
            web_server.add_post(EVENTS_PATH, self.receive)

    async def start(self) -> None:
        """Learn our workspace (auth.test), waiting while Slack cannot be reached; then serve."""
        await until_connected(
            "slack",
            self._connect,
            transient=(OSError, TimeoutError),
            undo=_nothing,
            sleep=self.sleep,
        )
        self.ready = True
        if self.settings.slack_app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.settings.slack_app_token)
            await self._socket.connect_async()
            log.info("slack: Socket Mode connected")
        else:
            log.info("slack: HTTP mode at %s", EVENTS_PATH)

    async def _connect(self) -> None:
        try:
            identity = await self.client.auth_test()
        except SlackApiError as exc:
            if exc.response.status_code >= 500:
                raise OSError(f"Slack answered HTTP {exc.response.status_code}") from exc
            error = exc.response.get("error")
            raise StartupRefused(f"Slack refused SLACK_BOT_TOKEN ({error})") from exc
        self.checks.team_id = identity.get("team_id")

    async def stop(self) -> None:
        self.ready = False
        # Tallies still waiting for their turn: a short grace, then they are left as they are.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.tallies.settled(), 5.0)
        if self._socket is not None:
            await self._socket.close_async()

    async def receive(self, request: web.Request) -> web.Response:
        """Commands, button taps and events all arrive here; checks.py vets them for bolt."""
        verdict = self.checks.check(await request.read(), request.headers, request.content_type)
        if verdict.status is not None:
            if verdict.status == 200:
                return web.Response(status=200)
            return web.json_response({"ok": False, "error": verdict.reason}, status=verdict.status)
        try:
            bolt_request = await to_bolt_request(request)
            bolt_response = await self.app.async_dispatch(bolt_request)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            log.warning("slack: malformed request: %s", exc)
            return web.json_response({"ok": False, "error": "malformed request"}, status=400)
        return await to_aiohttp_response(bolt_response)

    async def on_error(self, error: Exception, body: dict, logger: logging.Logger) -> None:
        """Log a failed listener; bolt has already answered Slack."""
        kind = body.get("type") or body.get("command") or "request"
        log.error("slack: %s failed", kind, exc_info=error)


async def _nothing() -> None:
    pass
