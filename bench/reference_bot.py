"""The reference for bench/taps.py: a minimal python-telegram-bot bot, as its examples write one.

A CallbackQueryHandler that answers the tap and edits the message, and a /quiz that sends a
message; PTB's defaults otherwise (updates one at a time, no rate limiter). The transport is
PTB's default (httpx) or the one studybot uses (aiohttp, bot/adapters/telegram/aiohttp_request).

    python bench/reference_bot.py BASE_URL TOKEN httpx|aiohttp
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.adapters.telegram.aiohttp_request import AiohttpRequest


async def tapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"You chose {query.data}")


async def quiz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_chat.send_message("A question")


async def failed(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not isinstance(context.error, TelegramError):  # 429s are counted by the fake
        print(f"reference: {context.error!r}", file=sys.stderr)


def main() -> None:
    base_url, token, transport = sys.argv[1:4]
    builder = Application.builder().token(token).base_url(base_url)
    if transport == "aiohttp":
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connections=1)
        )
    application = builder.build()
    application.add_handler(CallbackQueryHandler(tapped))
    application.add_handler(CommandHandler("quiz", quiz))
    application.add_error_handler(failed)
    application.run_polling(poll_interval=0, timeout=10, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
