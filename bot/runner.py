"""`studybot run`: every configured adapter, the web server and the engine on one event loop."""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import timedelta

from bot.adapters.base import Adapter
from bot.adapters.web import WebServer
from bot.app import build
from bot.clock import Clock
from bot.config import Settings
from bot.daily.dispatch import DailyDispatch, start_ticking
from bot.engine import Engine

log = logging.getLogger(__name__)
SHUTDOWN_GRACE = 10.0  # seconds


def adapters_for(settings: Settings, engine: Engine) -> list[Adapter]:
    found: list[Adapter] = []
    if settings.telegram_bot_token:
        from bot.adapters.telegram.app import TelegramAdapter

        found.append(TelegramAdapter(settings, engine))
    if settings.slack_bot_token and settings.slack_signing_secret:
        from bot.adapters.slack.app import SlackAdapter

        found.append(SlackAdapter(settings, engine))
    return found


def freeze_startup_heap() -> None:
    """Exempt what startup loaded (deck, libraries) from the garbage collector's full passes.

    It lives as long as the process, and walking it again stalled the event loop long enough
    to bunch paced sends into a 429.
    """
    gc.collect()
    gc.freeze()


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
    daily = DailyDispatch(
        app.engine,
        {a.platform: a.daily_sender for a in adapters},
        app.engine.clock,
        grace=timedelta(minutes=settings.daily_grace_minutes),
    )
    periodic = None
    try:
        if web is not None:
            await web.start()
            log.info("web server on %s:%s (/healthz)", settings.host, web.port)
        for adapter in adapters:
            await adapter.start()
            started.append(adapter)
        freeze_startup_heap()
        periodic = start_ticking(daily)
        await stop.wait()
    finally:
        if periodic is not None:
            periodic.shutdown(wait=False)
        try:
            # Let questions already being sent finish, so their rows say "sent".
            await asyncio.wait_for(daily.drain(), SHUTDOWN_GRACE)
        except TimeoutError:
            log.warning("daily: stopping with deliveries in flight; they will be retried")
        await daily.close()
        for adapter in reversed(started):
            await adapter.stop()
        if web is not None:
            await web.stop()
        await app.close()
