"""Who manages a Telegram chat: anyone in their private chat; in a group, its creator and
administrators as getChatMember says. Group settings (/daily) and decks need it."""

from __future__ import annotations

import logging

from telegram import Bot, Chat
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

log = logging.getLogger(__name__)
MANAGERS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


async def may_manage(bot: Bot, chat: Chat, user_id: int) -> bool:
    if chat.type == Chat.PRIVATE:
        return True
    try:
        member = await bot.get_chat_member(chat.id, user_id)
    except TelegramError as exc:
        # Not knowing is a no: a refusal can be asked again, a wrong yes cannot be undone.
        log.warning("getChatMember failed in chat %s: %s", chat.id, exc)
        return False
    return member.status in MANAGERS
