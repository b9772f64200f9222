"""Calls to the Slack Web API: paced per channel, 429s retried after Retry-After, names cached."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.pacing import SlidingWindows, Window

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
# Slack allows about one message per second per channel, with short bursts.
CHANNEL = Window(3, 3.0)
NAME_TTL = 3600.0
# Web API errors that mean the app cannot post in a channel at all (removed, channel deleted
# or archived, account gone): a question of the day there is unsubscribed, not retried.
UNREACHABLE = ("not_in_channel", "channel_not_found", "is_archived", "account_inactive")


def api_error(exc: SlackApiError) -> str:
    """The `error` code of a failed Web API call ("" when the response has none)."""
    return exc.response.get("error", "") if exc.response is not None else ""


class RetryAfter429(AsyncRetryHandler):
    """Wait exactly as long as Slack's Retry-After says, then try again (sleep injectable)."""

    def __init__(self, sleep: Sleep, max_retry_count: int = 10) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep
        self.retries = 0

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None
        headers = {k.lower(): v for k, v in response.headers.items()}
        raw = headers.get("retry-after", ["1"])
        value = raw[0] if isinstance(raw, list) else raw
        try:
            seconds = max(0.0, float(value))
        except ValueError:
            seconds = 1.0
        log.warning("slack: 429 from the Web API; retrying in %s s", seconds)
        self.retries += 1
        state.next_attempt_requested = True
        await self._sleep(seconds)
        state.increment_current_attempt()


@dataclass(frozen=True)
class Person:
    name: str
    timezone: str | None


class Outbox:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.retry = RetryAfter429(sleep)
        client.retry_handlers.append(self.retry)
        self._sleep = sleep
        self._clock = clock
        self._windows = SlidingWindows()
        self._people: dict[tuple[str, str], tuple[float, Person]] = {}

    async def _turn(self, channel: str) -> None:
        now = self._clock()
        at = self._windows.reserve([(channel, CHANNEL)], now)
        if at > now:
            await self._sleep(at - now)

    async def post(
        self, channel: str, text: str, blocks: list[dict[str, Any]], thread_ts: str | None = None
    ) -> str:
        """Post to a channel (or a thread); returns the message ts."""
        await self._turn(channel)
        response = await self.client.chat_postMessage(
            channel=channel, text=text, blocks=blocks, thread_ts=thread_ts
        )
        return str(response["ts"])

    async def update(self, channel: str, ts: str, text: str, blocks: list[dict[str, Any]]) -> None:
        await self._turn(channel)
        await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    async def ephemeral(
        self, channel: str, user: str, text: str, blocks: list[dict[str, Any]] | None = None
    ) -> None:
        await self.client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)

    async def upload(
        self, channel: str, data: bytes, filename: str, title: str, comment: str
    ) -> None:
        """Share a file in a channel with a comment (files.getUploadURLExternal, the upload,
        files.completeUploadExternal: slack_sdk's files_upload_v2)."""
        await self._turn(channel)
        await self.client.files_upload_v2(
            channel=channel, file=data, filename=filename, title=title, initial_comment=comment
        )

    async def publish_home(self, user: str, view: dict[str, Any]) -> None:
        await self.client.views_publish(user_id=user, view=view)

    async def open_dm(self, user: str) -> str:
        response = await self.client.conversations_open(users=user)
        return str(response["channel"]["id"])

    async def person(self, team: str, user: str, fallback: str = "") -> Person:
        """Display name and time zone from users.info, cached for an hour."""
        key = (team, user)
        cached = self._people.get(key)
        now = self._clock()
        if cached and now - cached[0] < NAME_TTL:
            return cached[1]
        try:
            info = (await self.client.users_info(user=user))["user"]
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            # A name is nice to have; never fail an answer for it.
            log.warning("slack: users.info %s failed: %s", user, exc)
            return Person(fallback or user, None)
        profile = info.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or info.get("real_name")
            or info.get("name")
            or fallback
            or user
        )
        person = Person(name, info.get("tz"))
        self._people[key] = (now, person)
        return person
