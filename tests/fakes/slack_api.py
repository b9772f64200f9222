"""A fake Slack Web API on 127.0.0.1 for tests: the real slack_sdk AsyncWebClient talks HTTP to
it (base_url=fake.base_url), it records every call, answers with Slack's JSON shapes and injects
Slack's faults. It also plays Slack towards the app under test: signed slash commands, button
clicks and Events API callbacks, plus response_url endpoints that the app's respond() reaches.

Channels the fake has not heard of exist and have the bot as a member; add_channel and
remove_channel make them otherwise. Posting to a user ID posts to the bot's DM with that user,
whose ID (as Slack answers it) is the user's with a leading D."""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from typing import Any

from aiohttp import web

from tests.fakes import slack_payloads as payloads
from tests.fakes.slack_files import SlackFiles
from tests.fakes.slack_home import SlackHome
from tests.fakes.slack_payloads import (
    APP_ID,
    BOT_ID,
    TEAM_DOMAIN,
    TEAM_NAME,
    Call,
    Hook,
    Now,
    SlackError,
    TsClock,
    check_content,
    read_params,
)
from tests.fakes.slack_requests import SlackRequests
from tests.fakes.waiting import wait_until


class FakeSlackApi(SlackFiles, SlackHome, SlackRequests):
    def __init__(
        self,
        team_id: str = "T0TEAM",
        bot_token: str = "xoxb-test-token",
        bot_user_id: str = "U0BOT",
        *,
        now: Now | None = None,
        signing_clock: Now | None = None,
    ) -> None:
        self.team_id, self.bot_token, self.bot_user_id = team_id, bot_token, bot_user_id
        self.now: Now = now or time.time
        # bolt verifies signatures against the real clock, whatever `now` the test injects.
        self.signing_clock: Now = signing_clock or time.time
        self.calls: list[Call] = []
        self.users: dict[str, dict] = {}
        self.channels: dict[str, dict] = {}
        self.messages: dict[tuple[str, str], dict] = {}
        self.ephemeral: list[dict] = []
        self.home_views: dict[str, dict] = {}
        self._removed: set[str] = set()
        self._faults: dict[str, list[SlackError]] = {}
        self._hooks: dict[str, Hook] = {}
        self._ts = TsClock(lambda: self.now())
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._root: str | None = None
        self._handlers = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": self._post_ephemeral,
            "chat.update": self._update,
            "chat.getPermalink": self._get_permalink,
            "users.info": self._users_info,
            "views.publish": self._views_publish,
            "conversations.info": self._conversations_info,
            "conversations.open": self._conversations_open,
            "files.info": self._files_info,
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
        }
        # Files the app is uploading (id → name, length, bytes once posted), files it has
        # uploaded (id → what completeUploadExternal shared), and files people shared with it
        # (id → file object, with its "content" bytes).
        self.uploads: dict[str, dict] = {}
        self.uploaded: dict[str, dict] = {}
        self.files: dict[str, dict] = {}
        self.users[bot_user_id] = payloads.user_object(
            bot_user_id, "studybot", "Studybot", "UTC", team_id, self.now(), is_bot=True
        )

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        self._add_routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._root = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files-pri/{team_file}/{name}", self._download)
        app.router.add_post("/hooks/{hook}", self._hook)
        app.router.add_post("/upload/{file_id}", self._upload)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlackApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._root is None:
            raise RuntimeError("FakeSlackApi.start() has not been awaited")
        return f"{self._root}/api/"

    # -- what the app did -----------------------------------------------------------------------

    def sent(
        self, method: str | None = None, channel: str | None = None, *, ok: bool | None = None
    ) -> list[Call]:
        """Calls of method (to channel, as asked or as answered, e.g. a DM's D-ID); ok=True
        keeps the successful ones, False the errors and rate limits."""
        return [
            call
            for call in self.calls
            if (method is None or call.method == method)
            and (channel is None or channel in call.channels())
            and (ok is None or call.ok == ok)
        ]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        *,
        channel: str | None = None,
        timeout: float = 5.0,
        ok: bool | None = None,
    ) -> list[Call]:
        def enough() -> bool:
            return len(self.sent(method, channel, ok=ok)) >= count

        where = f" to {channel}" if channel is not None else ""
        await wait_until(
            self._changed,
            enough,
            timeout=timeout,
            calls=self.calls,
            what=f"{count} {method} call(s){where}",
        )
        return self.sent(method, channel, ok=ok)

    # -- the workspace and its faults -----------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        real_name: str | None = None,
        tz: str = "Asia/Tokyo",
        team_id: str | None = None,
    ) -> dict:
        team = team_id or self.team_id
        user = payloads.user_object(
            user_id, name, real_name or name, tz, team, self.now(), is_bot=False
        )
        self.users[user_id] = user
        return user

    def add_channel(
        self, channel_id: str, name: str, *, member: bool = True, archived: bool = False
    ) -> dict:
        self._removed.discard(channel_id)
        channel = payloads.channel_object(channel_id, name, member, archived, self.now())
        self.channels[channel_id] = channel
        return channel

    def remove_channel(self, channel_id: str) -> None:
        self.channels.pop(channel_id, None)
        self._removed.add(channel_id)

    def fail_next(
        self,
        method: str,
        *,
        status: int | None = None,
        retry_after: int = 1,
        error: str | None = None,
        times: int = 1,
    ) -> None:
        """Without error: HTTP 429 "ratelimited" with Retry-After (or another HTTP status).
        With error: HTTP 200 {"ok": false, "error": error}, as Slack reports most failures."""
        if error is not None:
            fault = SlackError(error, status or 200)
        elif (status or 429) == 429:
            fault = SlackError("ratelimited", 429, retry_after)
        else:
            fault = SlackError("fatal_error", status or 500)
        self._faults.setdefault(method, []).extend([fault] * times)

    # -- HTTP -----------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method, params = request.match_info["method"], {}
        headers: dict[str, str] = {}
        try:
            params, token = await read_params(request)
            status, body = 200, {"ok": True, **self._answer(method, params, token)}
        except SlackError as error:
            status, body = error.status, {"ok": False, "error": error.error}
            if error.retry_after is not None:
                headers["Retry-After"] = str(error.retry_after)
        await self._record(Call(method, params, status, body))
        return web.json_response(body, status=status, headers=headers)

    def _answer(self, method: str, params: dict, token: str | None) -> dict:
        handler = self._handlers.get(method)
        if handler is None:
            raise SlackError("unknown_method")
        if not token:
            raise SlackError("not_authed")
        if token != self.bot_token:
            raise SlackError("invalid_auth")
        if self._faults.get(method):
            raise self._faults[method].pop(0)
        return handler(params)

    async def _hook(self, request: web.Request) -> web.Response:
        target = self._hooks.get(request.match_info["hook"])
        try:
            params = await request.json()
        except ValueError:
            params = None
        status, text = 200, "ok"
        try:
            if target is None:
                raise SlackError("no_service", 404)
            if not isinstance(params, dict):
                raise SlackError("invalid_payload", 400)
            self._respond(target, params)
        except SlackError as error:
            status, text = error.status if error.status != 200 else 400, error.error
        recorded = params if isinstance(params, dict) else {}
        await self._record(Call("response_url", recorded, status, text))
        return web.Response(text=text, status=status)

    def _respond(self, target: Hook, params: dict) -> None:
        channel, message_ts, user = target
        key = (channel, message_ts or "")  # a command's response_url has no original message
        if params.get("delete_original"):
            self.messages.pop(key, None)
            return
        original = self.messages.get(key)
        text, blocks = params.get("text"), params.get("blocks")
        check_content(text, blocks)
        if params.get("replace_original") and original is not None:
            original.update(text=text or "", blocks=blocks or [])
        elif params.get("response_type") == "in_channel":
            self._store(channel, params)
        else:
            self.ephemeral.append(
                {"channel": channel, "user": user, "text": text, "blocks": blocks}
            )

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    def _channel(self, ref: Any, *, post: bool = False) -> str:
        channel_id = str(ref or "")
        if channel_id.startswith("#"):
            named = [c for c, info in self.channels.items() if info["name"] == channel_id[1:]]
            channel_id = named[0] if named else ""
        elif channel_id[:1] in ("U", "W"):
            channel_id = "D" + channel_id[1:]
        if not channel_id or channel_id in self._removed:
            raise SlackError("channel_not_found")
        channel = self.channels.get(channel_id) or self.add_channel(
            channel_id, self._channel_name(channel_id)
        )
        if post and channel["is_archived"]:
            raise SlackError("is_archived")
        if post and not channel["is_member"]:
            raise SlackError("not_in_channel")
        return channel_id

    def _store(self, channel: str, params: dict) -> dict:
        ts = self._ts.next()
        message = {
            "type": "message",
            "text": params.get("text") or "",
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": self.team_id,
            "ts": ts,
        }
        if params.get("blocks") is not None:
            message["blocks"] = params["blocks"]
        if params.get("thread_ts"):
            message["thread_ts"] = str(params["thread_ts"])
        self.messages[(channel, ts)] = message
        return copy.deepcopy(message)

    # -- Web API methods ------------------------------------------------------------------------

    def _auth_test(self, params: dict) -> dict:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_NAME,
            "user": self.users[self.bot_user_id]["name"],
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _post_message(self, params: dict) -> dict:
        channel = self._channel(params.get("channel"), post=True)
        check_content(params.get("text"), params.get("blocks"))
        message = self._store(channel, params)
        return {"channel": channel, "ts": message["ts"], "message": message}

    def _post_ephemeral(self, params: dict) -> dict:
        channel = self._channel(params.get("channel"), post=True)
        if not params.get("user"):
            raise SlackError("user_not_found")
        check_content(params.get("text"), params.get("blocks"))
        keys = ("user", "text", "blocks")
        self.ephemeral.append({"channel": channel, **{k: params.get(k) for k in keys}})
        return {"message_ts": self._ts.next()}

    def _update(self, params: dict) -> dict:
        channel = self._channel(params.get("channel"))
        message = self.messages.get((channel, str(params.get("ts"))))
        if message is None:
            raise SlackError("message_not_found")
        if "text" not in params and "blocks" not in params:
            raise SlackError("no_text")
        # Slack keeps whichever of text and blocks the update leaves out.
        text = params.get("text", message["text"])
        blocks = params.get("blocks", message.get("blocks"))
        check_content(text, blocks)
        message.update(text=text or "", edited={"user": self.bot_user_id, "ts": self._ts.next()})
        if blocks is not None:
            message["blocks"] = blocks
        reply = copy.deepcopy(message)
        return {"channel": channel, "ts": message["ts"], "text": message["text"], "message": reply}

    def _get_permalink(self, params: dict) -> dict:
        channel = self._channel(params.get("channel"))
        ts = str(params.get("message_ts"))
        if (channel, ts) not in self.messages:
            raise SlackError("message_not_found")
        url = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"channel": channel, "permalink": url}

    def _users_info(self, params: dict) -> dict:
        user = self.users.get(str(params.get("user")))
        if user is None:
            raise SlackError("user_not_found")
        return {"user": copy.deepcopy(user)}

    def _conversations_info(self, params: dict) -> dict:
        return {"channel": copy.deepcopy(self.channels[self._channel(params.get("channel"))])}

    def _conversations_open(self, params: dict) -> dict:
        users = [u for u in str(params.get("users") or "").split(",") if u]
        if not users and not params.get("channel"):
            raise SlackError("users_list_not_supplied")
        if len(users) > 1:
            raise SlackError("not_supported_by_fake")  # group DMs: not needed so far
        if users == [self.bot_user_id]:
            raise SlackError("cannot_dm_bot")
        ref = users[0] if users else params["channel"]
        known = ("D" + ref[1:] if users else ref) in self.channels
        channel = self.channels[self._channel(ref)]
        full = str(params.get("return_im", "")).lower() in ("1", "true")
        opened = {"channel": copy.deepcopy(channel) if full else {"id": channel["id"]}}
        return {**opened, "no_op": True, "already_open": True} if known else opened
