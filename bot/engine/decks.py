"""Deck use cases: add a deck from a file sent in a chat, list and switch a chat's decks,
delete one, report a question, review reports and retire a question for a chat.

Who may: the adapter says whether the person manages the chat (`admin`: anyone in a private
chat, a chat administrator in a group, a workspace admin or owner on Slack). Adding, switching,
deleting, reviewing and retiring need it; reporting needs only an answer to the question.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from bot.clock import Clock
from bot.engine import rows
from bot.engine.catalogs import Catalogs
from bot.engine.deck_views import (
    REASONS,
    Change,
    DeckAdded,
    DeckLine,
    DeckRefused,
    Reported,
    Review,
    ReviewItem,
)
from bot.engine.views import ChatRef, LearnerRef
from content.catalog import Catalog
from content.chat_import import Imported, Refused, check_upload, import_bytes, safe_name
from content.importer.build import default_deck_id
from storage import chat_decks, chats, learners
from storage.db import Connection, Database
from storage.records import DeckRecord

MAX_REVIEW_ITEMS = 20
_MAX_STEM = 34  # room for a "-NN" suffix within the importer's 40-character ids


class Decks:
    def __init__(self, db: Database, catalogs: Catalogs, clock: Clock) -> None:
        self.db = db
        self.catalogs = catalogs
        self.clock = clock
        self.titles: dict[str, str] = {}  # built-in deck id → title, set at start-up

    # -- adding --------------------------------------------------------------------------------

    @staticmethod
    def precheck(file_name: str, size: int | None) -> DeckRefused | None:
        """Why a file cannot be a deck, known before downloading it (its kind, its size)."""
        try:
            check_upload(safe_name(file_name), size)
        except Refused as refused:
            return DeckRefused(refused.key, refused.values)
        return None

    async def add(
        self, learner: LearnerRef, chat: ChatRef, file_name: str, raw: bytes, *, admin: bool
    ) -> DeckAdded | DeckRefused:
        """Import a file sent in this chat as a deck of the chat (or update the deck the same
        file made before); anything wrong stores nothing."""
        if not admin:
            return DeckRefused("deck_not_admin")
        name = safe_name(file_name)
        refused = self.precheck(name, len(raw))
        if refused is not None:
            return refused
        now = self.clock.now()
        async with self.db.transaction() as tx:
            before = await tx.run_sync(self._before, chat, name, now)
        deck_id, previous = before
        try:
            # Parsing a memo takes a noticeable while: off the loop, so other chats go on.
            made = await asyncio.to_thread(
                import_bytes, name, raw, deck_id, previous.yaml_text if previous else None
            )
        except Refused as refused:
            return DeckRefused(refused.key, refused.values)
        async with self.db.transaction() as tx:
            await tx.run_sync(self._store, learner, chat, name, deck_id, previous, made, now)
        return DeckAdded(
            deck_id=deck_id,
            title=made.deck.title,
            topics=tuple(t.title for t in made.deck.topics),
            questions=len(made.deck.questions),
            doubted=len(made.doubted),
            updated=previous is not None,
            kept=made.kept,
            retired=len(made.retired),
            unread=tuple(made.unread),
        )

    def _before(
        self, conn: Connection, chat: ChatRef, name: str, now: datetime
    ) -> tuple[str, DeckRecord | None]:
        chat_row = rows.chat_row(conn, chat, now)
        previous = chat_decks.by_file(conn, chat_row.id, name)
        if previous is not None:
            return previous.deck_id, previous
        stem = default_deck_id(Path(name).stem)[:_MAX_STEM].rstrip("-_")
        taken = chat_decks.taken_ids(conn, stem) | self.catalogs.builtin_ids
        n = 1
        deck_id = stem
        while deck_id in taken:
            n += 1
            deck_id = f"{stem}-{n}"
        return deck_id, None

    def _store(
        self,
        conn: Connection,
        learner: LearnerRef,
        chat: ChatRef,
        name: str,
        deck_id: str,
        previous: DeckRecord | None,
        made: Imported,
        now: datetime,
    ) -> None:
        chat_row = rows.chat_row(conn, chat, now)
        doubted = "\n".join(made.doubted)
        title = made.deck.title[:200]
        if previous is not None:
            chat_decks.replace(
                conn, previous.id, title=title, yaml_text=made.yaml_text, doubted=doubted, now=now
            )
        else:
            owner = rows.learner_row(conn, learner, now).id
            chat_decks.add(
                conn,
                deck_id=deck_id,
                chat_id=chat_row.id,
                owner_id=owner,
                file_name=name,
                title=title,
                yaml_text=made.yaml_text,
                doubted=doubted,
                now=now,
            )
        chat_decks.bump(conn, chat_row.id)

    # -- a chat's decks ------------------------------------------------------------------------

    def catalog_of(self, conn: Connection, chat: ChatRef) -> Catalog:
        """What this chat studies now (the built-in decks for a chat never seen)."""
        found = chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        return self.catalogs.builtin if found is None else self.catalogs.for_chat(conn, found.id)

    async def list(self, chat: ChatRef) -> list[DeckLine]:
        """The built-in decks and the chat's own, with their sizes and whether they are on."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._list, chat)

    def _list(self, conn: Connection, chat: ChatRef) -> list[DeckLine]:
        found = chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        off = chat_decks.switched_off(conn, found.id) if found else set()
        own = chat_decks.of_chat(conn, found.id) if found else []
        lines = [
            self._line(self.catalogs.builtin, d, self.titles.get(d, d), d not in off, False)
            for d in sorted(self.catalogs.builtin_ids)
        ]
        for row in own:
            catalog = self.catalogs.deck(row) or Catalog([])
            lines.append(self._line(catalog, row.deck_id, row.title, row.deck_id not in off, True))
        return lines

    @staticmethod
    def _line(catalog: Catalog, deck_id: str, title: str, on: bool, own: bool) -> DeckLine:
        topics = [t for t in catalog.topics.values() if t.deck_id == deck_id]
        return DeckLine(
            deck_id=deck_id,
            title=title,
            topics=len(topics),
            questions=sum(len(t.question_keys) for t in topics),
            on=on,
            own=own,
        )

    async def switch(self, chat: ChatRef, deck_id: str, on: bool, *, admin: bool) -> Change:
        """Switch one of this chat's decks on or off."""
        if not admin:
            return Change.NOT_ALLOWED
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._switch, chat, deck_id, on, now)

    def _switch(self, conn: Connection, chat: ChatRef, deck_id: str, on: bool, now) -> Change:
        chat_row = rows.chat_row(conn, chat, now)
        if not self._studies(conn, chat_row.id, deck_id):
            return Change.UNKNOWN
        if not chat_decks.switch(conn, chat_row.id, deck_id, on):
            return Change.ALREADY
        chat_decks.bump(conn, chat_row.id)
        return Change.DONE

    async def delete(self, chat: ChatRef, deck_id: str, *, admin: bool) -> Change:
        """Delete a deck this chat added; its answers stay in everyone's history."""
        if not admin:
            return Change.NOT_ALLOWED
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._delete, chat, deck_id, now)

    def _delete(self, conn: Connection, chat: ChatRef, deck_id: str, now) -> Change:
        chat_row = rows.chat_row(conn, chat, now)
        if not chat_decks.remove(conn, chat_row.id, deck_id):
            return Change.UNKNOWN
        chat_decks.bump(conn, chat_row.id)
        return Change.DONE

    def _studies(self, conn: Connection, chat_id: int, deck_id: str) -> bool:
        if deck_id in self.catalogs.builtin_ids:
            return True
        row = chat_decks.by_deck_id(conn, deck_id)
        return row is not None and row.chat_id == chat_id

    # -- reports, review, retiring -------------------------------------------------------------

    async def report(
        self, learner: LearnerRef, chat: ChatRef, instance_id: int, reason: str
    ) -> Reported:
        """Record that a question this learner answered here is wrong, unclear or has a typo."""
        if reason not in REASONS:
            return Reported.BAD_REASON
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._report, learner, chat, instance_id, reason, now)

    def _report(
        self, conn: Connection, learner: LearnerRef, chat: ChatRef, instance_id, reason, now
    ) -> Reported:
        who = learners.find_learner(conn, learner.platform, learner.workspace, learner.user_id)
        here = chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        seen = chat_decks.answered_instance(conn, instance_id, who.id) if who and here else None
        if seen is None or here is None or seen[0] != here.id:
            return Reported.NOT_SEEN
        done = chat_decks.report(
            conn, chat_id=here.id, question_key=seen[1], learner_id=who.id, reason=reason, now=now
        )
        return Reported.DONE if done else Reported.ALREADY

    async def review(self, chat: ChatRef, *, admin: bool) -> Review:
        """Reported questions (most reports first), then the ones the importer doubted."""
        if not admin:
            return Review(allowed=False)
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._review, chat)

    def _review(self, conn: Connection, chat: ChatRef) -> Review:
        here = chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        if here is None:
            return Review(allowed=True)
        catalog = self.catalogs.for_chat(conn, here.id)
        counts = chat_decks.report_counts(conn, here.id)
        doubted = {
            f"{row.deck_id}/{qid}"
            for row in chat_decks.of_chat(conn, here.id)
            for qid in row.doubted.split()
        }
        keys = sorted(
            (k for k in counts.keys() | doubted if k in catalog.questions),
            key=lambda k: (-sum(counts.get(k, {}).values()), k),
        )
        items = tuple(
            ReviewItem(k, catalog.questions[k].prompt, counts.get(k, {}), k in doubted)
            for k in keys[:MAX_REVIEW_ITEMS]
        )
        return Review(allowed=True, items=items)

    async def retire(self, chat: ChatRef, question_key: str, *, admin: bool) -> Change:
        """Never ask this question in this chat again; its answers stay in the history."""
        if not admin:
            return Change.NOT_ALLOWED
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._retire, chat, question_key, now)

    def _retire(self, conn: Connection, chat: ChatRef, key: str, now: datetime) -> Change:
        chat_row = rows.chat_row(conn, chat, now)
        deck_id = key.partition("/")[0]
        if self.catalogs.find(conn, key) is None or not self._studies(conn, chat_row.id, deck_id):
            return Change.UNKNOWN
        if not chat_decks.retire(conn, chat_row.id, key, now):
            return Change.ALREADY
        chat_decks.bump(conn, chat_row.id)
        return Change.DONE
