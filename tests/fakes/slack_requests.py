"""SlackRequests: what Slack posts to the app under test (slash commands, block_actions,
Events API callbacks, url_verification), signed with the v0 scheme, with ways to make them
stale, forged or retried."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import TypedDict, Unpack
from urllib.parse import urlencode

import aiohttp

from tests.fakes.slack_payloads import (
    APP_ID,
    BOT_ID,
    FORM,
    JSON,
    SLACKBOT_AGENT,
    TEAM_DOMAIN,
    Hook,
    Now,
    TsClock,
    block_actions,
    command_form,
    event_callback,
    find_button,
    sign,
    url_verification,
)


class Delivery(TypedDict, total=False):
    timestamp: int  # X-Slack-Request-Timestamp; default the signing clock (old: now - 301)
    signature: str  # sent verbatim instead of the computed one
    retry_num: int  # adds X-Slack-Retry-Num and X-Slack-Retry-Reason
    retry_reason: str  # default "http_timeout"


class SlackRequests:
    """Slack's side towards the app under test: signed slash commands, button clicks, Events
    API callbacks and url_verification, posted the way Slack posts them. Each returns the HTTP
    status and the answer (JSON decoded when the app says it is JSON). secret=None sends the
    request unsigned; Delivery's keywords make stale, forged or retried requests."""

    team_id: str
    bot_user_id: str
    now: Now
    signing_clock: Now
    users: dict[str, dict]
    channels: dict[str, dict]
    messages: dict[tuple[str, str], dict]
    home_views: dict[str, dict]
    _ts: TsClock
    _ids: Iterator[int]
    _hooks: dict[str, Hook]

    @property
    def base_url(self) -> str:
        raise NotImplementedError

    def _channel_name(self, channel_id: str) -> str:
        if channel_id in self.channels:
            return self.channels[channel_id]["name"]
        return "directmessage" if channel_id.startswith("D") else channel_id.lower()

    def signed_headers(self, secret: str, body: bytes, timestamp: int | None = None) -> dict:
        when = int(self.signing_clock()) if timestamp is None else timestamp
        return sign(secret, body, when)

    async def command(
        self,
        app_url: str,
        secret: str | None,
        *,
        user: str,
        channel: str,
        text: str = "",
        command: str = "/quiz",
        team_id: str | None = None,
        **delivery: Unpack[Delivery],
    ) -> tuple[int, dict | str]:
        """A slash command as Slack posts it; secret=None sends it unsigned."""
        form = self.command_payload(user, channel, text, command, team_id)
        return await self._deliver(app_url, secret, urlencode(form).encode(), FORM, **delivery)

    def command_payload(
        self, user: str, channel: str, text: str, command: str, team_id: str | None = None
    ) -> dict[str, str]:
        """A slash command's fields: the form Slack posts, or a Socket Mode envelope's payload."""
        return command_form(
            team_id=team_id or self.team_id,
            team_domain=TEAM_DOMAIN,
            channel_id=channel,
            channel_name=self._channel_name(channel),
            user_id=user,
            user_name=self._user_name(user),
            command=command,
            text=text,
            api_app_id=APP_ID,
            response_url=self._hook_url((channel, None, user)),
            trigger_id=self._trigger_id(),
        )

    async def click(
        self,
        app_url: str,
        secret: str | None,
        *,
        user: str,
        channel: str,
        message_ts: str,
        action_id: str,
        value: str,
        block_id: str | None = None,
        team_id: str | None = None,
        message: dict | None = None,
        is_ephemeral: bool = False,
        **delivery: Unpack[Delivery],
    ) -> tuple[int, dict | str]:
        """A button click (block_actions) on message_ts. The payload carries the message as the
        fake stores it (or `message`); block_id and the button's text come from its blocks when
        it has a button with this action_id and value, else block_id defaults to "answers"."""
        payload = self.click_payload(
            user,
            channel,
            message_ts,
            action_id,
            value,
            block_id=block_id,
            team_id=team_id,
            message=message,
            is_ephemeral=is_ephemeral,
        )
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return await self._deliver(app_url, secret, body, FORM, **delivery)

    def click_payload(
        self,
        user: str,
        channel: str,
        message_ts: str,
        action_id: str,
        value: str,
        *,
        block_id: str | None = None,
        team_id: str | None = None,
        message: dict | None = None,
        is_ephemeral: bool = False,
    ) -> dict:
        """The block_actions payload of a click (see click): the form's "payload" field, or a
        Socket Mode envelope's payload."""
        source = message if message is not None else self.messages.get((channel, message_ts))
        shown = copy.deepcopy(source) or {
            "type": "message",
            "text": "",
            "user": self.bot_user_id,
            "bot_id": BOT_ID,
            "ts": message_ts,
        }
        found = find_button(shown.get("blocks"), action_id, value)
        team = team_id or self.team_id
        name = self._user_name(user)
        action = {
            "action_id": action_id,
            "block_id": block_id or (found[0] if found else "answers"),
            "text": found[1].get("text") if found else {"type": "plain_text", "text": value},
            "value": value,
            "type": "button",
            "action_ts": self._ts.next(),
        }
        return block_actions(
            user={"id": user, "username": name, "name": name, "team_id": team},
            team={"id": team, "domain": TEAM_DOMAIN},
            channel={"id": channel, "name": self._channel_name(channel)},
            message_ts=message_ts,
            message=None if is_ephemeral else shown,
            action=action,
            response_url=self._hook_url((channel, message_ts, user)),
            trigger_id=self._trigger_id(),
        )

    def app_home_opened(self, user: str, *, tab: str = "home") -> dict:
        """The event Slack sends when user opens the app's Home tab; carries the last view."""
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": tab}
        if user in self.home_views:
            event["view"] = copy.deepcopy(self.home_views[user])
        return event

    async def event(
        self,
        app_url: str,
        secret: str | None,
        event: dict,
        *,
        team_id: str | None = None,
        event_id: str | None = None,
        **delivery: Unpack[Delivery],
    ) -> tuple[int, dict | str]:
        """An Events API callback wrapping event (event_ts added when missing)."""
        envelope = event_callback(
            {"event_ts": self._ts.next(), **event},
            team_id=team_id or self.team_id,
            bot_user_id=self.bot_user_id,
            event_id=event_id or f"Ev{next(self._ids):08d}",
            event_time=int(self.now()),
        )
        return await self._deliver(
            app_url, secret, json.dumps(envelope).encode(), JSON, **delivery
        )

    async def url_verification(
        self,
        app_url: str,
        secret: str | None,
        challenge: str = "fake-challenge",
        **delivery: Unpack[Delivery],
    ) -> tuple[int, dict | str]:
        body = json.dumps(url_verification(challenge)).encode()
        return await self._deliver(app_url, secret, body, JSON, **delivery)

    async def post_raw(self, app_url: str, body: bytes, headers: dict) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(app_url, data=body, headers=headers) as response,
        ):
            return response.status, await response.text()

    async def _deliver(
        self,
        app_url: str,
        secret: str | None,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> tuple[int, dict | str]:
        headers = {"Content-Type": content_type, "User-Agent": SLACKBOT_AGENT}
        if secret is not None:
            headers.update(self.signed_headers(secret, body, timestamp))
        elif timestamp is not None:
            headers["X-Slack-Request-Timestamp"] = str(timestamp)
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = retry_reason
        async with (
            aiohttp.ClientSession() as session,
            session.post(app_url, data=body, headers=headers) as response,
        ):
            text = await response.text()
            if response.content_type == JSON:
                try:
                    return response.status, json.loads(text)
                except ValueError:
                    pass  # a broken app answer is returned as text for the test to see
            return response.status, text

    def _user_name(self, user_id: str) -> str:
        return self.users[user_id]["name"] if user_id in self.users else user_id.lower()

    def _hook_url(self, target: Hook) -> str:
        hook = f"{next(self._ids):08d}"
        self._hooks[hook] = target
        return f"{self.base_url.removesuffix('/api/')}/hooks/{hook}"

    def _trigger_id(self) -> str:
        n = next(self._ids)
        return f"{n}.{int(self.now())}.{n:032x}"
