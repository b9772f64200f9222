"""Slack listeners: ack first, then one engine call, render Block Kit, send."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.adapters.button_ids import answer_ids
from bot.adapters.languages import Languages
from bot.adapters.slack import blocks, deck_blocks, progress
from bot.adapters.slack.admins import may_manage
from bot.adapters.slack.drill import SlackDrill
from bot.adapters.slack.outbox import UNREACHABLE, Outbox, api_error
from bot.adapters.tally import Tallies
from bot.engine import Engine
from bot.engine.views import AnswerResult, AnswerStatus, ChatRef, LearnerRef, TopicNotFound
from bot.messages import commands, plain
from bot.messages.catalogue import language_for, tr

log = logging.getLogger(__name__)

PLATFORM = "slack"
PLACE = commands.SLACK


class SlackHandlers:
    def __init__(self, engine: Engine, outbox: Outbox, *, tallies: Tallies | None = None) -> None:
        self.engine = engine
        self.outbox = outbox
        self.tallies = tallies or Tallies()
        self.languages = Languages(engine.profiles.language)
        self.drill = SlackDrill(self)
        # `/quiz <command>`: the table's commands that apply on Slack, each with its handler.
        self._subcommands = {
            "quiz": self._ask,
            "leaderboard": self._leaderboard,
            "stats": self._stats,
            "topics": self._topics,
            "help": self._help,
            "lang": self._set_lang,
            "daily": self._daily,
            "progress": lambda *a: progress.progress(self, *a),
            "exam": lambda *a: progress.exam(self, *a),
            "drill": self.drill.command,
        }

    async def learner(self, team: str, user: str, fallback: str = "") -> LearnerRef:
        person = await self.outbox.person(team, user, fallback)
        return LearnerRef(PLATFORM, team, user, display_name=person.name)

    @staticmethod
    def chat(team: str, channel: str, name: str = "") -> ChatRef:
        # D… is a direct message with the app: questions there are personal.
        return ChatRef(PLATFORM, team, channel, is_group=not channel.startswith("D"), title=name)

    async def lang(self, learner: LearnerRef) -> str:
        # Slack tells no client language: the learner's choice, else the default.
        return language_for(await self.languages.chosen(learner))

    async def answer_lang(self, learner: LearnerRef, result: AnswerResult) -> str:
        """The language that came back with the answer (looked up only for unknown buttons)."""
        if result.status is AnswerStatus.UNKNOWN_QUESTION:
            return await self.lang(learner)
        self.languages.remember(learner, result.language)
        return language_for(result.language)

    # -- /quiz ---------------------------------------------------------------------------------

    async def command(self, ack, command: dict[str, Any], respond) -> None:
        """/quiz [topic], or /quiz <command> for a command of the table that applies on Slack."""
        await ack()
        team, user, channel = command["team_id"], command["user_id"], command["channel_id"]
        learner = await self.learner(team, user, command.get("user_name", ""))
        chat = self.chat(team, channel, command.get("channel_name", ""))
        lang = await self.lang(learner)
        words = (command.get("text") or "").strip()
        word, _, rest = words.partition(" ")
        found = commands.find(word)
        if found is None or PLACE not in found.places or found.name == "quiz":
            found, rest = commands.find("quiz"), words  # anything else names a topic
        parsed = found.parse(rest.strip())
        try:
            if isinstance(parsed, commands.Invalid):
                message = plain.usage(lang, parsed, found.name, PLACE)
                await respond(text=blocks.esc(message), response_type="ephemeral")
                return
            await self._subcommands[found.name](learner, chat, parsed, respond, lang)
        except SlackApiError as exc:
            await self._unreachable(exc, respond, lang)

    async def _leaderboard(self, learner, chat: ChatRef, _arg, respond, lang: str) -> None:
        board = await self.engine.leaderboard(chat, learner)
        await self.outbox.post(
            chat.chat_id, tr(lang, "leaderboard_header"), blocks.leaderboard(lang, board)
        )

    async def _stats(self, learner, _chat, _arg, respond, lang: str) -> None:
        stats = await self.engine.stats(learner)
        await respond(text=plain.stats(lang, stats), response_type="ephemeral")

    async def _topics(self, learner, _chat, _arg, respond, lang: str) -> None:
        listing = plain.topics(lang, await self.engine.topics(learner, _chat))
        await respond(text=blocks.esc(listing), response_type="ephemeral")

    async def _help(self, _learner, _chat, _arg, respond, lang: str) -> None:
        await respond(text=plain.help_text(lang, PLACE), response_type="ephemeral")

    async def _ask(self, learner, chat: ChatRef, topic: str | None, respond, lang: str) -> None:
        shown = await self.engine.next_question(learner, chat, topic)
        if isinstance(shown, TopicNotFound):
            await respond(
                text=blocks.esc(plain.topic_not_found(lang, shown)), response_type="ephemeral"
            )
            return
        await self.outbox.post(
            chat.chat_id, shown.prompt[:150], blocks.question(lang, shown, group=chat.is_group)
        )

    async def _set_lang(self, learner, _chat, choice: str, respond, lang: str) -> None:
        await self.engine.profiles.set_language(learner, choice)
        self.languages.remember(learner, choice)
        await respond(text=tr(choice, "lang_set"), response_type="ephemeral")

    async def _daily(self, learner, chat: ChatRef, choice, respond, lang: str) -> None:
        if choice is None:
            current = await self.engine.profiles.daily(learner, chat)
            message = plain.daily_current(lang, current, PLACE)
            await respond(text=message, response_type="ephemeral")
            return
        if not await may_manage(self.outbox.client, chat.chat_id, learner.user_id):
            await respond(text=tr(lang, "admin_only_channel"), response_type="ephemeral")
            return
        person = await self.outbox.person(learner.workspace, learner.user_id)
        setting = await self.engine.profiles.set_daily(
            learner, chat, choice.local_time, person.timezone
        )
        message = plain.daily_setting(lang, setting, PLACE)
        await self.outbox.post(chat.chat_id, message, blocks.plain_text(message))

    async def _unreachable(self, exc: SlackApiError, respond, lang: str) -> None:
        error = api_error(exc)
        if error not in UNREACHABLE:
            raise exc
        log.info("slack: cannot post here (%s); telling the user how to invite the app", error)
        await respond(text=tr(lang, "not_in_channel"), response_type="ephemeral")

    # -- buttons -------------------------------------------------------------------------------

    async def answer_button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """A tap on an option: record it once, tell the person privately, update the tally."""
        await ack()
        team, user, channel = _where(body)
        learner = await self.learner(team, user, body.get("user", {}).get("username", ""))
        parsed = _parse_value(action.get("value"))
        if parsed is None or not channel:
            lang = await self.lang(learner)
            await self.outbox.ephemeral(channel, user, tr(lang, "invalid_button"))
            return
        chat = self.chat(team, channel)
        result = await self.engine.answer(learner, chat, *parsed)
        lang = await self.answer_lang(learner, result)
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
                    deck_blocks.report(lang, result.instance_id),
                ],
            )
            return
        await self.outbox.ephemeral(
            channel,
            user,
            plain.refusal(lang, result)
            if not result.status.counted
            else tr(lang, "correct" if result.status.value == "correct" else "wrong"),
            [*blocks.result(lang, result), deck_blocks.report(lang, result.instance_id)]
            if result.status.counted
            else blocks.result(lang, result),
        )
        if chat.is_group and result.status.counted and ts:
            self._update_tally(channel, ts, message, lang, result)

    def _update_tally(self, channel, ts, message, lang, result) -> None:
        # One chat.update per few seconds, ending on the newest count (bot/adapters/tally.py).
        updated = blocks.with_tally(
            message.get("blocks", []), lang, result.answer_count, result.answerers
        )
        text = message.get("text", "") or "quiz"
        self.tallies.show(
            (channel, ts),
            result.answer_count,
            lambda: self.outbox.update(channel, ts, text, updated),
        )

    async def next_button(self, ack, body: dict[str, Any]) -> None:
        """ "Next question" under a DM result."""
        await ack()
        team, user, channel = _where(body)
        learner = await self.learner(team, user)
        lang = await self.lang(learner)
        await self._ask(
            learner, self.chat(team, channel), None, _ephemeral_to(self, channel, user), lang
        )

    async def home_quiz(self, ack, body: dict[str, Any]) -> None:
        """The App Home button: start a personal quiz in the DM with the app."""
        await ack()
        team, user, _ = _where(body)
        learner = await self.learner(team, user)
        lang = await self.lang(learner)
        dm = await self.outbox.open_dm(user)
        await self._ask(learner, self.chat(team, dm), None, _ephemeral_to(self, dm, user), lang)

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
        view = blocks.home(lang, stats, topics)
        report = await self.engine.progress.of_learner(learner)
        view["blocks"] = progress.with_home_section(view["blocks"], lang, report)
        await self.outbox.publish_home(user, view)

    async def home_progress(self, ack, body: dict[str, Any]) -> None:
        """The App Home's progress button: the learner's picture in the DM with the app."""
        await ack()
        team, user, _ = _where(body)
        learner = await self.learner(team, user)
        dm = await self.outbox.open_dm(user)
        await progress.send_picture(self, learner, self.chat(team, dm), await self.lang(learner))


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
    return answer_ids(instance, option)


def _ephemeral_to(handlers: SlackHandlers, channel: str, user: str):
    async def respond(text: str, response_type: str = "ephemeral") -> None:
        await handlers.outbox.ephemeral(channel, user, text)

    return respond
