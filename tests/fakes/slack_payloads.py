"""Slack's side of the wire for FakeSlackApi: recorded calls, request decoding, Web API errors,
the objects its methods answer with, and the payloads and signatures of what Slack posts to
the app (posted by SlackRequests in slack_requests.py)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

Now = Callable[[], float]
# Where a response_url posts: (channel, message_ts or None for a command, user).
Hook = tuple[str, str | None, str]
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SLACKBOT_AGENT = "Slackbot 1.0 (+https://api.slack.com/robots)"
BOT_ID = "B0BOT"
APP_ID = "A0APP"
TEAM_NAME = "Studybot Test"
TEAM_DOMAIN = "studybot-test"
# The legacy verification token Slack still puts in every payload; bolt ignores it.
VERIFICATION_TOKEN = "fake-verification-token"
# Form-encoded callers send structured arguments as JSON strings; JSON callers send them as is.
JSON_FIELDS = frozenset(("blocks", "attachments", "view", "metadata", "user_auth_blocks"))
MAX_BLOCKS = 50
MAX_TEXT = 40_000


@dataclass
class Call:
    method: str  # a Web API method, or "response_url" for posts to a command/action's URL
    params: dict
    status: int | None = None
    result: Any = None

    def describe(self) -> str:
        error = self.result.get("error") if isinstance(self.result, dict) else None
        return f"{self.method} -> {self.status}{f' {error}' if error else ''} {self.params}"

    @property
    def ok(self) -> bool:
        body = self.result
        return self.status == 200 and (
            body == "ok" or (isinstance(body, dict) and bool(body.get("ok")))
        )

    def channels(self) -> set[str]:
        """The channel asked for and the one answered (a DM's D-ID for a user ID)."""
        found = {self.params.get("channel")}
        if isinstance(self.result, dict):
            found.add(self.result.get("channel"))
        return {c for c in found if isinstance(c, str)}


class SlackError(Exception):
    """A Web API failure: HTTP 200 with ok false, except rate limits (HTTP 429, Retry-After)."""

    def __init__(self, error: str, status: int = 200, retry_after: int | None = None) -> None:
        super().__init__(error)
        self.error, self.status, self.retry_after = error, status, retry_after


def decode(fields: dict) -> dict:
    decoded = {}
    for key, value in fields.items():
        if key in JSON_FIELDS and isinstance(value, str):
            # Undecodable values stay as sent; the method answers invalid_blocks or the like.
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        decoded[key] = value
    return decoded


async def read_params(request: web.Request) -> tuple[dict, str | None]:
    fields: dict[str, Any] = dict(request.query)
    if request.content_type == JSON:
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise SlackError("invalid_json")
        fields.update(body)
    elif request.can_read_body:
        for name, value in (await request.post()).items():
            fields[name] = value.filename if isinstance(value, web.FileField) else value
    # Slack takes the token from the Authorization header or, in forms, a token field.
    auth, token = request.headers.get("Authorization", ""), fields.pop("token", None)
    if auth.startswith("Bearer "):
        token = auth.removeprefix("Bearer ").strip()
    return decode(fields), token


def check_content(text: Any, blocks: Any) -> None:
    if blocks is not None and (
        not isinstance(blocks, list)
        or len(blocks) > MAX_BLOCKS
        or not all(isinstance(b, dict) and b.get("type") for b in blocks)
    ):
        raise SlackError("invalid_blocks")
    if not text and not blocks:
        raise SlackError("no_text")
    if text and len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")


class TsClock:
    """Message timestamps as Slack writes them: epoch seconds, a dot, six digits; unique and
    increasing even when the injected clock stands still."""

    def __init__(self, now: Now) -> None:
        self.now = now
        self._seconds, self._micros = 0, 0

    def next(self) -> str:
        seconds = int(self.now())
        if seconds > self._seconds:
            self._seconds, self._micros = seconds, 0
        self._micros += 100
        if self._micros > 999_999:
            self._seconds, self._micros = self._seconds + 1, 100
        return f"{self._seconds}.{self._micros:06d}"


def user_object(
    user_id: str, name: str, real_name: str, tz: str, team_id: str, at: float, is_bot: bool
) -> dict:
    local = datetime.fromtimestamp(at, ZoneInfo(tz))
    offset = local.utcoffset()
    return {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "deleted": False,
        "real_name": real_name,
        "tz": tz,
        # Slack spells the zone out ("Japan Standard Time"); zoneinfo only knows "JST".
        "tz_label": local.tzname(),
        "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
        "profile": {"display_name": name, "real_name": real_name, "team": team_id},
        "is_admin": False,
        "is_owner": False,
        "is_bot": is_bot,
        "is_app_user": False,
        "updated": int(at),
    }


def channel_object(channel_id: str, name: str, member: bool, archived: bool, at: float) -> dict:
    is_im = channel_id.startswith("D")
    # A DM's ID is its user's with a leading D (the fake's convention).
    user = {"user": "U" + channel_id[1:]} if is_im else {}
    return {
        **user,
        "id": channel_id,
        "name": name,
        "is_channel": not is_im and not channel_id.startswith("G"),
        "is_group": False,
        "is_im": is_im,
        "is_private": is_im or channel_id.startswith("G"),
        "is_archived": archived,
        "is_general": name == "general",
        "is_member": member,
        "created": int(at),
    }


def home_view(view: dict, *, view_id: str, team_id: str, view_hash: str) -> dict:
    return {
        "id": view_id,
        "team_id": team_id,
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "external_id": "",
        **view,
        "state": {"values": {}},
        "hash": view_hash,
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "app_installed_team_id": team_id,
        "bot_id": BOT_ID,
    }


def find_button(blocks: Any, action_id: str, value: str) -> tuple[str, dict] | None:
    """(block_id, element) of the button a user would have clicked, if the message has it."""
    for block in blocks if isinstance(blocks, list) else []:
        elements = block.get("elements", []) if isinstance(block, dict) else []
        accessory = block.get("accessory") if isinstance(block, dict) else None
        for element in [*elements, *([accessory] if accessory else [])]:
            if element.get("action_id") == action_id and element.get("value", value) == value:
                return block.get("block_id", ""), element
    return None


def command_form(**fields: str) -> dict[str, str]:
    return {"token": VERIFICATION_TOKEN, **fields, "is_enterprise_install": "false"}


def block_actions(
    *,
    user: dict,
    team: dict,
    channel: dict,
    message_ts: str,
    message: dict | None,
    action: dict,
    response_url: str,
    trigger_id: str,
) -> dict:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": user,
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel["id"],
            "is_ephemeral": message is None,
        },
        "trigger_id": trigger_id,
        "team": team,
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": channel,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [action],
    }
    # Slack leaves the message out when the clicked one was ephemeral.
    if message is not None:
        payload["message"] = message
    return payload


def event_callback(
    event: dict, *, team_id: str, bot_user_id: str, event_id: str, event_time: int
) -> dict:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{event_id}",
    }


def url_verification(challenge: str) -> dict:
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


def sign(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    try:
        signature = SignatureVerifier(secret).generate_signature(
            timestamp=str(timestamp), body=body
        )
    except UnicodeDecodeError:
        # slack_sdk decodes the body first; Slack signs raw bytes, which malformed bodies need.
        base = b"v0:%d:%s" % (timestamp, body)
        signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}
