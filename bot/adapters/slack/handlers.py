"""Slack listeners: ack first, then one engine call, render Block Kit, send."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot import text as plain
from bot.adapters.slack import blocks
from bot.adapters.slack.outbox import Outbox
from bot.engine import Engine
from bot.i18n import DEFAULT_LANGUAGE, text
from bot.profiles import LANGUAGES, parse_time
from bot.views import ChatRef, LearnerRef, TopicNotFound

log = logging.getLogger(__name__)

PLATFORM = "slack"
UNREACHABLE = ("not_in_channel", "channel_not_found", "is_archived")


class SlackHandlers:
    def __init__(self, engine: Engine, outbox: Outbox) -> None:
        self.engine = engine
        self.outbox = outbox
        self._tallies: dict[tuple[str, str], int] = {}

    async def learner(self, team: str, user: str, fallback: str = "") -> LearnerRef:
        person = await self.outbox.person(team, user, fallback)
        return LearnerRef(PLATFORM, team, user, display_name=person.name)

    @staticmethod
    def chat(team: str, channel: str, name: str = "") -> ChatRef:
        # D… is a direct message with the app: questions there are personal.
        return ChatRef(PLATFORM, team, channel, is_group=not channel.startswith("D"), title=name)

    async def lang(self, learner: LearnerRef) -> str:
        return await self.engine.profiles.language(learner) or DEFAULT_LANGUAGE

    # -- /quiz ---------------------------------------------------------------------------------

    async def command(self, ack, command: dict[str, Any], respond) -> None:
        """/quiz [topic | leaderboard | stats | topics | help | lang X | daily HH:MM|off]."""
        await ack()
        team, user, channel = command["team_id"], command["user_id"], command["channel_id"]
        learner = await self.learner(team, user, command.get("user_name", ""))
        chat = self.chat(team, channel, command.get("channel_name", ""))
        lang = await self.lang(learner)
        word, _, rest = (command.get("text") or "").strip().partition(" ")
        sub = word.lower()
        try:
            if sub in ("leaderboard", "rank", "ranking"):
                board = await self.engine.leaderboard(chat, learner)
                await self.outbox.post(
                    channel, text(lang, "leaderboard_header"), blocks.leaderboard(lang, board)
                )
            elif sub == "stats":
                stats = await self.engine.stats(learner)
                await respond(text=plain.stats(lang, stats), response_type="ephemeral")
            elif sub == "topics":
                listing = plain.topics(lang, await self.engine.topics(learner))
                await respond(text=blocks.esc(listing), response_type="ephemeral")
            elif sub == "help":
                await respond(text=text(lang, "slack_help"), response_type="ephemeral")
            elif sub == "lang":
                await self._set_lang(learner, rest.strip().lower(), respond, lang)
            elif sub == "daily":
                await self._daily(learner, chat, rest.strip().lower(), respond, lang)
            else:
                await self._ask(learner, chat, (command.get("text") or "").strip(), respond, lang)
        except SlackApiError as exc:
            await self._unreachable(exc, respond, lang)

    async def _ask(self, learner, chat: ChatRef, topic: str, respond, lang: str) -> None:
        shown = await self.engine.next_question(learner, chat, topic or None)
        if isinstance(shown, TopicNotFound):
            await respond(
                text=blocks.esc(plain.topic_not_found(lang, shown)), response_type="ephemeral"
            )
            return
        await self.outbox.post(
            chat.chat_id, shown.prompt[:150], blocks.question(lang, shown, group=chat.is_group)
        )

    async def _set_lang(self, learner, choice: str, respond, lang: str) -> None:
        if choice not in LANGUAGES:
            await respond(
                text=text(lang, "lang_usage").replace("/lang", "/quiz lang"),
                response_type="ephemeral",
            )
            return
        await self.engine.profiles.set_language(learner, choice)
        await respond(text=text(choice, "lang_set"), response_type="ephemeral")

    async def _daily(self, learner, chat: ChatRef, arg: str, respond, lang: str) -> None:
        when = None if arg == "off" else parse_time(arg)
        if arg != "off" and when is None:
            await respond(text=text(lang, "slack_daily_usage"), response_type="ephemeral")
            return
        person = await self.outbox.person(learner.workspace, learner.user_id)
        setting = await self.engine.profiles.set_daily(learner, chat, when, person.timezone)
        if setting.local_time is None:
            message = text(lang, "daily_off")
        else:
            message = text(lang, "daily_set", time=setting.local_time, tz=setting.timezone)
            message = message.replace("/daily off", "/quiz daily off")
        await self.outbox.post(chat.chat_id, message, blocks.plain_text(message))

    async def _unreachable(self, exc: SlackApiError, respond, lang: str) -> None:
        error = exc.response.get("error", "") if exc.response is not None else ""
        if error not in UNREACHABLE:
            raise exc
        log.info("slack: cannot post here (%s); telling the user how to invite the app", error)
        await respond(text=text(lang, "not_in_channel"), response_type="ephemeral")

    # -- buttons -------------------------------------------------------------------------------

    async def answer_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """A tap on an option: record it once, tell the person privately, update the tally."""
        await ack()
        team, user, channel = _where(body)
        learner = await self.learner(team, user, body.get("user", {}).get("username", ""))
        lang = await self.lang(learner)
        parsed = _parse_value(action.get("value"))
        if parsed is None or not channel:
            await self.outbox.ephemeral(channel, user, text(lang, "invalid_button"))
            return
        chat = self.chat(team, channel)
        result = await self.engine.answer(learner, chat, *parsed)
        message = body.get("message") or {}
        ts = message.get("ts") or body.get("container", {}).get("message_ts", "")
        if not chat.is_group and result.status.counted:
            done = blocks.result(lang, result)
            await self.outbox.update(
                channel,
                ts,
                result.explanation[:150],
                [
                    *[b for b in message.get("blocks", []) if b.get("block_id") != "answers"],
                    *done,
                    blocks.next_button(lang),
                ],
            )
            return
        await self.outbox.ephemeral(
            channel,
            user,
            plain.refusal(lang, result)
            if not result.status.counted
            else text(lang, "correct" if result.status.value == "correct" else "wrong"),
            blocks.result(lang, result),
        )
        if chat.is_group and result.status.counted and ts:
            await self._update_tally(channel, ts, message, lang, result)

    async def _update_tally(self, channel, ts, message, lang, result) -> None:
        # Taps are handled concurrently; never let an older count overwrite a newer one.
        key = (channel, ts)
        if self._tallies.get(key, 0) >= result.answer_count:
            return
        if len(self._tallies) > 10_000:
            self._tallies.clear()  # only recent messages get taps; an old count may be redone
        self._tallies[key] = result.answer_count
        updated = blocks.with_tally(
            message.get("blocks", []), lang, result.answer_count, result.answerers
        )
        await self.outbox.update(channel, ts, message.get("text", "") or "quiz", updated)

    async def next_button(self, ack, body: dict[str, Any]) -> None:
        """ "Next question" under a DM result."""
        await ack()
        team, user, channel = _where(body)
        learner = await self.learner(team, user)
        lang = await self.lang(learner)
        await self._ask(
            learner, self.chat(team, channel), "", _ephemeral_to(self, channel, user), lang
        )

    async def home_quiz(self, ack, body: dict[str, Any]) -> None:
        """The App Home button: start a personal quiz in the DM with the app."""
        await ack()
        team, user, _ = _where(body)
        learner = await self.learner(team, user)
        lang = await self.lang(learner)
        dm = await self.outbox.open_dm(user)
        await self._ask(learner, self.chat(team, dm), "", _ephemeral_to(self, dm, user), lang)

    # -- events --------------------------------------------------------------------------------

    async def home_opened(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """Publish the person's App Home: streak, mastery per topic, cards due."""
        if event.get("tab", "home") != "home":
            return
        team, user = body.get("team_id", ""), event["user"]
        learner = await self.learner(team, user)
        lang = await self.lang(learner)
        stats = await self.engine.stats(learner)
        topics = await self.engine.topics(learner)
        await self.outbox.publish_home(user, blocks.home(lang, stats, topics))


def _where(body: dict[str, Any]) -> tuple[str, str, str]:
    team = (body.get("team") or {}).get("id") or body.get("user", {}).get("team_id", "")
    user = body.get("user", {}).get("id", "")
    channel = (body.get("channel") or {}).get("id") or body.get("container", {}).get(
        "channel_id", ""
    )
    return team, user, channel


def _parse_value(value: Any) -> tuple[int, int] | None:
    """Button values are "<instance>:<option>"; anything else was not made by this bot."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    instance, _, option = value.partition(":")
    if not (instance.isdecimal() and option.isdecimal()):
        return None
    return int(instance), int(option)


def _ephemeral_to(handlers: SlackHandlers, channel: str, user: str):
    async def respond(text: str, response_type: str = "ephemeral") -> None:
        await handlers.outbox.ephemeral(channel, user, text)

    return respond
