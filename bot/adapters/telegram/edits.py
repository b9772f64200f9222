"""Message edits whose returned message nobody reads, sent without parsing Telegram's answer.

PTB turns the Message that every edit returns into objects; for the result and count edits
after a tap that is a large share of the edit's cost, and the bot never looks at it.
Bot.do_api_request without a return type skips the parse; it still goes through the rate
limiter and raises the same errors. It warns when given a name PTB has a method for; the Bot
API's method names are case-insensitive, so the lower-case name reaches the same method.
"""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup
from telegram.constants import ParseMode

EDIT = "editmessagetext"


async def edit_text(
    bot: Bot,
    chat_id: int,
    message_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Replace an HTML message's text (and keyboard: none given removes it, as Telegram does)."""
    params: dict[str, object] = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": text,
        "parse_mode": ParseMode.HTML,
    }
    if keyboard is not None:
        params["reply_markup"] = keyboard
    await bot.do_api_request(EDIT, api_kwargs=params)
