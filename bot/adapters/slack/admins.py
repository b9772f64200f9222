"""Who manages a Slack conversation: the person in their DM with the app; in a channel, the
workspace's admins and owners (users.info `is_admin` / `is_owner`). Channel settings
(`/quiz daily`) and decks need it.

Workspace admins rather than "the member who added the app": Slack tells the installer only
through OAuth, which a single-workspace bot token install never sees, while every workspace
has admins and users.info names them."""

from __future__ import annotations

import logging

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


def is_dm(channel: str) -> bool:
    return channel.startswith("D")


async def may_manage(client: AsyncWebClient, channel: str, user: str) -> bool:
    if is_dm(channel):
        return True
    try:
        info = (await client.users_info(user=user))["user"]
    except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
        # Not knowing is a no: a refusal can be asked again, a wrong yes cannot be undone.
        log.warning("slack: users.info %s failed: %s", user, exc)
        return False
    return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
