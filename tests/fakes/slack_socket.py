"""FakeSlackSocketApi: FakeSlackApi plus Slack's Socket Mode server on the same 127.0.0.1 port.

apps.connections.open, called with the app-level token (xapp-…), answers the fake's WebSocket
URL. A client that connects there gets Slack's "hello"; the test then pushes envelopes to it
(slash commands, block_actions) and the fake records the acks the client sends back
({"envelope_id": …, "payload"?: …}). Bot tokens are refused for apps.connections.open and the
app-level token for every other method, with Slack's not_allowed_token_type."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_payloads import APP_ID, SlackError

SOCKET_PATH = "/socket"
OPEN = "apps.connections.open"


class FakeSlackSocketApi(FakeSlackApi):
    def __init__(self, *args: Any, app_token: str = "xapp-1-test", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app_token = app_token
        self.sockets: list[web.WebSocketResponse] = []  # open connections, oldest first
        self.connections = 0  # connections ever accepted (each got a hello)
        self.acks: list[dict] = []  # what clients sent back, in order
        self.envelopes: list[dict] = []  # what the test pushed, in order
        self._handlers[OPEN] = self._connections_open

    # -- lifecycle ------------------------------------------------------------------------------

    def _add_routes(self, app: web.Application) -> None:
        super()._add_routes(app)
        app.router.add_get(SOCKET_PATH, self._socket)

    async def stop(self) -> None:
        # aiohttp's shutdown would otherwise wait for open WebSocket handlers.
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"server stopping")
        await super().stop()

    @property
    def socket_url(self) -> str:
        return self.base_url.removesuffix("/api/").replace("http://", "ws://", 1) + SOCKET_PATH

    # -- what the test does ---------------------------------------------------------------------

    async def wait_connected(self, count: int = 1, *, timeout: float = 5.0) -> None:
        """Until count connections have been accepted and one is open."""
        await self._until(
            lambda: self.connections >= count and bool(self.sockets),
            timeout,
            f"{count} Socket Mode connection(s)",
        )

    async def wait_closed(self, *, timeout: float = 5.0) -> None:
        await self._until(lambda: not self.sockets, timeout, "every Socket Mode connection closed")

    async def wait_for_ack(self, envelope_id: str, *, timeout: float = 5.0) -> dict:
        def acked() -> dict | None:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

        await self._until(lambda: acked() is not None, timeout, f"the ack of {envelope_id}")
        return acked() or {}

    async def push(self, kind: str, payload: dict, *, accepts_response_payload: bool) -> str:
        """Sends an envelope over the newest open connection; returns its envelope_id."""
        if not self.sockets:
            raise AssertionError("no Socket Mode client is connected")
        envelope = {
            "envelope_id": str(uuid.uuid4()),
            "type": kind,
            "accepts_response_payload": accepts_response_payload,
            "payload": payload,
        }
        self.envelopes.append(envelope)
        await self.sockets[-1].send_json(envelope)
        return envelope["envelope_id"]

    async def push_command(
        self, user: str, channel: str, text: str = "", *, command: str = "/quiz"
    ) -> str:
        """A slash command as Socket Mode delivers it: the form's fields as a JSON payload."""
        payload = self.command_payload(user, channel, text, command)
        return await self.push("slash_commands", payload, accepts_response_payload=True)

    async def push_click(
        self, user: str, channel: str, message_ts: str, action_id: str, value: str, **kw: Any
    ) -> str:
        """A button click (block_actions, as SlackRequests.click builds it) in an envelope."""
        payload = self.click_payload(user, channel, message_ts, action_id, value, **kw)
        return await self.push("interactive", payload, accepts_response_payload=False)

    # -- Slack's side ---------------------------------------------------------------------------

    def _answer(self, method: str, params: dict, token: str | None) -> dict:
        if (token == self.bot_token) if method == OPEN else (token == self.app_token):
            raise SlackError("not_allowed_token_type")
        if method == OPEN and token == self.app_token:
            token = self.bot_token  # the base class knows only the bot token
        return super()._answer(method, params, token)

    def _connections_open(self, params: dict) -> dict:
        return {"url": self.socket_url}

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self.sockets) + 1,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": APP_ID},
            }
        )
        self.sockets.append(ws)
        self.connections += 1
        await self._notify()
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    sent = json.loads(message.data)
                except ValueError:
                    continue
                if isinstance(sent, dict) and "envelope_id" in sent:
                    self.acks.append(sent)
                    await self._notify()
        finally:
            self.sockets.remove(ws)
            await self._notify()
        return ws

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(done), timeout)
            except TimeoutError:
                raise AssertionError(
                    f"waited {timeout}s for {what}; connections {self.connections}, "
                    f"open {len(self.sockets)}, acks {self.acks}"
                ) from None
