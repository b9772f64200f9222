"""The Telegram side of the fake Bot API: users, chats, the updates users' actions queue for
the bot (messages, edits, channel posts, button taps) and the messages the bot keeps in chats,
with Telegram's rules for sending, editing and deleting them."""

from __future__ import annotations

import asyncio
import html
import json
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
    Document,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatType

Now = Callable[[], datetime]
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass
class Call:
    method: str
    params: dict
    status: int | None = None  # None while the call is still being answered (a long poll)
    result: Any = None

    def describe(self) -> str:
        shown = {
            k: (f"<{len(v)} bytes>" if isinstance(v, bytes) else v) for k, v in self.params.items()
        }
        return f"{self.method} -> {self.status} {shown}"


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict:
        body: dict[str, Any] = {"ok": False, "error_code": self.status}
        body["description"] = self.description
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def plain(obj: Any) -> dict:
    """The object as the JSON Telegram would send: PTB's enums become plain strings."""
    return json.loads(json.dumps(obj.to_dict()))


def utf16_len(text: str) -> int:
    # Telegram measures entity offsets and lengths in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[MessageEntity]:
    """The bot_command entity Telegram adds to a message starting with "/cmd" or "/cmd@bot"."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [MessageEntity(MessageEntity.BOT_COMMAND, 0, utf16_len(command))]


def rendered(text: Any, parse_mode: Any) -> str:
    text = str(text)
    if str(parse_mode).upper() == "HTML":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


def inline_markup(params: dict) -> InlineKeyboardMarkup | None:
    """Only inline keyboards come back in Message.reply_markup; reply keyboards are not echoed."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            if len(button.get("callback_data", "").encode()) > 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return InlineKeyboardMarkup.de_json(markup, None)


