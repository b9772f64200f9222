"""A Slack workspace seen from its people: slash commands and clicks signed as Slack signs
them, and the app's next post or private reply read back from the fake Web API."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.adapters.slack.app import SlackAdapter
from tests.fakes.slack_api import FakeSlackApi
from tests.support.clock import FakeTime

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0STUDY"


@dataclass
class SlackWorld:
    fake: FakeSlackApi
    url: str
    adapter: SlackAdapter
    time: FakeTime
    # Per channel, how many posts the test has read; and how many private replies.
    _posts_read: dict[str, int] = field(default_factory=dict)
    _private_read: int = 0

    async def command(self, user: str, text: str = "", channel: str = CHANNEL, **kw):
        return await self.fake.command(
            self.url, SECRET, user=user, channel=channel, text=text, **kw
        )

    async def click(self, user: str, channel: str, ts: str, action_id: str, value: str, **kw):
        return await self.fake.click(
            self.url,
            SECRET,
            user=user,
            channel=channel,
            message_ts=ts,
            action_id=action_id,
            value=value,
            **kw,
        )

    async def posted(self, count: int, channel: str = CHANNEL):
        """The count-th message the app posted in `channel` (for skipping ahead)."""
        self._posts_read[channel] = max(self._posts_read.get(channel, 0), count)
        return (await self.fake.wait_for("chat.postMessage", count, channel=channel, ok=True))[-1]

    async def next_post(self, channel: str = CHANNEL):
        """The app's next message in `channel` that the test has not read yet."""
        return await self.posted(self._posts_read.get(channel, 0) + 1, channel)

    async def next_private(self):
        """The next private reply (chat.postEphemeral or response_url) not read yet."""
        self._private_read += 1
        count = self._private_read
        changed = self.fake._changed  # the fake's own "a call arrived" condition
        async with changed:
            await asyncio.wait_for(changed.wait_for(lambda: len(self.fake.ephemeral) >= count), 5)
        return self.fake.ephemeral[count - 1]


def answer_buttons(message: dict) -> list[tuple[str, str]]:
    for block in message.get("blocks", []):
        if block.get("type") == "actions" and block.get("block_id") == "answers":
            return [(e["action_id"], e["value"]) for e in block["elements"]]
    return []


def populate(fake: FakeSlackApi) -> None:
    """The workspace every Slack test starts from: Ann, Ben and Cy in #aws-study."""
    for i, name in enumerate(["Ann", "Ben", "Cy"]):
        fake.add_user(f"U{i + 1}", name, real_name=f"{name} Example")
    fake.add_channel(CHANNEL, "aws-study")
