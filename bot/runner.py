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
    # With polling alone there is nothing to serve but /healthz: only when PORT is set.
    if any(a.needs_web for a in adapters) or "port" in settings.model_fields_set:
        web = WebServer(
            settings.host, settings.port, lambda: [a.platform for a in adapters if not a.ready]
        )
        for adapter in adapters:
            adapter.add_routes(web)
    daily = DailyDispatch(
        app.engine,
        {a.platform: a.daily_sender for a in adapters},
        app.engine.clock,
        grace=timedelta(minutes=settings.daily_grace_minutes),
    )
    periodic = None
    starting: list[asyncio.Task] = []
    try:
        if web is not None:
            await web.start()
            log.info("web server on %s:%s (/healthz)", settings.host, web.port)
        # Each platform connects on its own: one that cannot be reached waits, the rest serve.
        starting = [asyncio.create_task(a.start(), name=f"start-{a.platform}") for a in adapters]
        freeze_startup_heap()
        periodic = start_ticking(daily)
        await until_stopped(stop, starting)
    finally:
        for task in starting:
            task.cancel()
        await asyncio.gather(*starting, return_exceptions=True)
        if periodic is not None:
            periodic.shutdown(wait=False)
        try:
            # Let questions already being sent finish, so their rows say "sent".
            await asyncio.wait_for(daily.drain(), SHUTDOWN_GRACE)
        except TimeoutError:
            log.warning("daily: stopping with deliveries in flight; they will be retried")
        await daily.close()
        for adapter in reversed(adapters):
            await adapter.stop()
        if web is not None:
            await web.stop()
        await app.close()


async def until_stopped(stop: asyncio.Event, starting: list[asyncio.Task]) -> None:
    """Wait for `stop`; a start-up that fails for good (StartupRefused) ends the run."""
    stopped = asyncio.create_task(stop.wait())
    pending = {stopped, *starting}
    try:
        while not stop.is_set():
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task is not stopped and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
    finally:
        stopped.cancel()