class RawUpdate:
    """An update as JSON the bot's library may not be able to read (queued by `queue_raw`)."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.update_id = data.get("update_id")


# A poll as an older or self-hosted Bot API server may send it: no `total_voter_count`,
# `is_closed` etc., which python-telegram-bot requires.
UNREADABLE_POLL = {"id": "5001", "question": "Which?", "options": [{"text": "a"}]}


class TelegramWorld:
    """State shared by the users' side (this class) and the Bot API server (its subclass)."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "studybot_test_bot",
        now: Now | None = None,
    ) -> None:
        self.token = token
        self.now: Now = now or (lambda: datetime.now(UTC))
        self.bot_user = User(
            id=int(token.split(":", 1)[0]),
            first_name="Study Bot",
            is_bot=True,
            username=bot_username,
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
        )
        self.chats: dict[int, Chat] = {}
        # (chat_id, message_id) -> the message as Telegram would send it, kept current by edits.
        self.messages: dict[tuple[int, int], dict] = {}
        self.updates: list[Update] = []
        self.callback_query_ids: set[str] = set()
        self._next_update_id = 100_000
        self._next_message_id: dict[int, int] = {}
        self._next_callback_id = 1
        self._next_file = 1
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, content)
        # (chat_id, user_id) -> "creator", "administrator", "member" …; unknown: "member".
        self.member_status: dict[tuple[int, int], str] = {}
        # Wakes long-polling getUpdates calls; set whenever an update is queued.
        self._update_queued = asyncio.Event()

    # -- people and places ------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        language_code: str | None = "ja",
        username: str | None = None,
    ) -> User:
        return User(
            id=user_id,
            first_name=first_name,
            is_bot=False,
            language_code=language_code,
            username=username,
        )

    def private_chat(self, user: User) -> Chat:
        chat = Chat(
            id=user.id,
            type=ChatType.PRIVATE,
            first_name=user.first_name,
            username=user.username,
        )
        self.chats[chat.id] = chat
        return chat

    def group_chat(self, chat_id: int = -1001, title: str = "Study group") -> Chat:
        # Telegram gives supergroups ids of the form -100xxxxxxxxxx; shorter ones are groups.
        kind = ChatType.SUPERGROUP if chat_id <= -1_000_000_000_000 else ChatType.GROUP
        chat = Chat(id=chat_id, type=kind, title=title)
        self.chats[chat.id] = chat
        return chat

    def channel_chat(self, chat_id: int = -1_002_000_000_001, title: str = "Study news") -> Chat:
        chat = Chat(id=chat_id, type=ChatType.CHANNEL, title=title)
        self.chats[chat.id] = chat
        return chat

    def chat_for(self, chat_id: int) -> Chat:
        """A registered chat, or one guessed from the id's sign the way ids are allocated."""
        if chat_id in self.chats:
            return self.chats[chat_id]
        if chat_id > 0:
            return Chat(id=chat_id, type=ChatType.PRIVATE, first_name=f"User {chat_id}")
        return Chat(id=chat_id, type=ChatType.GROUP, title=f"Chat {chat_id}")

    def next_message_id(self, chat_id: int) -> int:
        # One counter per chat for both sides, as in Telegram, so user and bot ids never clash.
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        return message_id

    # -- what users do ------------------------------------------------------------------------

    def send_text(self, user: User, chat: Chat, text: str) -> Update:
        message = Message(
            message_id=self.next_message_id(chat.id),
            date=self.now(),
            chat=chat,
            from_user=user,
            text=text,
            entities=command_entities(text),
        )
        self.messages[(chat.id, message.message_id)] = plain(message)
        return self.queue(message=message)

    def send_document(
        self, user: User, chat: Chat, file_name: str, data: bytes, *, size: int | None = None
    ) -> Update:
        """A file sent in a chat; the bot fetches it with getFile and the file URL.
        `size` overrides the size Telegram announces (a big file need not be built)."""
        number = self._next_file
        self._next_file += 1
        document = Document(
            file_id=f"BQACAgIAAxkBAAU{number:06d}",
            file_unique_id=f"AgAU{number:06d}",
            file_name=file_name,
            mime_type=mimetypes.guess_type(file_name)[0] or "application/octet-stream",
            file_size=len(data) if size is None else size,
        )
        self.files[document.file_id] = (f"documents/file_{number}{Path(file_name).suffix}", data)
        message = Message(
            message_id=self.next_message_id(chat.id),
            date=self.now(),
            chat=chat,
            from_user=user,
            document=document,
        )
        self.messages[(chat.id, message.message_id)] = plain(message)
        return self.queue(message=message)

    def edit_text(self, user: User, chat: Chat, message_id: int, text: str) -> Update:
        stored = self.messages.get((chat.id, message_id))
        date = Message.de_json(stored, None).date if stored else self.now()
        message = Message(
            message_id=message_id,
            date=date,
            chat=chat,
            from_user=user,
            text=text,
            entities=command_entities(text),
            edit_date=self.now(),
        )
        self.messages[(chat.id, message_id)] = plain(message)
        return self.queue(edited_message=message)

    def channel_post(self, chat: Chat, text: str) -> Update:
        message = Message(
            message_id=self.next_message_id(chat.id),
            date=self.now(),
            chat=chat,
            sender_chat=chat,
            text=text,
            entities=command_entities(text),
        )
        self.messages[(chat.id, message.message_id)] = plain(message)
        return self.queue(channel_post=message)

    def tap(self, user: User, chat: Chat, message_id: int, data: str) -> Update:
        """A press on an inline button of a message the bot sent, as it currently stands."""
        stored = self.messages.get((chat.id, message_id))
        if stored is None:
            raise AssertionError(f"no message {message_id} in chat {chat.id} to tap on")
        query_id = f"{self.bot_user.id}{self._next_callback_id:09d}"
        self._next_callback_id += 1
        self.callback_query_ids.add(query_id)
        query = CallbackQuery(
            id=query_id,
            from_user=user,
            # Telegram's chat_instance is an opaque per-chat string; stable is all that matters.
            chat_instance=str(abs(chat.id) * 7919),
            message=Message.de_json(stored, None),
            data=data,
        )
        return self.queue(callback_query=query)

    def queue(self, **content: Any) -> Update:
        update = Update(update_id=self._next_update_id, **content)
        self._next_update_id += 1
        self.updates.append(update)
        self._update_queued.set()
        return update

    def queue_raw(self, **content: Any) -> RawUpdate:
        """An update of any JSON content (default: a poll python-telegram-bot cannot parse)."""
        update = RawUpdate(
            {"update_id": self._next_update_id, **(content or {"poll": UNREADABLE_POLL})}
        )
        self._next_update_id += 1
        self.updates.append(update)  # type: ignore[arg-type]
        self._update_queued.set()
        return update

    def update_dict(self, update: Update | RawUpdate) -> dict:
        return update.data if isinstance(update, RawUpdate) else plain(update)

    # -- the bot's messages, as its API calls change them -------------------------------------

    def _chat_id(self, params: dict) -> int:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _stored(self, params: dict, action: str) -> dict:
        key = (self._chat_id(params), int(params.get("message_id") or 0))
        stored = self.messages.get(key)
        if stored is None:
            raise ApiError(400, f"Bad Request: message to {action} not found")
        return stored

    def _store_bot_message(self, chat_id: int, params: dict, **content: Any) -> dict:
        message = Message(
            message_id=self.next_message_id(chat_id),
            date=self.now(),
            chat=self.chat_for(chat_id),
            from_user=self.bot_user,
            reply_markup=inline_markup(params),
            **content,
        )
        stored = plain(message)
        self.messages[(chat_id, message.message_id)] = stored
        return stored

    def _edit(self, stored: dict, text: str | None, params: dict) -> dict:
        if stored.get("from", {}).get("id") != self.bot_user.id:
            raise ApiError(400, "Bad Request: message can't be edited")
        markup = inline_markup(params)
        new = dict(stored)
        if text is not None:
            new["text"] = text
            new.pop("entities", None)
        if markup is None:
            new.pop("reply_markup", None)
        else:
            new["reply_markup"] = plain(markup)
        if new == stored:
            raise ApiError(400, NOT_MODIFIED)
        new["edit_date"] = int(self.now().timestamp())
        self.messages[(stored["chat"]["id"], stored["message_id"])] = new
        return new

    def _document(self, params: dict) -> Document:
        number = self._next_file
        self._next_file += 1
        if "document_bytes" in params:
            name = params["document_name"]
            document = Document(
                file_id=f"BQACAgIAAxkBAAI{number:06d}",
                file_unique_id=f"AgAD{number:06d}",
                file_name=name,
                mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
                file_size=len(params["document_bytes"]),
            )
        elif isinstance(params.get("document"), str) and params["document"]:
            # A file_id or URL: Telegram reuses or fetches the file, nothing is uploaded here.
            document = Document(file_id=params["document"], file_unique_id=f"AgAD{number:06d}")
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        return document
