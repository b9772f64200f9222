"""The question of the day at the dispatch's boundary: a sender that records, and the
subscriptions and ticks the daily tests start from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.adapters.base import Unreachable
from bot.engine.views import ChatRef, LearnerRef

# 08:30 in Tokyo is 23:30 UTC the day before.
SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


class RecordingSender:
    """Stands in for a platform adapter at the scheduler's boundary; records what it was given."""

    def __init__(self) -> None:
        self.questions: list[tuple[str, str]] = []
        self.summaries: list[tuple[str, str, int, tuple[str, ...]]] = []
        self.boards: list[str] = []
        self.unreachable: set[str] = set()
        self.fail_times = 0  # the first sends to each chat that fail as a platform's 500 would
        self._failed: dict[str, int] = {}

    async def send_question(self, chat, view, lang):
        if chat.chat_id in self.unreachable:
            raise Unreachable("bot was blocked by the user")
        if self._failed.get(chat.chat_id, 0) < self.fail_times:
            self._failed[chat.chat_id] = self._failed.get(chat.chat_id, 0) + 1
            raise ConnectionError("the platform answered 500")
        self.questions.append((chat.chat_id, view.question_key))
        return f"m{len(self.questions)}"

    async def send_summary(self, chat, reply_to, summary, lang):
        self.summaries.append((chat.chat_id, reply_to, summary.answered, summary.right))

    async def send_leaderboard(self, chat, board, lang):
        self.boards.append(chat.chat_id)


def person(i: int) -> tuple[LearnerRef, ChatRef]:
    return LearnerRef("telegram", "", str(i), f"p{i}"), ChatRef("telegram", "", str(i))


async def subscribe(engine, clock, i: int, hhmm: str = "08:30", tz: str | None = None):
    learner, chat = person(i)
    await engine.profiles.set_daily(learner, chat, hhmm, tz)
    return learner, chat


async def subscribed_before_the_slot(engine, clock, count: int) -> None:
    """`count` people subscribed at 08:30 an hour before; the clock is left at the slot."""
    clock.set(SLOT - timedelta(hours=1))
    for i in range(count):
        await subscribe(engine, clock, i)
    clock.set(SLOT)


async def run_tick(dispatch):
    """One tick, then wait until everything it claimed is settled."""
    report = await dispatch.tick()
    await dispatch.drain()
    return report
