"""The HTTP server on PORT shared by the web adapters (Telegram webhook, Slack), plus /healthz."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Platform payloads are small; a bigger body is a mistake or an attack.
MAX_BODY = 1024 * 1024


class WebServer:
    def __init__(
        self, host: str, port: int, waiting_for: Callable[[], Iterable[str]] = tuple
    ) -> None:
        self.host = host
        self.port = port
        # The platforms not connected yet: /healthz answers 503 while there are any.
        self.waiting_for = waiting_for
        self.app = web.Application(client_max_size=MAX_BODY)
        self.app.router.add_get("/healthz", self._healthz)
        self._runner: web.AppRunner | None = None

    def add_post(self, path: str, handler: Handler) -> None:
        """Routes are added before start(); aiohttp freezes the router then."""
        self.app.router.add_post(path, handler)

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0:  # tests ask for any free port; remember which one we got
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _request: web.Request) -> web.Response:
        waiting = sorted(self.waiting_for())
        if waiting:
            return web.json_response({"ok": False, "waiting_for": waiting}, status=503)
        return web.json_response({"ok": True})
