"""Aiming what is asked at what is weakest: with an exam date set, a learner with nothing due
gets a question from the topic least ready on exam day; a channel that has seen every question
gets one from the topic its members are least ready in."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.engine import picking, readiness
from content.catalog import Catalog
from storage import progress
from storage.db import Connection


def exam_start(day: date, zone: str) -> datetime:
    """The instant exam day begins in the learner's zone: what "ready on exam day" means."""
    return datetime.combine(day, time(0), ZoneInfo(zone))


class Focus:
    """Works on the catalog of the chat being asked (bot/engine/catalogs.py)."""

    def __init__(self, default_timezone: str = "Asia/Tokyo") -> None:
        self.default_timezone = default_timezone

    def for_learner(
        self,
        conn: Connection,
        learner_id: int,
        allowed: Collection[str] | None,
        now: datetime,
        catalog: Catalog,
    ) -> str | None:
        """A question from the topic least ready on exam day: its first new one, else the one
        least likely recalled then. None when no exam date is ahead."""
        day, zone = progress.exam_of(conn, learner_id)
        zone = zone or self.default_timezone
        if day is None or day < now.astimezone(ZoneInfo(zone)).date():
            return None
        at = exam_start(day, zone)
        recalls = readiness.by_key(progress.memory(conn, [learner_id]), at)
        topics = list(catalog.topics.values())
        means = readiness.topic_means(topics, recalls, [learner_id])
        for topic in readiness.weakest_first(catalog, means):
            keys = [k for k in topic.question_keys if allowed is None or k in allowed]
            if not keys:
                continue
            unseen = [k for k in keys if (learner_id, k) not in recalls]
            if unseen:
                return min(unseen, key=lambda k: catalog.rank.get(k, 0))
            return min(keys, key=lambda k: (recalls[(learner_id, k)], k))
        return None

    def for_chat(
        self,
        conn: Connection,
        chat_id: int,
        posted: Mapping[str, datetime],
        allowed: Collection[str] | None,
        now: datetime,
        catalog: Catalog,
    ) -> str | None:
        """A question never posted in the chat; else, from the topic its members are least
        ready in now, the one posted there longest ago."""
        order = catalog.new_order
        fresh = picking.first_new(order, posted, allowed)
        if fresh is not None:
            return fresh
        members = progress.chat_members(conn, chat_id)
        if members:
            recalls = readiness.by_key(progress.memory(conn, members), now)
            topics = list(catalog.topics.values())
            means = readiness.topic_means(topics, recalls, members)
            for topic in readiness.weakest_first(catalog, means):
                keys = {k for k in topic.question_keys if allowed is None or k in allowed}
                if keys:
                    return picking.for_chat(order, posted, keys)
        return picking.for_chat(order, posted, allowed)
