"""Slack deck listeners: a file shared in the app's DM (or, after `/quiz import`, in a
channel) becomes a deck of that conversation; `/quiz decks`, `/quiz review`; the report,
deck and retire buttons. Replies are ephemeral to the person.

A pending `/quiz import` lives in this process's memory for five minutes: behind a load
balancer the file_shared event may reach another process, which then ignores the file, and
the person is told nothing; sharing it in the app's DM always works."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack import blocks, deck_blocks
from bot.adapters.slack.admins import is_dm, may_manage
from bot.adapters.slack.handlers import PLACE, SlackHandlers, _ephemeral_to, _where
from bot.engine.deck_views import DeckAdded
from bot.messages import decks as text
from bot.messages.catalogue import tr

log = logging.getLogger(__name__)

IMPORT_WINDOW = 300.0  # seconds a `/quiz import` waits for the file
READ_LIMIT = 2 * 1024 * 1024 + 1  # one byte past the largest file a deck may come from
SWITCH = re.compile(r"^deck_(on|off)_")
RETIRE = re.compile(r"^retire_")
REASON = re.compile(r"^report_(wrong|unclear|typo)$")


class SlackDecks:
    def __init__(self, h: SlackHandlers, clock: Callable[[], float] = time.monotonic) -> None:
        self.h = h
        self.decks = h.engine.decks
        self.client = h.outbox.client
        self.clock = clock
        self._waiting: dict[tuple[str, str, str], float] = {}  # (team, channel, user) → until

    def register(self, app) -> None:
        self.h._subcommands |= {
            "decks": self._decks,
            "review": self._review,
            "import": self._import,
        }
        app.event("file_shared")(self.file_shared)
        app.action("report")(self.report_button)
        app.action(REASON)(self.reason_button)
        app.action(SWITCH)(self.deck_button)
        app.action("deck_delete")(self.deck_button)
        app.action("deck_quiz")(self.quiz_button)
        app.action(RETIRE)(self.retire_button)

    # -- /quiz decks, /quiz review, /quiz import ----------------------------------------------

    async def _decks(self, learner, chat, action, respond, lang: str) -> None:
        if action is None:
            lines = await self.decks.list(chat)
            message = text.deck_list(lang, lines, PLACE)
            await respond(
                text=blocks.esc(message),
                blocks=deck_blocks.deck_list(lang, message, lines),
                response_type="ephemeral",
            )
            return
        done = await self._change(learner, chat, action.verb, action.deck_id)
        message = text.change(lang, done, action.verb, action.deck_id)
        await respond(text=blocks.esc(message), response_type="ephemeral")

    async def _review(self, learner, chat, retire, respond, lang: str) -> None:
        admin = await may_manage(self.client, chat.chat_id, learner.user_id)
        if retire is not None:
            done = await self.decks.retire(chat, retire, admin=admin)
            message = text.retired(lang, done, retire)
            await respond(text=blocks.esc(message), response_type="ephemeral")
            return
        found = await self.decks.review(chat, admin=admin)
        message = text.review(lang, found, PLACE)
        await respond(
            text=blocks.esc(message),
            blocks=deck_blocks.review(lang, message, found),
            response_type="ephemeral",
        )

    async def _import(self, learner, chat, _arg, respond, lang: str) -> None:
        if not await may_manage(self.client, chat.chat_id, learner.user_id):
            await respond(text=tr(lang, "deck_not_admin"), response_type="ephemeral")
            return
        now = self.clock()
        self._waiting = {k: v for k, v in self._waiting.items() if v > now}
        self._waiting[(learner.workspace, chat.chat_id, learner.user_id)] = now + IMPORT_WINDOW
        await respond(text=tr(lang, "import_send_file"), response_type="ephemeral")

    # -- a file shared ------------------------------------------------------------------------

    async def file_shared(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """Import a file shared in the app's DM, or in a channel after `/quiz import`."""
        team = body.get("team_id") or ""
        user, channel = event.get("user_id") or "", event.get("channel_id") or ""
        file_id = event.get("file_id") or (event.get("file") or {}).get("id") or ""
        if not (team and user and channel and file_id):
            return
        if not is_dm(channel) and self._waiting.pop((team, channel, user), 0) < self.clock():
            return  # people share files in channels all day; only an asked-for one is ours
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        chat = self.h.chat(team, channel)
        say = _ephemeral_to(self.h, channel, user)
        try:
            info = (await self.client.files_info(file=file_id))["file"]
        except SlackApiError as exc:
            log.warning("slack: files.info %s failed: %s", file_id, exc)
            await say(tr(lang, "deck_download_failed"))
            return
        name = info.get("name") or "memo.txt"
        refused = self.decks.precheck(name, info.get("size"))
        if refused is not None:
            await say(text.refused(lang, refused))
            return
        data = await self._download(info.get("url_private_download") or info.get("url_private"))
        if data is None:
            await say(tr(lang, "deck_download_failed"))
            return
        result = await self.decks.add(learner, chat, name, data, admin=True)
        if not isinstance(result, DeckAdded):
            await say(text.refused(lang, result))
            return
        message = text.added(lang, result)
        await self.h.outbox.ephemeral(
            channel, user, message, deck_blocks.added(lang, message, result.deck_id)
        )

    async def _download(self, url: str | None) -> bytes | None:
        """url_private with the bot token; None when it cannot be fetched."""
        if not url:
            return None
        headers = {"Authorization": f"Bearer {self.client.token}"}
        timeout = aiohttp.ClientTimeout(total=30)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(url, headers=headers) as response,
            ):
                if response.status != 200:
                    log.warning("slack: file download answered %s", response.status)
                    return None
                return await response.content.read(READ_LIMIT)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: file download failed: %s", exc)
            return None

    # -- buttons ------------------------------------------------------------------------------

    async def report_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        team, user, channel = _where(body)
        lang = await self.h.lang(await self.h.learner(team, user))
        value = str(action.get("value") or "")
        if not value.isdecimal() or len(value) > 18:
            await self.h.outbox.ephemeral(channel, user, tr(lang, "invalid_button"))
            return
        await self.h.outbox.ephemeral(
            channel, user, tr(lang, "report_ask"), deck_blocks.reasons(lang, int(value))
        )

    async def reason_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        team, user, channel = _where(body)
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        instance, _, reason = str(action.get("value") or "").partition(":")
        if not instance.isdecimal() or len(instance) > 18:
            await self.h.outbox.ephemeral(channel, user, tr(lang, "invalid_button"))
            return
        done = await self.decks.report(learner, self.h.chat(team, channel), int(instance), reason)
        await self.h.outbox.ephemeral(channel, user, text.reported(lang, done))

    async def deck_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        team, user, channel = _where(body)
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        verb, _, deck_id = str(action.get("value") or "").partition(":")
        if verb not in ("on", "off", "delete") or not deck_id:
            await self.h.outbox.ephemeral(channel, user, tr(lang, "invalid_button"))
            return
        done = await self._change(learner, self.h.chat(team, channel), verb, deck_id)
        await self.h.outbox.ephemeral(channel, user, text.change(lang, done, verb, deck_id))

    async def quiz_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        team, user, channel = _where(body)
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        respond = _ephemeral_to(self.h, channel, user)
        deck_id = str(action.get("value") or "")[:64]
        await self.h._ask(learner, self.h.chat(team, channel), deck_id, respond, lang)

    async def retire_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        team, user, channel = _where(body)
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        key = str(action.get("value") or "")[:160]
        admin = await may_manage(self.client, channel, user)
        done = await self.decks.retire(self.h.chat(team, channel), key, admin=admin)
        await self.h.outbox.ephemeral(channel, user, text.retired(lang, done, key))

    async def _change(self, learner, chat, verb: str, deck_id: str):
        admin = await may_manage(self.client, chat.chat_id, learner.user_id)
        if verb == "delete":
            return await self.decks.delete(chat, deck_id, admin=admin)
        return await self.decks.switch(chat, deck_id, verb == "on", admin=admin)
