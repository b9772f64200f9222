"""Choosing and recording the question to ask: for a learner (due, new, ahead) or a group.

Runs inside the caller's transaction, so a question of the day is picked and recorded in the
same transaction that reads its delivery.
"""

from __future__ import annotations

from datetime import datetime
from random import Random

from bot.engine import catalogs, option_order, picking, rows
from bot.engine.catalogs import Catalogs
from bot.engine.focus import Focus
from bot.engine.views import ChatRef, LearnerRef, QuestionView, TopicNotFound
from content.catalog import Catalog, CatalogQuestion
from storage import cards, quizzes
from storage.db import Connection

# How many due cards to look at per query while skipping ones whose question left the deck.
_DUE_BATCH = 50

# (quiz instance id, question key, reason, stored option order)
Picked = tuple[int, str, str, str | None]


class Asking:
    def __init__(
        self, catalog: Catalogs, rng: Random | None = None, default_timezone: str = "Asia/Tokyo"
    ) -> None:
        self.catalog = catalog
        # Shuffles each instance's options; None keeps every deck's own order.
        self.rng = rng
        self.focus = Focus(default_timezone)

    def in_chat(
        self,
        conn: Connection,
        learner: LearnerRef,
        chat: ChatRef,
        topic: str | None,
        kind: str,
        now: datetime,
    ) -> Picked | TopicNotFound | None:
        """Ask in a chat the adapters name: a group gets the chat's question, else the
        learner's own; `topic` is resolved among the decks this chat studies."""
        chat_row = rows.chat_row(conn, chat, now)
        catalog = self.catalog.for_chat(conn, chat_row.id)
        allowed = catalogs.choose_topics(catalog, topic) if topic else None
        if isinstance(allowed, TopicNotFound):
            return allowed
        owner = None if chat.is_group else rows.learner_row(conn, learner, now).id
        return self.ask(
            conn, chat_row.id, owner, allowed=allowed, kind=kind, now=now, catalog=catalog
        )

    def ask(
        self,
        conn: Connection,
        chat_id: int,
        learner_id: int | None,
        *,
        kind: str,
        now: datetime,
        allowed: set[str] | None = None,
        catalog: Catalog | None = None,
    ) -> Picked | None:
        """Pick a question among those the chat studies and record its quiz instance;
        `learner_id` None asks a group."""
        catalog = catalog or self.catalog.for_chat(conn, chat_id)
        if learner_id is None:
            posted = quizzes.posted_keys(conn, chat_id)
            key = self.focus.for_chat(conn, chat_id, posted, allowed, now, catalog)
            reason = "group"
        else:
            key, reason = self._pick_for(conn, learner_id, allowed, now, catalog)
        if key is None:
            return None
        return self.record(conn, chat_id, learner_id, key, kind=kind, now=now, reason=reason)

    def record(
        self,
        conn: Connection,
        chat_id: int,
        learner_id: int | None,
        key: str,
        *,
        kind: str,
        now: datetime,
        reason: str,
    ) -> Picked:
        """Record a quiz instance of this question, its options in an order of its own."""
        q = self.catalog.questions[key]
        order = option_order.choose(q.kind, len(q.options), self.rng)
        instance_id = quizzes.create_instance(
            conn,
            chat_id=chat_id,
            question_key=key,
            learner_id=learner_id,
            kind=kind,
            now=now,
            option_order=order,
        )
        return instance_id, key, reason, order

    def _pick_for(
        self,
        conn: Connection,
        learner_id: int,
        allowed: set[str] | None,
        now: datetime,
        catalog: Catalog,
    ) -> tuple[str | None, str]:
        due = self._first_in_deck(conn, learner_id, allowed, catalog, due_by=now)
        if due is not None:
            return due, "due"
        aimed = self.focus.for_learner(conn, learner_id, allowed, now, catalog)
        if aimed is not None:
            return aimed, "exam"  # an exam ahead: its weakest topic instead of deck order
        seen = cards.seen_keys(conn, learner_id)
        new = picking.first_new(catalog.new_order, seen, allowed)
        if new is not None:
            return new, "new"
        # Everything seen and nothing due: review ahead rather than leave the learner idle.
        return self._first_in_deck(conn, learner_id, allowed, catalog, due_by=None), "ahead"

    def _first_in_deck(
        self,
        conn: Connection,
        learner_id: int,
        allowed: set[str] | None,
        catalog: Catalog,
        due_by: datetime | None,
    ) -> str | None:
        offset = 0
        while True:
            keys = cards.keys_by_due(
                conn, learner_id, due_by=due_by, keys=allowed, limit=_DUE_BATCH, offset=offset
            )
            for key in keys:
                if key in catalog.questions:
                    return key
            if len(keys) < _DUE_BATCH:
                return None
            offset += _DUE_BATCH

    def view(self, picked: Picked | tuple[int, str, str]) -> QuestionView:
        instance_id, key, reason = picked[:3]
        # A hand-made (id, key, reason) shows the deck's order.
        order = picked[3] if len(picked) > 3 else None
        return self._view(instance_id, self.catalog.questions[key], reason, order)

    def recorded(self, conn: Connection, instance_id: int) -> QuestionView | None:
        """A question already recorded, shown again (a retried delivery asks the same)."""
        inst = quizzes.get_instance(conn, instance_id)
        q = self.catalog.find(conn, inst.question_key) if inst else None
        if inst is None or q is None:
            return None
        reason = "group" if inst.learner_id is None else "new"
        return self._view(inst.id, q, reason, inst.option_order)

    def _view(
        self, instance_id: int, q: CatalogQuestion, reason: str, order: str | None
    ) -> QuestionView:
        topic = self.catalog.topic(q.topic_key)
        return QuestionView(
            instance_id=instance_id,
            question_key=q.key,
            topic_id=topic.id,
            topic_title=topic.title,
            prompt=q.prompt,
            options=option_order.shown(q.options, option_order.decode(order, len(q.options))),
            kind=q.kind,
            reason=reason,
        )
