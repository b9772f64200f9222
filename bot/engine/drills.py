"""Drills on confusable pairs: a short run alternating a pair's two sides, then the contrast.

A run is stored (storage/drills.py), so it survives a restart: its step, its score and the
question it is waiting on. Drill questions are ordinary quiz instances (kind "drill", options
shuffled, answered through Answering.record), so they count toward cards, streaks and the
leaderboard like any answer.

A drill interrupted by /quiz waits: /quiz asks and answers as usual, the drill question's own
buttons still work, and `/drill <pair>` shows the question the run is waiting on again (or,
if it was answered meanwhile, counts that answer and goes on).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.clock import Clock
from bot.engine import rows
from bot.engine.answering import Answering
from bot.engine.asking import Asking
from bot.engine.catalogs import Catalogs
from bot.engine.drill_views import (
    DRILL_LENGTH,
    DrillAnswer,
    DrillEnd,
    DrillList,
    DrillNotFound,
    DrillQuestion,
    DrillStart,
    DrillUnavailable,
    PairStanding,
)
from bot.engine.views import AnswerStatus, ChatRef, LearnerRef
from content.catalog import Catalog, CatalogPair, CatalogPairSide
from storage import chats, drills, learners
from storage.db import Connection, Database
from storage.drills import DrillRunRecord

# An unknown pair's name is echoed back; a paragraph pasted by mistake is not.
MAX_QUERY_CHARS = 64


class Drills:
    def __init__(
        self,
        db: Database,
        catalogs: Catalogs,
        clock: Clock,
        asking: Asking,
        answering: Answering,
    ) -> None:
        self.db = db
        self.catalogs = catalogs
        self.clock = clock
        self.asking = asking
        self.answering = answering

    def here(self, conn: Connection, chat: ChatRef) -> Catalog:
        """What may be asked in this chat (its decks switched on, minus retired questions);
        every drill question runs through this one place."""
        found = chats.find_chat(conn, chat.platform, chat.workspace, chat.chat_id)
        return self.catalogs.for_chat(conn, found.id) if found else self.catalogs.builtin

    # -- reading ---------------------------------------------------------------------------

    async def listing(self, learner: LearnerRef, chat: ChatRef) -> DrillList:
        """Every pair that can be drilled here, with the learner's accuracy on its questions."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._listing, learner, chat)

    def _listing(self, conn: Connection, learner: LearnerRef, chat: ChatRef) -> DrillList:
        pairs = askable(self.here(conn, chat))
        keys = {k for p in pairs for s in p.sides for k in s.question_keys}
        who = learners.find_learner(conn, learner.platform, learner.workspace, learner.user_id)
        counts = drills.answer_counts(conn, who.id, keys) if who else {}
        standings = []
        for p in pairs:
            mine = [counts.get(k, (0, 0)) for s in p.sides for k in s.question_keys]
            standings.append(
                PairStanding(
                    id=p.id,
                    title=p.title,
                    labels=(p.sides[0].label, p.sides[1].label),
                    answered=sum(n for n, _ in mine),
                    correct=sum(right for _, right in mine),
                )
            )
        return DrillList(tuple(standings))

    async def suggest(self, learner: LearnerRef, chat: ChatRef) -> str | None:
        """The pair whose questions the learner last got wrong most often (None: no such)."""
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._suggest, learner, chat)

    def _suggest(self, conn: Connection, learner: LearnerRef, chat: ChatRef) -> str | None:
        pairs = askable(self.here(conn, chat))
        keys = {k for p in pairs for s in p.sides for k in s.question_keys}
        who = learners.find_learner(conn, learner.platform, learner.workspace, learner.user_id)
        missed = drills.missed(conn, who.id, keys) if who else set()
        best, most = None, 0
        for p in pairs:
            wrong = sum(1 for s in p.sides for k in s.question_keys if k in missed)
            if wrong > most:
                best, most = p.id, wrong
        return best

    # -- a run -----------------------------------------------------------------------------

    async def start(self, learner: LearnerRef, chat: ChatRef, name: str) -> DrillStart:
        """Start a run of the named pair, or go on with the one left open."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._start, learner, chat, name, now)

    def _start(
        self, conn: Connection, learner: LearnerRef, chat: ChatRef, name: str, now: datetime
    ) -> DrillStart:
        catalog = self.here(conn, chat)
        # Any pair of a loaded deck is found; only those this chat can ask can be drilled.
        found = catalog.find_pairs(name) or self.catalogs.find_pairs(name)
        if not found:
            valid = tuple((p.id, p.title) for p in askable(catalog))
            return DrillNotFound(query=name[:MAX_QUERY_CHARS], valid=valid)
        pair = found[0]
        if not can_ask(catalog, pair):
            return DrillUnavailable(pair.id, pair.title)
        chat_id = rows.chat_row(conn, chat, now).id
        learner_id = rows.learner_row(conn, learner, now).id
        run = drills.open_run(conn, learner_id, chat_id, pair.key)
        if run is None:
            run = drills.start_run(conn, learner_id, chat_id, pair.key, now)
        elif run.instance_id is not None:
            right = drills.answered(conn, run.instance_id, learner_id)
            if right is None:
                waiting = self.asking.recorded(conn, run.instance_id)
                if waiting is not None:
                    return self._question(pair, run, replace(waiting, reason="drill"), True)
                # Its question left the deck: this step asks another.
            else:
                # Answered outside the drill's own buttons: it still counts.
                run = self._advance(conn, run, right, now)
                if run.step >= DRILL_LENGTH:
                    return self._end(pair, run)
        return self._next(conn, catalog, run, pair, chat_id, learner_id, now)

    async def answer(
        self, learner: LearnerRef, chat: ChatRef, instance_id: int, option: int
    ) -> DrillAnswer:
        """Record a drill question's answer, and move its run on: the next question or the end."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            return await tx.run_sync(self._answer, learner, chat, instance_id, option, now)

    def _answer(
        self,
        conn: Connection,
        learner: LearnerRef,
        chat: ChatRef,
        instance_id: int,
        option: int,
        now: datetime,
    ) -> DrillAnswer:
        result = self.answering.record(conn, learner, chat, instance_id, option, now)
        if not result.status.counted:
            return DrillAnswer(result, None)
        who = learners.find_learner(conn, learner.platform, learner.workspace, learner.user_id)
        run = drills.run_asking(conn, who.id, instance_id) if who else None
        pair = self.catalogs.pairs.get(run.pair_key) if run else None
        if who is None or run is None or pair is None:
            return DrillAnswer(result, None)
        run = self._advance(conn, run, result.status is AnswerStatus.CORRECT, now)
        if run.step >= DRILL_LENGTH:
            return DrillAnswer(result, self._end(pair, run))
        catalog = self.here(conn, chat)
        if not can_ask(catalog, pair):
            return DrillAnswer(result, None)
        chat_id = rows.chat_row(conn, chat, now).id
        step = self._next(conn, catalog, run, pair, chat_id, who.id, now)
        return DrillAnswer(result, step)

    # -- helpers ---------------------------------------------------------------------------

    def _advance(
        self, conn: Connection, run: DrillRunRecord, right: bool, now: datetime
    ) -> DrillRunRecord:
        last = run.step + 1 >= DRILL_LENGTH
        return drills.advance(conn, run, right, now if last else None)

    def _next(
        self,
        conn: Connection,
        catalog: Catalog,
        run: DrillRunRecord,
        pair: CatalogPair,
        chat_id: int,
        learner_id: int,
        now: datetime,
    ) -> DrillQuestion:
        # Steps alternate the sides; each run starts its rotation elsewhere (its id), so
        # consecutive runs do not open with the same question.
        keys = askable_keys(catalog, pair.sides[run.step % 2])
        key = keys[(run.id + run.step // 2) % len(keys)]
        picked = self.asking.record(
            conn, chat_id, learner_id, key, kind="drill", now=now, reason="drill"
        )
        drills.set_question(conn, run.id, picked[0])
        return self._question(pair, run, self.asking.view(picked), False)

    def _question(self, pair: CatalogPair, run: DrillRunRecord, view, resumed: bool):
        return DrillQuestion(
            question=view,
            pair_id=pair.id,
            pair_title=pair.title,
            step=run.step + 1,
            total=DRILL_LENGTH,
            side=pair.sides[run.step % 2].label,
            resumed=resumed,
        )

    def _end(self, pair: CatalogPair, run: DrillRunRecord) -> DrillEnd:
        return DrillEnd(
            pair_id=pair.id,
            title=pair.title,
            clue=pair.clue,
            sides=tuple((s.label, s.use) for s in pair.sides),
            correct=run.correct,
            total=run.step,
        )


def askable_keys(catalog: Catalog, side: CatalogPairSide) -> list[str]:
    return [k for k in side.question_keys if k in catalog.questions]


def can_ask(catalog: Catalog, pair: CatalogPair) -> bool:
    """Whether both sides of the pair have a question this catalog asks."""
    return all(askable_keys(catalog, s) for s in pair.sides)


def askable(catalog: Catalog) -> list[CatalogPair]:
    """The pairs that can be drilled with this catalog."""
    return [p for p in catalog.pairs.values() if can_ask(catalog, p)]
