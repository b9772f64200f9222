"""The terminal adapter behind `studybot chat`: the same conversation as the chat platforms."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

from bot.adapters.console_decks import DeckCommands
from bot.adapters.console_input import LineReader
from bot.adapters.console_progress import ConsoleProgress
from bot.daily.dispatch import DailyDispatch
from bot.engine import Engine
from bot.engine.views import ChatRef, LearnerRef, QuestionView, TopicNotFound
from bot.messages import commands, drill_text, plain
from bot.messages.catalogue import DEFAULT_LANGUAGE, language_for, tr

log = logging.getLogger(__name__)

PLATFORM = "console"
WORKSPACE = "local"
# One shared terminal "chat", so people taking turns with --user share a leaderboard.
CHAT = ChatRef(PLATFORM, WORKSPACE, "terminal", is_group=False, title="terminal")
MAX_INPUT_CHARS = 500
PLACE = commands.TERMINAL


class ConsoleSession(DeckCommands, ConsoleProgress):
    """One learner at the terminal; `handle` takes a line and returns the reply text."""

    def __init__(self, engine: Engine, user: str) -> None:
        self.engine = engine
        self.learner = LearnerRef(PLATFORM, WORKSPACE, user, display_name=user)
        # Each learner's question of the day has a chat of its own: the terminal is shared.
        self.daily_chat = ChatRef(PLATFORM, WORKSPACE, f"daily:{user}", title=user)
        self.lang = DEFAULT_LANGUAGE
        self.pending: QuestionView | None = None
        self.pending_chat = CHAT
        self.chat = CHAT
        self.last_answered: int | None = None
        self.last_chat = CHAT
        self.done = False
        # The command table says which commands the terminal has; a method each handles them.
        self._commands: dict[str, Callable[[object], Awaitable[str]]] = {
            c.name: getattr(self, f"on_{c.name}") for c in commands.COMMANDS if PLACE in c.places
        }

    def command_names(self) -> list[str]:
        """Every command (and alias) the terminal understands, for Tab completion."""
        return [
            name
            for c in commands.COMMANDS
            if c.name in self._commands
            for name in (c.name, *c.aliases)
        ]

    async def start(self) -> str:
        """Greet in the learner's saved language, with today's question if it is due."""
        self.lang = language_for(await self.engine.profiles.language(self.learner))
        greeting = tr(self.lang, "welcome")
        due = await self._question_of_the_day()
        return f"{greeting}\n\n{due}" if due else greeting

    async def _question_of_the_day(self) -> str:
        sender = _PendingSender(self)
        scheduler = DailyDispatch(self.engine, {PLATFORM: sender}, self.engine.clock)
        await scheduler.tick(chat=self.daily_chat.chat_id)
        await scheduler.drain()
        return sender.shown

    async def handle(self, line: str) -> str:
        """Reply to one line of input; never raises."""
        line = line.strip()
        if not line:
            return ""
        if len(line) > MAX_INPUT_CHARS:
            return tr(self.lang, "too_long", limit=MAX_INPUT_CHARS)
        try:
            return await self._dispatch(line)
        except Exception:
            log.exception("console input failed: %r", line[:80])
            return tr(self.lang, "error")

    async def _dispatch(self, line: str) -> str:
        if line.startswith("/"):
            name, _, arg = line[1:].partition(" ")
            command = commands.find(name)
            if command is None or command.name not in self._commands:
                return tr(self.lang, "unknown_command", command="/" + name)
            parsed = command.parse(arg.strip())
            if isinstance(parsed, commands.Invalid):
                return plain.usage(self.lang, parsed, command.name, PLACE)
            return await self._commands[command.name](parsed)
        if line.isdecimal():
            return await self.answer(int(line))
        return tr(self.lang, "hint")

    async def on_quiz(self, topic: str | None) -> str:
        """Ask the next question, optionally from one topic."""
        shown = await self.engine.next_question(self.learner, CHAT, topic)
        if isinstance(shown, TopicNotFound):
            return plain.topic_not_found(self.lang, shown)
        self.pending, self.pending_chat = shown, CHAT
        prompt = tr(self.lang, "answer_prompt", n=len(shown.options))
        return plain.question(self.lang, shown) + "\n" + prompt

    async def answer(self, number: int) -> str:
        """Answer the pending question with a 1-based option number."""
        if self.pending is None:
            return tr(self.lang, "no_pending")
        if not 1 <= number <= len(self.pending.options):
            return tr(self.lang, "invalid_option", n=len(self.pending.options))
        chat, instance = self.pending_chat, self.pending.instance_id
        if self.pending.reason == "drill":
            return await self._drill_answer(chat, instance, number - 1)
        result = await self.engine.answer(self.learner, chat, instance, number - 1)
        self.pending = None
        if result.status.counted:
            self.last_answered, self.last_chat = instance, chat
        reply = plain.answer(self.lang, result)
        if result.status.counted:
            reply += "\n" + tr(self.lang, "next_hint")
        return reply

    async def on_drill(self, pair: str | None) -> str:
        """List the confusable pairs with the learner's accuracy, or drill one of them."""
        if pair is None:
            drills = await self.engine.drills.listing(self.learner, CHAT)
            return drill_text.listing(self.lang, drills, PLACE)
        return self._drill_step(await self.engine.drills.start(self.learner, CHAT, pair))

    async def _drill_answer(self, chat: ChatRef, instance: int, option: int) -> str:
        answered = await self.engine.drills.answer(self.learner, chat, instance, option)
        self.pending = None
        reply = plain.answer(self.lang, answered.result)
        return f"{reply}\n\n{self._drill_step(answered.then)}" if answered.then else reply

    def _drill_step(self, step) -> str:
        text = drill_text.outcome(self.lang, step, PLACE)
        if text is not None:
            return text
        self.pending, self.pending_chat = step.question, CHAT
        prompt = tr(self.lang, "answer_prompt", n=len(step.question.options))
        question = plain.question(self.lang, step.question)
        return f"{drill_text.header(self.lang, step)}\n{question}\n{prompt}"

    async def on_topics(self, _arg: None) -> str:
        return plain.topics(self.lang, await self.engine.topics(self.learner, CHAT))

    async def on_stats(self, _arg: None) -> str:
        return plain.stats(self.lang, await self.engine.stats(self.learner))

    async def on_leaderboard(self, _arg: None) -> str:
        return plain.leaderboard(self.lang, await self.engine.leaderboard(CHAT, self.learner))

    async def on_lang(self, choice: str) -> str:
        await self.engine.profiles.set_language(self.learner, choice)
        self.lang = choice
        return tr(self.lang, "lang_set")

    async def on_daily(self, choice: commands.DailyChoice | None) -> str:
        """Set, stop or show the question of the day shown when the chat starts."""
        if choice is None:
            current = await self.engine.profiles.daily(self.learner, self.daily_chat)
            return plain.daily_current(self.lang, current, PLACE)
        setting = await self.engine.profiles.set_daily(
            self.learner, self.daily_chat, choice.local_time, None
        )
        return plain.daily_setting(self.lang, setting, PLACE)

    async def on_timezone(self, zone: str | None) -> str:
        """Set the learner's time zone (Area/City), or show it."""
        if zone is None:
            current = await self.engine.profiles.timezone(self.learner)
            return tr(self.lang, "timezone_usage", tz=current, cmd="/timezone")
        await self.engine.profiles.set_timezone(self.learner, zone)
        return tr(self.lang, "timezone_set", tz=zone)

    async def on_help(self, _arg: None) -> str:
        return plain.help_text(self.lang, PLACE)

    async def on_quit(self, _arg: None) -> str:
        self.done = True
        return tr(self.lang, "bye")


