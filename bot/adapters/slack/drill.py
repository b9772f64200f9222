"""`/quiz drill` on Slack: the list of pairs, a run's questions in the app's DM, the contrast.

A run is personal, so a drill asked for in a channel runs in the person's DM with the app
instead of filling the channel with one person's questions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.adapters.slack import blocks
from bot.engine.drill_views import DrillEnd, DrillQuestion, DrillStart
from bot.engine.views import ChatRef, LearnerRef
from bot.messages import commands, drill_text
from bot.messages.catalogue import tr

if TYPE_CHECKING:
    from bot.adapters.slack.handlers import SlackHandlers

PLACE = commands.SLACK
ACTION_PREFIX = "drill_"  # drill_answer_<i>: the buttons of a drill question


class SlackDrill:
    def __init__(self, handlers: SlackHandlers) -> None:
        self.h = handlers

    async def command(
        self, learner: LearnerRef, chat: ChatRef, pair: str | None, respond, lang: str
    ) -> None:
        """/quiz drill lists the pairs; /quiz drill <pair> runs one in the DM."""
        engine = self.h.engine
        here = chat
        if chat.is_group:
            # Listed and run for the DM, where the drill's questions go.
            chat = self.h.chat(learner.workspace, await self.h.outbox.open_dm(learner.user_id))
        if pair is None:
            listing = drill_text.listing(lang, await engine.drills.listing(learner, chat), PLACE)
            await respond(text=blocks.esc(listing), response_type="ephemeral")
            return
        step = await engine.drills.start(learner, chat, pair)
        if not isinstance(step, (DrillQuestion, DrillEnd)):
            text = drill_text.outcome(lang, step, PLACE) or ""
            await respond(text=blocks.esc(text), response_type="ephemeral")
            return
        await self.show(chat, step, lang)
        if here.is_group:
            await respond(text=tr(lang, "drill_in_dm"), response_type="ephemeral")

    async def show(self, chat: ChatRef, step: DrillStart, lang: str) -> None:
        if isinstance(step, DrillQuestion):
            head = blocks.section(blocks.esc(drill_text.header(lang, step)))
            shown = [head, *blocks.question(lang, step.question, group=False)]
            await self.h.outbox.post(
                chat.chat_id, step.question.prompt[:150], drill_buttons(shown)
            )
            return
        text = drill_text.outcome(lang, step, PLACE) or ""
        await self.h.outbox.post(chat.chat_id, text[:150], blocks.plain_text(text))

    async def button(self, ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """A tap on a drill question: the result in place, then the next step or the end."""
        await ack()
        # Imported here: handlers.py builds this class, so it cannot be imported at the top.
        from bot.adapters.slack.handlers import _parse_value, _where

        team, user, channel = _where(body)
        learner = await self.h.learner(team, user)
        lang = await self.h.lang(learner)
        parsed = _parse_value(action.get("value"))
        if parsed is None or not channel:
            await self.h.outbox.ephemeral(channel, user, tr(lang, "invalid_button"))
            return
        chat = self.h.chat(team, channel)
        answered = await self.h.engine.drills.answer(learner, chat, *parsed)
        result = answered.result
        message = body.get("message") or {}
        ts = message.get("ts") or body.get("container", {}).get("message_ts", "")
        if not result.status.counted:
            await self.h.outbox.ephemeral(
                channel, user, blocks.summary(lang, result), blocks.result(lang, result)
            )
            return
        kept = [b for b in message.get("blocks", []) if b.get("block_id") != "answers"]
        done = [*kept, *blocks.result(lang, result)]
        await self.h.outbox.update(channel, ts, result.explanation[:150], done)
        if answered.then is not None:
            await self.show(chat, answered.then, lang)


def drill_buttons(shown: list[blocks.Block]) -> list[blocks.Block]:
    """The question's blocks with its answer buttons marked as a drill's."""
    for block in shown:
        if block.get("block_id") == "answers":
            for element in block["elements"]:
                element["action_id"] = ACTION_PREFIX + element["action_id"]
    return shown
