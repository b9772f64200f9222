"""A fake Telegram Bot API server on 127.0.0.1 for tests: the real python-telegram-bot client
talks HTTP to it (base_url=fake.base_url), it records every call, answers with Bot API JSON
built from PTB's own objects, serves getUpdates by long polling and injects Telegram's faults.

Message text sent with parse_mode HTML is stored as a user would see it (tags stripped,
entities unescaped); other parse modes are stored as sent. Editing a message's text without a
reply_markup removes its inline keyboard, as Telegram does."""

from __future__ import annotations

import asyncio
import json
import re
from collections import deque
from http import HTTPStatus
from typing import Any

import aiohttp
from aiohttp import web
from telegram import BotCommand, Update, WebhookInfo

from tests.fakes.telegram_files import TelegramFiles
from tests.fakes.telegram_photos import TelegramPhotos
from tests.fakes.telegram_updates import (
    ApiError,
    Call,
    Now,
    TelegramWorld,
    plain,
    rendered,
)
from tests.fakes.waiting import wait_until

# Values PTB sends as bare strings; decoding them as JSON would turn the text "42" into 42.
_TEXTS = ("text", "caption", "parse_mode", "url", "secret_token", "language_code", "action")
_IDS = ("callback_query_id", "inline_message_id", "business_connection_id", "document", "photo")
STRING_PARAMS = frozenset((*_TEXTS, *_IDS))
SEND_PREFIXES = ("send", "edit", "copy", "forward")
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
HANG = 0  # a "status" of fail_next: no answer at all

__all__ = ["SEND_PREFIXES", "Call", "FakeBotApi"]


def decode(key: str, value: Any) -> Any:
    """PTB posts each form field JSON-encoded (ints, bools, reply_markup) except strings."""
    if not isinstance(value, str) or key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> dict:
    fields: dict[str, Any] = dict(request.query)
    files: dict[str, Any] = {}
    if request.content_type == "application/json":
        fields.update(await request.json())
    elif request.can_read_body:
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files[f"{name}_name"] = value.filename
                files[f"{name}_bytes"] = value.file.read()
            else:
                fields[name] = value
    return {**{k: decode(k, v) for k, v in fields.items()}, **files}


