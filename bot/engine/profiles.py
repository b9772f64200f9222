"""A learner's settings and data: language, time zone, question of the day, export, forget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.engine import rows, streaks
from bot.engine.views import ChatRef, LearnerRef
from storage import chats, learners, progress, subscriptions
from storage.db import Database
from storage.export import learner_data

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class DailySetting:
    local_time: str | None  # None: switched off
    timezone: str
    was_set: bool = True  # False: "off" found no question of the day to switch off


class Profiles:
    def __init__(self, db: Database, clock: Clock, default_timezone: str) -> None:
        self.db = db
        self.clock = clock
        self.default_timezone = default_timezone

    async def language(self, learner: LearnerRef) -> str | None:
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
        return who.language if who else None

    async def set_language(self, learner: LearnerRef, language: str) -> bool:
        if language not in LANGUAGES:
            return False
        async with self.db.transaction() as session:
            who = await self._ensure(session, learner)
            await session.run_sync(learners.set_preferences, who.id, language=language)
        return True

    async def timezone(self, learner: LearnerRef) -> str:
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
        return (who.timezone if who else None) or self.default_timezone

    async def set_timezone(self, learner: LearnerRef, timezone: str) -> None:
        """Store the learner's zone (already validated); their daily time follows it."""
        now = self.clock.now()
        async with self.db.transaction() as session:
            who = await self._ensure(session, learner)
            await session.run_sync(learners.set_preferences, who.id, timezone=timezone)
            before = now.astimezone(ZoneInfo(who.timezone or self.default_timezone)).date()
            last = streaks.moved(
                who.last_active_date, before, now.astimezone(ZoneInfo(timezone)).date()
            )
            if last != who.last_active_date:
                await session.run_sync(progress.set_last_active_date, who.id, last)
            await session.run_sync(subscriptions.set_timezone_for_learner, who.id, timezone, now)

    async def set_daily(
        self, learner: LearnerRef, chat: ChatRef, local_time: str | None, timezone: str | None
    ) -> DailySetting:
        """Subscribe the chat to a question of the day at `local_time` (None: switch it off).

        The time zone is the given one (a platform's profile zone), else the learner's own.
        """
        if local_time is None:
            return await self._daily_off(learner, chat, timezone)
        now = self.clock.now()
        async with self.db.transaction() as session:
            who = await self._ensure(session, learner)
            zone = timezone or who.timezone or self.default_timezone
            place = await session.run_sync(rows.chat_row, chat, now)
            if chat.is_group:
                # The channel's leaderboard weeks follow the zone its daily question uses.
                await session.run_sync(chats.set_timezone, place.id, zone)
            sub = await session.run_sync(
                subscriptions.subscribe,
                chat_id=place.id,
                learner_id=who.id,
                local_time=local_time,
                timezone=zone,
                now=now,
            )
        return DailySetting(sub.local_time, sub.timezone)

    async def _daily_off(
        self, learner: LearnerRef, chat: ChatRef, timezone: str | None
    ) -> DailySetting:
        """Switch the chat's question of the day off; creates nothing when none was set."""
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
            zone = timezone or (who.timezone if who else None) or self.default_timezone
            place = await session.run_sync(
                chats.find_chat, chat.platform, chat.workspace, chat.chat_id
            )
            was_set = place is not None and await session.run_sync(
                subscriptions.unsubscribe, place.id, self.clock.now()
            )
        return DailySetting(None, zone, was_set=was_set)

    async def daily(self, learner: LearnerRef, chat: ChatRef) -> DailySetting:
        """The chat's question of the day as it stands (local_time None: none is set)."""
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
            place = await session.run_sync(
                chats.find_chat, chat.platform, chat.workspace, chat.chat_id
            )
            sub = await session.run_sync(subscriptions.for_chat, place.id) if place else None
        if sub is not None and sub.active:
            return DailySetting(sub.local_time, sub.timezone)
        zone = (who.timezone if who else None) or self.default_timezone
        return DailySetting(None, zone, was_set=False)

    async def export(self, learner: LearnerRef) -> dict[str, Any]:
        """Everything stored about the learner."""
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
            return await session.run_sync(learner_data, who.id) if who else {}

    async def forget(self, learner: LearnerRef, private_chat: ChatRef | None) -> bool:
        """Delete the learner and everything about them; False when nothing was stored."""
        async with self.db.transaction() as session:
            who = await session.run_sync(
                learners.find_learner, learner.platform, learner.workspace, learner.user_id
            )
            if private_chat is not None and not private_chat.is_group:
                await session.run_sync(
                    chats.delete_private_chat,
                    private_chat.platform,
                    private_chat.workspace,
                    private_chat.chat_id,
                )
            if who is None:
                return False
            await session.run_sync(learners.delete_learner, who.id)
        return True

    async def set_reachable(self, learner: LearnerRef, reachable: bool) -> None:
        """Record that the platform refuses (or accepts again) messages to this learner."""
        async with self.db.transaction() as session:
            await session.run_sync(
                learners.set_active,
                learner.platform,
                learner.workspace,
                learner.user_id,
                reachable,
            )

    async def _ensure(self, session, learner: LearnerRef):
        return await session.run_sync(rows.learner_row, learner, self.clock.now())