class _PendingSender:
    """The terminal's way of "sending" a question of the day: it becomes the open question."""

    def __init__(self, session: ConsoleSession) -> None:
        self.session = session
        self.shown = ""

    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        self.session.pending, self.session.pending_chat = view, chat
        prompt = tr(lang, "answer_prompt", n=len(view.options))
        self.shown = f"{tr(lang, 'daily_header')}\n{plain.question(lang, view)}\n{prompt}"
        return f"console:{view.instance_id}"

    async def send_summary(self, chat, reply_to, summary, lang) -> None:
        pass  # personal questions have no group result to report

    async def send_leaderboard(self, chat, board, lang) -> None:
        pass


async def run(
    engine: Engine, user: str, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout
) -> None:
    """Read lines until /quit or end of input (Ctrl-D), printing each reply."""
    session = ConsoleSession(engine, user)
    lines = LineReader(stdin, out, ("/" + name for name in session.command_names()))
    _say(out, await session.start())
    try:
        while not session.done:
            line = await lines.read()
            if line is None:
                if lines.interactive:
                    out.write("\n")  # Ctrl-D leaves the cursor after the prompt
                break
            _say(out, await session.handle(line))
    except asyncio.CancelledError:  # Ctrl-C
        if lines.interactive:
            out.write("\n")
        raise
    finally:
        out.flush()
        lines.close()


def _say(out: TextIO, message: str) -> None:
    if message:
        out.write(message + "\n")
        out.flush()
