"""Sending the question of the day through Telegram (paced by the bot's rate limiter)."""

from __future__ import annotations

from telegram import Bot, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.adapters.base import Unreachable
from bot.adapters.telegram import markup
from bot.engine.views import ChatRef, Leaderboard, QuestionSummary, QuestionView
from bot.messages import plain
from bot.messages.catalogue import tr

GONE = ("chat not found", "bot was kicked", "group chat was deactivated", "user is deactivated")


class TelegramDailySender:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        body = (
            tr(lang, "daily_header")
            + "\n"
            + markup.question(lang, view, answers=0 if chat.is_group else None)
        )
        message = await self._send(chat, body, reply_markup=markup.question_keyboard(view))
        return str(message.message_id)

    async def send_summary(
        self, chat: ChatRef, reply_to: str, summary: QuestionSummary, lang: str
    ) -> None:
        await self._send(
            chat,
            plain.summary(lang, summary, markup.esc),
            reply_parameters=ReplyParameters(int(reply_to), allow_sending_without_reply=True),
        )

    async def send_leaderboard(self, chat: ChatRef, board: Leaderboard, lang: str) -> None:
        body = f"<b>{tr(lang, 'last_week')}</b>\n" + plain.leaderboard(lang, board, markup.esc)
        await self._send(chat, body)

    async def _send(self, chat: ChatRef, body: str, **kwargs):
        try:
            return await self.bot.send_message(
                int(chat.chat_id), body[: markup.MAX_MESSAGE], parse_mode=ParseMode.HTML, **kwargs
            )
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except BadRequest as exc:
            if any(reason in exc.message.lower() for reason in GONE):
                raise Unreachable(exc.message) from exc
            raise
