"""The terminal adapter behind `studybot chat`: the same conversation as the chat platforms."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot import text as render
from bot.config import valid_timezone
from bot.engine import Engine
from bot.i18n import DEFAULT_LANGUAGE, text
from bot.profiles import LANGUAGES, parse_time
from bot.scheduler import DailyScheduler
from bot.views import ChatRef, LearnerRef, QuestionView, TopicNotFound

log = logging.getLogger(__name__)

PLATFORM = "console"
WORKSPACE = "local"
# One shared terminal "chat", so people taking turns with --user share a leaderboard.
CHAT = ChatRef(PLATFORM, WORKSPACE, "terminal", is_group=False, title="terminal")
MAX_INPUT_CHARS = 500


class ConsoleSession:
    """One learner at the terminal; `handle` takes a line and returns the reply text."""

    def __init__(self, engine: Engine, user: str) -> None:
        self.engine = engine
        self.learner = LearnerRef(PLATFORM, WORKSPACE, user, display_name=user)
        # Each learner's question of the day has a chat of its own: the terminal is shared.
        self.daily_chat = ChatRef(PLATFORM, WORKSPACE, f"daily:{user}", title=user)
        self.lang = DEFAULT_LANGUAGE
        self.pending: QuestionView | None = None
        self.pending_chat = CHAT
        self.done = False
        self._commands: dict[str, Callable[[str], Awaitable[str]]] = {
            "quiz": self.quiz,
            "topics": self.topics,
            "stats": self.stats,
            "leaderboard": self.leaderboard,
            "lang": self.set_lang,
            "daily": self.daily,
            "timezone": self.timezone,
            "help": self.help,
            "start": self.help,
            "quit": self.quit,
            "exit": self.quit,
        }

    async def start(self) -> str:
        """Greet in the learner's saved language, with today's question if it is due."""
        self.lang = await self.engine.profiles.language(self.learner) or DEFAULT_LANGUAGE
        greeting = text(self.lang, "welcome")
        due = await self._question_of_the_day()
        return f"{greeting}\n\n{due}" if due else greeting

    async def _question_of_the_day(self) -> str:
        sender = _PendingSender(self)
        scheduler = DailyScheduler(self.engine, {PLATFORM: sender}, self.engine.clock)
        await scheduler.tick(chat=self.daily_chat.chat_id)
        await scheduler.drain()
        return sender.shown

    async def handle(self, line: str) -> str:
        """Reply to one line of input; never raises."""
        line = line.strip()
        if not line:
            return ""
        if len(line) > MAX_INPUT_CHARS:
            return text(self.lang, "too_long", limit=MAX_INPUT_CHARS)
        try:
            return await self._dispatch(line)
        except Exception:
            log.exception("console input failed: %r", line[:80])
            return text(self.lang, "error")

    async def _dispatch(self, line: str) -> str:
        if line.startswith("/"):
            name, _, arg = line[1:].partition(" ")
            command = self._commands.get(name.lower())
            if command is None:
                return text(self.lang, "unknown_command", command="/" + name)
            return await command(arg.strip())
        if line.isdecimal():
            return await self.answer(int(line))
        return text(self.lang, "hint")

    async def quiz(self, topic: str) -> str:
        """Ask the next question, optionally from one topic."""
        shown = await self.engine.next_question(self.learner, CHAT, topic or None)
        if isinstance(shown, TopicNotFound):
            return render.topic_not_found(self.lang, shown)
        self.pending, self.pending_chat = shown, CHAT
        prompt = text(self.lang, "answer_prompt", n=len(shown.options))
        return render.question(self.lang, shown) + "\n" + prompt

    async def answer(self, number: int) -> str:
        """Answer the pending question with a 1-based option number."""
        if self.pending is None:
            return text(self.lang, "no_pending")
        if not 1 <= number <= len(self.pending.options):
            return text(self.lang, "invalid_option", n=len(self.pending.options))
        chat, instance = self.pending_chat, self.pending.instance_id
        result = await self.engine.answer(self.learner, chat, instance, number - 1)
        self.pending = None
        reply = render.answer(self.lang, result)
        if result.status.counted:
            reply += "\n" + text(self.lang, "next_hint")
        return reply

    async def topics(self, _arg: str) -> str:
        return render.topics(self.lang, await self.engine.topics(self.learner))

    async def stats(self, _arg: str) -> str:
        return render.stats(self.lang, await self.engine.stats(self.learner))

    async def leaderboard(self, _arg: str) -> str:
        return render.leaderboard(self.lang, await self.engine.leaderboard(CHAT, self.learner))

    async def set_lang(self, arg: str) -> str:
        if arg not in LANGUAGES:
            return text(self.lang, "lang_usage")
        await self.engine.profiles.set_language(self.learner, arg)
        self.lang = arg
        return text(self.lang, "lang_set")

    async def daily(self, arg: str) -> str:
        """Set (HH:MM) or stop (off) the question of the day shown when the chat starts."""
        arg = arg.lower()
        when = None if arg == "off" else parse_time(arg)
        if arg != "off" and when is None:
            return text(self.lang, "daily_usage")
        setting = await self.engine.profiles.set_daily(self.learner, self.daily_chat, when, None)
        if setting.local_time is None:
            return text(self.lang, "daily_off")
        return text(self.lang, "daily_set", time=setting.local_time, tz=setting.timezone)

    async def timezone(self, arg: str) -> str:
        """Set the learner's time zone (Area/City)."""
        if not arg:
            zone = await self.engine.profiles.timezone(self.learner)
            return text(self.lang, "timezone_usage", tz=zone)
        if "/" not in arg or not valid_timezone(arg):
            return text(self.lang, "timezone_bad", tz=arg[:64])
        await self.engine.profiles.set_timezone(self.learner, arg)
        return text(self.lang, "timezone_set", tz=arg)

    async def help(self, _arg: str) -> str:
        return text(self.lang, "help", quit_line=text(self.lang, "console_lines"))

    async def quit(self, _arg: str) -> str:
        self.done = True
        return text(self.lang, "bye")


class _PendingSender:
    """The terminal's way of "sending" a question of the day: it becomes the open question."""

    def __init__(self, session: ConsoleSession) -> None:
        self.session = session
        self.shown = ""

    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        self.session.pending, self.session.pending_chat = view, chat
        prompt = text(lang, "answer_prompt", n=len(view.options))
        self.shown = f"{text(lang, 'daily_header')}\n{render.question(lang, view)}\n{prompt}"
        return f"console:{view.instance_id}"

    async def send_summary(self, chat, reply_to, summary, lang) -> None:
        pass  # personal questions have no group result to report

    async def send_leaderboard(self, chat, board, lang) -> None:
        pass


async def run(
    engine: Engine, user: str, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> None:
    """Read lines until /quit or end of input, printing each reply."""
    session = ConsoleSession(engine, user)
    interactive = stdin.isatty()
    _say(out, await session.start())
    loop = asyncio.get_running_loop()
    while not session.done:
        if interactive:
            out.write("> ")
            out.flush()
        # Read in a thread so the event loop stays free (the scheduler runs beside the chat).
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        _say(out, await session.handle(line))


def _say(out: TextIO, message: str) -> None:
    if message:
        out.write(message + "\n")
        out.flush()