class FakeBotApi(TelegramFiles, TelegramPhotos, TelegramWorld):
    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "studybot_test_bot",
        now: Now | None = None,
    ) -> None:
        super().__init__(token, bot_username, now)
        self.calls: list[Call] = []
        self.max_per_second: float | None = None
        self.rejected_429 = 0
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.callback_answers: dict[str, dict] = {}
        self._faults: dict[str, list[ApiError]] = {}
        self._stopped = asyncio.Event()
        self._blocked: set[int] = set()
        self._unknown: set[int] = set()
        self._send_times: deque[float] = deque()
        self._changed = asyncio.Condition()
        self._stopping = False
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        names = "getMe getUpdates sendMessage editMessageText editMessageReplyMarkup deleteMessage"
        names += " answerCallbackQuery setMyCommands getMyCommands deleteMyCommands sendDocument"
        names += " setWebhook deleteWebhook getWebhookInfo close logOut sendChatAction sendPhoto"
        names += " getFile getChatMember"
        self._handlers = {
            name: getattr(self, "_" + re.sub(r"[A-Z]", lambda m: "_" + m[0].lower(), name))
            for name in names.split()
        }
        # Telegram accepts method names in any letter case.
        self._methods = {name.lower(): name for name in self._handlers}

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        # Bots may upload documents of up to 50 MB.
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        port = self._runner.addresses[0][1]
        self._base_url = f"http://127.0.0.1:{port}/bot"

    async def stop(self) -> None:
        # Pending long polls must return at once or cleanup waits for their timeouts.
        self._stopping = True
        self._update_queued.set()
        self._stopped.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("FakeBotApi.start() has not been awaited")
        return self._base_url

    # -- what the bot did -----------------------------------------------------------------------

    def sent(
        self, method: str | None = None, chat_id: int | None = None, *, ok: bool | None = None
    ) -> list[Call]:
        """Calls of method (to chat_id); ok=True keeps the answered-200 ones, False the errors."""
        return [
            call
            for call in self.calls
            if (method is None or call.method.lower() == method.lower())
            and (chat_id is None or call.params.get("chat_id") == chat_id)
            and (ok is None or (call.status is not None and (call.status == 200) == ok))
        ]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        timeout: float = 5.0,
        ok: bool | None = None,
    ) -> list[Call]:
        def enough() -> bool:
            return len(self.sent(method, chat_id, ok=ok)) >= count

        where = f" to chat {chat_id}" if chat_id is not None else ""
        await wait_until(
            self._changed,
            enough,
            timeout=timeout,
            calls=self.calls,
            what=f"{count} {method} call(s){where}",
        )
        return self.sent(method, chat_id, ok=ok)

    def my_commands(self, language_code: str = "", scope: dict | None = None) -> list[dict]:
        return self.commands.get((self._scope_key(scope), language_code), [])

    # -- faults ---------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        times: int = 1,
    ) -> None:
        if description is None:
            if status == 429:
                description = f"Too Many Requests: retry after {retry_after}"
            else:
                description = HTTPStatus(status).phrase
        error = ApiError(status, description, retry_after if status == 429 else None)
        name = self._methods.get(method.lower(), method)
        self._faults.setdefault(name, []).extend([error] * times)

    def hang_next(self, method: str, *, times: int = 1) -> None:
        """The next calls get no answer (the client times out) and do nothing: lost requests."""
        self.fail_next(method, status=HANG, description="no answer", times=times)

    def heal(self) -> None:
        """Telegram works again: faults still queued by fail_next or hang_next are dropped."""
        self._faults.clear()

    def block(self, chat_id: int) -> None:
        self._blocked.add(chat_id)

    def unknown_chat(self, chat_id: int) -> None:
        self._unknown.add(chat_id)

    async def post_webhook(self, url: str, update: Update | dict, secret: str | None) -> int:
        body = update if isinstance(update, dict) else self.update_dict(update)
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=body, headers=headers) as response,
        ):
            return response.status

    # -- HTTP -----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.path.startswith("/file/bot"):
            return self._download(request)
        match = re.fullmatch(r"/bot([^/]*)/([^/]+)", request.path)
        if match is None:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        if match[1] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        call = Call(self._methods.get(match[2].lower(), match[2]), await read_params(request))
        self.calls.append(call)
        # Waiters may be waiting for a long poll to arrive, not only for calls to finish.
        async with self._changed:
            self._changed.notify_all()
        try:
            call.result = await self._answer(call)
            call.status, body = 200, {"ok": True, "result": call.result}
        except ApiError as error:
            call.status, body = error.status, error.body()
        async with self._changed:
            self._changed.notify_all()
        return web.json_response(body, status=call.status)

    async def _answer(self, call: Call) -> Any:
        handler = self._handlers.get(call.method)
        if handler is None:
            raise ApiError(404, "Not Found")
        if self._faults.get(call.method):
            fault = self._faults[call.method].pop(0)
            if fault.status == HANG:  # until the fake stops; the bot gives up long before
                await self._stopped.wait()
                fault = ApiError(504, "Gateway Timeout")
            raise fault
        chat_id = call.params.get("chat_id")
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat_id in self._unknown:
            raise ApiError(400, "Bad Request: chat not found")
        if call.method.startswith(SEND_PREFIXES):
            self._check_rate()
        return await handler(call.params)

    def _check_rate(self) -> None:
        if self.max_per_second is None:
            return
        now = asyncio.get_running_loop().time()
        while self._send_times and self._send_times[0] <= now - 1.0:
            self._send_times.popleft()
        if len(self._send_times) >= self.max_per_second:
            self.rejected_429 += 1
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._send_times.append(now)

    @staticmethod
    def _scope_key(scope: Any) -> str:
        return json.dumps(scope or {"type": "default"}, sort_keys=True)

    # -- Bot API methods ------------------------------------------------------------------------

    async def _true(self, params: dict) -> bool:
        return True

    _close = _log_out = _send_chat_action = _true

    async def _get_me(self, params: dict) -> dict:
        return plain(self.bot_user)

    async def _get_updates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        # Asking from an offset confirms everything before it; negative counts from the end.
        if offset > 0:
            self.updates = [u for u in self.updates if u.update_id >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        while not self.updates and not self._stopping:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._update_queued.clear()
            try:
                await asyncio.wait_for(self._update_queued.wait(), remaining)
            except TimeoutError:
                break
        return [self.update_dict(update) for update in self.updates[:limit]]

    async def _send_message(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        if not params.get("text"):
            raise ApiError(400, "Bad Request: message text is empty")
        text = rendered(params["text"], params.get("parse_mode"))
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._store_bot_message(chat_id, params, text=text)

    async def _edit_message_text(self, params: dict) -> dict | bool:
        if params.get("inline_message_id"):
            return True
        stored = self._stored(params, "edit")
        if "text" not in stored:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if not params.get("text"):
            raise ApiError(400, "Bad Request: message text is empty")
        return self._edit(stored, rendered(params["text"], params.get("parse_mode")), params)

    async def _edit_message_reply_markup(self, params: dict) -> dict | bool:
        if params.get("inline_message_id"):
            return True
        return self._edit(self._stored(params, "edit"), None, params)

    async def _delete_message(self, params: dict) -> bool:
        stored = self._stored(params, "delete")
        del self.messages[(stored["chat"]["id"], stored["message_id"])]
        return True

    async def _answer_callback_query(self, params: dict) -> bool:
        query_id = params.get("callback_query_id")
        if query_id not in self.callback_query_ids:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is "
                "invalid",
            )
        self.callback_answers[query_id] = {
            "text": params.get("text"),
            "show_alert": bool(params.get("show_alert", False)),
        }
        return True

    async def _set_my_commands(self, params: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, 'Bad Request: field "commands" must be an Array')
        for command in commands:
            if not COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        key = (self._scope_key(params.get("scope")), params.get("language_code") or "")
        self.commands[key] = [
            plain(BotCommand(c["command"], c.get("description", ""))) for c in commands
        ]
        return True

    async def _get_my_commands(self, params: dict) -> list[dict]:
        return self.my_commands(params.get("language_code") or "", params.get("scope"))

    async def _delete_my_commands(self, params: dict) -> bool:
        key = (self._scope_key(params.get("scope")), params.get("language_code") or "")
        self.commands.pop(key, None)
        return True

    async def _set_webhook(self, params: dict) -> bool:
        self.webhook_url = params.get("url") or ""
        self.webhook_secret = params.get("secret_token") if self.webhook_url else None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _delete_webhook(self, params: dict) -> bool:
        return await self._set_webhook(
            {"drop_pending_updates": params.get("drop_pending_updates")}
        )

    async def _get_webhook_info(self, params: dict) -> dict:
        return plain(WebhookInfo(self.webhook_url, False, pending_update_count=len(self.updates)))
