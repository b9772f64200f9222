"""`studybot run`: every configured adapter, the web server and the engine on one event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from bot.adapters.web import WebServer
from bot.app import build
from bot.clock import Clock
from bot.config import Settings
from bot.engine import Engine

log = logging.getLogger(__name__)


class Adapter(Protocol):
    needs_web: bool

    def add_routes(self, web_server: WebServer) -> None: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...


def adapters_for(settings: Settings, engine: Engine) -> list[Adapter]:
    found: list[Adapter] = []
    if settings.telegram_bot_token:
        from bot.adapters.telegram.app import TelegramAdapter

        found.append(TelegramAdapter(settings, engine))
    if settings.slack_bot_token and settings.slack_signing_secret:
        from bot.adapters.slack.app import SlackAdapter

        found.append(SlackAdapter(settings, engine))
    return found


async def serve(settings: Settings, stop: asyncio.Event, *, clock: Clock | None = None) -> None:
    """Run until `stop` is set, then shut every part down in reverse order."""
    app = await build(settings, clock=clock)
    adapters = adapters_for(settings, app.engine)
    web = None
    if any(a.needs_web for a in adapters):
        web = WebServer(settings.host, settings.port)
        for adapter in adapters:
            adapter.add_routes(web)
    started: list[Adapter] = []
    try:
        if web is not None:
            await web.start()
            log.info("web server on %s:%s (/healthz)", settings.host, web.port)
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        await stop.wait()
    finally:
        for adapter in reversed(started):
            await adapter.stop()
        if web is not None:
            await web.stop()
        await app.close()
