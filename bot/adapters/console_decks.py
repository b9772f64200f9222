"""The terminal's deck commands: /import PATH, /decks, /report and /review.

The person at the terminal manages its decks (like a learner in a private chat)."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine
from bot.engine.deck_views import DeckAdded
from bot.engine.views import ChatRef, LearnerRef
from bot.messages import commands
from bot.messages import decks as text
from bot.messages.catalogue import tr

PLACE = commands.TERMINAL
# One byte more than any file the engine accepts is enough to know it is too big.
READ_LIMIT = 2 * 1024 * 1024 + 1


class DeckCommands:
    engine: Engine
    learner: LearnerRef
    lang: str
    chat: ChatRef
    last_answered: int | None
    last_chat: ChatRef

    async def on_import(self, path: str | None) -> str:
        """Add a memo or a deck file as a deck of this terminal (again: update it)."""
        if path is None:
            return tr(self.lang, "import_usage", cmd="/import")
        file = Path(path).expanduser()
        try:
            with file.open("rb") as f:
                raw = f.read(READ_LIMIT)
        except OSError:
            return tr(self.lang, "import_no_file", path=path)
        result = await self.engine.decks.add(self.learner, self.chat, file.name, raw, admin=True)
        if isinstance(result, DeckAdded):
            return text.added(self.lang, result)
        return text.refused(self.lang, result)

    async def on_decks(self, action: commands.DeckAction | None) -> str:
        """List this terminal's decks, or switch one off, on, or delete it."""
        decks = self.engine.decks
        if action is None:
            return text.deck_list(self.lang, await decks.list(self.chat), PLACE)
        if action.verb == "delete":
            done = await decks.delete(self.chat, action.deck_id, admin=True)
        else:
            done = await decks.switch(self.chat, action.deck_id, action.verb == "on", admin=True)
        return text.change(self.lang, done, action.verb, action.deck_id)

    async def on_report(self, reason: str) -> str:
        """Report the question answered last."""
        if self.last_answered is None:
            return tr(self.lang, "report_not_seen")
        done = await self.engine.decks.report(
            self.learner, self.last_chat, self.last_answered, reason
        )
        return text.reported(self.lang, done)

    async def on_review(self, retire: str | None) -> str:
        """Show reported and doubtful questions, or retire one."""
        if retire is not None:
            done = await self.engine.decks.retire(self.chat, retire, admin=True)
            return text.retired(self.lang, done, retire)
        return text.review(self.lang, await self.engine.decks.review(self.chat, admin=True), PLACE)
