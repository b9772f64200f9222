"""A person talking to the bot through the fake Bot API, as a transcript: say a line or tap a
button, then read the bot's next reply."""

from __future__ import annotations

from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from tests.fakes.telegram_api import Call, FakeBotApi

# What the bot can do in a chat in answer to someone.
REPLIES = ("sendMessage", "editMessageText", "sendDocument", "sendPhoto")


class Conversation:
    """One person in one chat. `reply()` returns the bot's next call of a kind in this chat
    since the person last said something or tapped, so a test never counts calls itself."""

    def __init__(self, fake: FakeBotApi, user, chat) -> None:
        self.fake, self.user, self.chat = fake, user, chat
        # Per method, how many calls in this chat came before the current exchange.
        self._read: dict[str, int] = {}
        self._catch_up()

    def _catch_up(self) -> None:
        for method in REPLIES:
            self._read[method] = len(self.fake.sent(method, self.chat.id))

    async def send(self, text: str, method: str = "sendMessage") -> Call:
        """Say `text`; returns the bot's answer to it (its next `method` call here)."""
        self._catch_up()
        self.fake.send_text(self.user, self.chat, text)
        answer = await self.reply(method)
        # Updates are handled in order: whatever came before this answer is done.
        self._catch_up()
        return answer

    async def send_file(self, name: str, data: bytes, *, size: int | None = None) -> Call:
        """Send a document; returns the bot's next message here."""
        self._catch_up()
        self.fake.send_document(self.user, self.chat, name, data, size=size)
        answer = await self.reply()
        self._catch_up()
        return answer

    async def tap(self, message_id: int, data: str) -> Call:
        """Tap a button; returns the answerCallbackQuery call for that tap."""
        self._catch_up()
        before = len(self.fake.sent("answerCallbackQuery"))
        self.fake.tap(self.user, self.chat, message_id, data)
        return (await self.fake.wait_for("answerCallbackQuery", before + 1))[-1]

    async def reply(self, method: str = "sendMessage") -> Call:
        """The bot's next `method` call in this chat that the test has not read yet."""
        index = self._read[method]
        calls = await self.fake.wait_for(method, index + 1, chat_id=self.chat.id)
        self._read[method] = index + 1
        return calls[index]


def buttons(call: Call) -> list[str]:
    """The callback data of every inline button of a sent or edited message."""
    markup = call.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


def message_id(call: Call) -> int:
    return call.result["message_id"]


def adapter_on(settings, engine, time) -> TelegramAdapter:
    """The Telegram adapter with its pacing and count edits on a test clock."""
    limiter = TelegramLimiter(sleep=time.sleep, clock=time.clock)
    return TelegramAdapter(
        settings, engine, limiter=limiter, poll_timeout=1, sleep=time.sleep, clock=time.clock
    )
