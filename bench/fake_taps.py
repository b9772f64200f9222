"""The bench's fake Bot API for bursts of taps: Telegram's flood limits enforced with 429s,
taps and commands queued at set instants, and when each tap was acknowledged.

Used by bench/fake_botapi_process.py when started with --taps. Commands (one JSON per line):

    limits on|off   answer 429 (with retry_after) above 30 messages in any second overall,
                    3 in any 3 s in one private chat, 20 in any minute in one group
    scene {...}     bot messages with buttons: {"messages": [[chat_id, text, [data, ...]]]}
                    answers {"ids": [message_id, ...]}
    taps {...}      {"taps": [[chat_id, message_id, user_id, data, at_s]], "users": {id: name}}
                    each tap queued `at_s` after the command (0: all together)
    texts {...}     {"texts": [[chat_id, user_id, text, at_s]], "users": {...}}
    progress        counts only: acknowledgements, edits, sends, getUpdates calls
    taps_report     acknowledgement delays, edits per chat, sends in order, 429s
    reset           forget every call, update and figure (between bots or scenarios)
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from fake_botapi_process import TimedBotApi
from telegram import CallbackQuery, Message

from tests.fakes.telegram_api import SEND_PREFIXES, Call
from tests.fakes.telegram_updates import ApiError, command_entities, plain

OVERALL = (30, 1.0)
PRIVATE = (3, 3.0)
GROUP = (20, 60.0)


class TapsBotApi(TimedBotApi):
    def __init__(self) -> None:
        super().__init__()
        self.enforce = False
        self._reset_figures()

    def _reset_figures(self) -> None:
        self._windows: dict[object, deque[float]] = {}
        self.queued: dict[str, float] = {}  # callback query id -> when it could be fetched
        self.acked: dict[str, float] = {}
        self.texts_queued: list[tuple[float, int]] = []
        self.sends: list[tuple[float, int]] = []  # accepted sendMessage: (when, chat)
        self.edits: list[tuple[float, int, str]] = []  # accepted editMessageText
        self.rejected: dict[str, int] = {}
        self.getupdates = 0
        self.cpu_start = time.process_time()

    def reset(self) -> None:
        self.calls.clear()
        self.updates.clear()
        self.accepted.clear()
        self.rejected_429 = 0
        self.busy = 0.0
        self._reset_figures()

    # -- limits ---------------------------------------------------------------------------------

    def _room(self, key: object, window: tuple[int, float], now: float) -> float:
        """0 when a message fits in `key`'s window now, else the seconds until it does."""
        count, seconds = window
        times = self._windows.setdefault(key, deque())
        while times and times[0] <= now - seconds:
            times.popleft()
        return 0.0 if len(times) < count else times[0] + seconds - now

    def _limit(self, call: Call) -> None:
        chat = call.params.get("chat_id")
        now = asyncio.get_running_loop().time()
        is_group = isinstance(chat, int) and chat < 0
        keys = [("all", OVERALL), (("chat", chat), GROUP if is_group else PRIVATE)]
        wait = max(self._room(key, window, now) for key, window in keys)
        if wait > 0:
            self.rejected_429 += 1
            kind = "group" if is_group else "private"
            self.rejected[kind] = self.rejected.get(kind, 0) + 1
            retry = max(1, int(wait + 0.999))
            raise ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        for key, _window in keys:
            self._windows[key].append(now)

    async def _answer(self, call: Call):
        if call.method == "getUpdates":
            self.getupdates += 1
        paced = call.method.startswith(SEND_PREFIXES) and call.method != "sendChatAction"
        if self.enforce and paced:
            self._limit(call)
        result = await super()._answer(call)
        now = asyncio.get_running_loop().time()
        if call.method == "sendMessage":
            self.sends.append((now, call.params["chat_id"]))
        elif call.method == "editMessageText":
            self.edits.append((now, call.params["chat_id"], call.params.get("text", "")))
        return result

    async def _answer_callback_query(self, params: dict) -> bool:
        self.acked.setdefault(params.get("callback_query_id"), asyncio.get_running_loop().time())
        return await super()._answer_callback_query(params)

    # -- scenes and taps ------------------------------------------------------------------------

    def scene(self, spec: dict) -> dict:
        ids = []
        for chat_id, text, data in spec["messages"]:
            keyboard = {"inline_keyboard": [[{"text": d, "callback_data": d} for d in data]]}
            stored = self._store_bot_message(chat_id, {"reply_markup": keyboard}, text=text)
            ids.append(stored["message_id"])
        return {"ids": ids}

    def _person(self, users: dict, user_id: int):
        return self.user(user_id, users.get(str(user_id), f"User {user_id}"), language_code="ja")

    def taps(self, spec: dict) -> dict:
        users = spec.get("users", {})
        prepared = []
        for chat_id, message_id, user_id, data, at in spec["taps"]:
            query_id = f"{self.bot_user.id}{self._next_callback_id:09d}"
            self._next_callback_id += 1
            self.callback_query_ids.add(query_id)
            query = CallbackQuery(
                id=query_id,
                from_user=self._person(users, user_id),
                chat_instance=str(abs(chat_id) * 7919),
                message=Message.de_json(self.messages[(chat_id, message_id)], None),
                data=data,
            )
            prepared.append((at, query_id, {"callback_query": query}))
        self._schedule(prepared)
        return {"queued": len(prepared)}

    def texts(self, spec: dict) -> dict:
        users = spec.get("users", {})
        prepared = []
        for chat_id, user_id, text, at in spec["texts"]:
            person = self._person(users, user_id)
            message = Message(
                message_id=self.next_message_id(chat_id),
                date=self.now(),
                chat=self.chat_for(chat_id),
                from_user=person,
                text=text,
                entities=command_entities(text),
            )
            prepared.append((at, chat_id, {"message": message}))
        self._schedule(prepared, texts=True)
        return {"queued": len(prepared)}

    def _schedule(self, prepared: list, texts: bool = False) -> None:
        """Queue each update at its instant; those due together are queued in one go."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        by_time: dict[float, list] = {}
        for at, ref, content in prepared:
            by_time.setdefault(at, []).append((ref, content))

        def release(batch: list) -> None:
            now = loop.time()
            for ref, content in batch:
                self.queue(**content)
                if texts:
                    self.texts_queued.append((now, ref))
                else:
                    self.queued[ref] = now

        for at, batch in sorted(by_time.items()):
            if at <= 0:
                release(batch)
            else:
                loop.call_at(start + at, release, batch)

    def progress(self) -> dict:
        return {
            "acked": len(self.acked),
            "edit_count": len(self.edits),
            "sends": len(self.sends),
            "getupdates": self.getupdates,
        }

    def taps_report(self) -> dict:
        delays = [
            (self.acked[q] - at) if q in self.acked else None for q, at in self.queued.items()
        ]
        return {
            "queued_at": sorted(self.queued.values()),
            "ack_delays": delays,
            "acked_at": sorted(self.acked.values()),
            "sends": self.sends,
            "texts_queued": self.texts_queued,
            "edits": [(t, c, text[-40:]) for t, c, text in self.edits if c < 0],
            "edit_count": len(self.edits),
            "rejected_429": self.rejected_429,
            "rejected_by_kind": self.rejected,
            "failed_calls": sum(1 for c in self.calls if c.status not in (None, 200)),
            "getupdates": self.getupdates,
            "calls": len(self.calls),
            "fake_cpu_s": time.process_time() - self.cpu_start,
            "busy_s": self.busy,
        }

    def update_dict(self, update) -> dict:
        return plain(update)
