"""Sending the question of the day to Slack channels and DMs (paced per channel)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError

from bot.adapters.base import Unreachable
from bot.adapters.slack import blocks
from bot.adapters.slack.outbox import UNREACHABLE, Outbox, api_error
from bot.engine.views import ChatRef, Leaderboard, QuestionSummary, QuestionView
from bot.messages import plain
from bot.messages.catalogue import tr


class SlackDailySender:
    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        header = blocks.section(f"*{tr(lang, 'daily_header')}*")
        body = [header, *blocks.question(lang, view, group=chat.is_group)]
        return await self._post(chat, view.prompt[:150], body)

    async def send_summary(
        self, chat: ChatRef, reply_to: str, summary: QuestionSummary, lang: str
    ) -> None:
        message = plain.summary(lang, summary, blocks.esc)
        await self._post(chat, message, [blocks.section(message)], thread_ts=reply_to)

    async def send_leaderboard(self, chat: ChatRef, board: Leaderboard, lang: str) -> None:
        body = [blocks.section(f"*{tr(lang, 'last_week')}*"), *blocks.leaderboard(lang, board)]
        await self._post(chat, tr(lang, "last_week"), body)

    async def _post(self, chat: ChatRef, fallback: str, body, thread_ts: str | None = None) -> str:
        try:
            return await self.outbox.post(chat.chat_id, fallback, body, thread_ts=thread_ts)
        except SlackApiError as exc:
            error = api_error(exc)
            if error in UNREACHABLE:
                raise Unreachable(error) from exc
            raise
