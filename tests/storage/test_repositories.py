"""Repositories on a migrated database (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic.script import ScriptDirectory

from bot.engine.views import AnswerStatus
from storage import cards, chats, learners, quizzes, scores
from storage.migrate import alembic_config, current
from storage.records import CardRecord
from tests.support.people import ALICE, PRIVATE, ask

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def test_migrations_reach_head(db):
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert await current(db) == head
    await db.migrate()  # a second run changes nothing
    assert await current(db) == head


async def test_learner_identity_is_platform_workspace_and_id(db):
    async with db.transaction() as s:
        a = await s.run_sync(learners.ensure_learner, "slack", "T1", "U1", "Ann", NOW)
        b = await s.run_sync(learners.ensure_learner, "slack", "T2", "U1", "Ann elsewhere", NOW)
        again = await s.run_sync(learners.ensure_learner, "slack", "T1", "U1", "", NOW)
    assert a.id != b.id
    assert again.id == a.id and again.display_name == "Ann"


async def test_datetimes_come_back_in_utc(db):
    tokyo = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    async with db.transaction() as s:
        who = await s.run_sync(learners.ensure_learner, "console", "local", "x", "x", NOW)
        record = CardRecord(who.id, "d/q", 1, 0, 1.0, 5.0, tokyo, tokyo, 1, 0, True)
        await s.run_sync(cards.save_card, record)
    async with db.transaction() as s:
        stored = await s.run_sync(cards.get_card, who.id, "d/q")
    assert stored.due == NOW and stored.due.tzinfo is not None


async def test_keys_by_due_orders_and_filters(db):
    async with db.transaction() as s:
        who = await s.run_sync(learners.ensure_learner, "console", "local", "x", "x", NOW)
        for i, hours in enumerate([3, -2, -1]):
            due = NOW + timedelta(hours=hours)
            await s.run_sync(
                cards.save_card,
                CardRecord(who.id, f"d/q{i}", 2, None, 1.0, 5.0, due, NOW, 1, 0, True),
            )
        assert await s.run_sync(cards.keys_by_due, who.id, due_by=NOW) == ["d/q1", "d/q2"]
        assert await s.run_sync(cards.keys_by_due, who.id, due_by=None, limit=1) == ["d/q1"]
        assert await s.run_sync(cards.keys_by_due, who.id, due_by=NOW, keys=["d/q2"]) == ["d/q2"]


async def test_one_answer_per_instance_and_learner(db):
    async with db.transaction() as s:
        who = await s.run_sync(learners.ensure_learner, "console", "local", "x", "x", NOW)
        chat = await s.run_sync(
            chats.ensure_chat, "console", "local", "c", is_group=True, title="", now=NOW
        )
        inst = await s.run_sync(
            quizzes.create_instance,
            chat_id=chat.id,
            question_key="d/q",
            learner_id=None,
            kind="quiz",
            now=NOW,
        )
        values = {"instance_id": inst, "learner_id": who.id, "option_index": 0, "now": NOW}
        assert await s.run_sync(quizzes.record_answer, correct=True, **values) == 1
        assert await s.run_sync(quizzes.record_answer, correct=False, **values) is None


async def test_scores_rank_by_points_then_arrival(db):
    async with db.transaction() as s:
        chat = await s.run_sync(
            chats.ensure_chat, "slack", "T", "C", is_group=True, title="", now=NOW
        )
        ids = [
            (await s.run_sync(learners.ensure_learner, "slack", "T", f"U{i}", f"u{i}", NOW)).id
            for i in range(3)
        ]
        for i, (who, correct) in enumerate([(ids[0], True), (ids[1], True), (ids[2], False)]):
            await s.run_sync(
                scores.add_answer,
                chat_id=chat.id,
                learner_id=who,
                periods=["all"],
                correct=correct,
                now=NOW + timedelta(seconds=i),
            )
        rows = await s.run_sync(scores.top, chat.id, "all", 10)
        assert [(r.display_name, r.points, r.rank) for r in rows] == [
            ("u0", 1, 1),
            ("u1", 1, 2),
            ("u2", 0, 3),
        ]
        mine = await s.run_sync(scores.standing, chat.id, "all", ids[2])
        assert (mine.rank, mine.answered, mine.correct) == (3, 1, 0)


async def test_deleting_a_learner_removes_their_data(db, engine):
    q = await ask(engine)
    await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    async with db.transaction() as s:
        who = await s.run_sync(
            learners.find_learner, ALICE.platform, ALICE.workspace, ALICE.user_id
        )
        await s.run_sync(learners.delete_learner, who.id)
    async with db.transaction() as s:
        assert await s.run_sync(cards.seen_keys, who.id) == set()
        assert await s.run_sync(scores.standing, 1, "all", who.id) is None
    assert (await engine.stats(ALICE)).answered == 0


async def test_simultaneous_double_tap_counts_once(engine):
    q = await ask(engine)
    results = await asyncio.gather(
        *(engine.answer(ALICE, PRIVATE, q.instance_id, 0) for _ in range(5))
    )
    statuses = sorted(r.status.value for r in results)
    assert statuses.count(AnswerStatus.CORRECT.value) == 1
    assert statuses.count(AnswerStatus.ALREADY_ANSWERED.value) == 4
    stats = await engine.stats(ALICE)
    assert (stats.answered, stats.correct) == (1, 1)


async def test_failed_use_case_rolls_back_everything(db):
    with pytest.raises(RuntimeError):
        async with db.transaction() as s:
            await s.run_sync(learners.ensure_learner, "console", "local", "ghost", "g", NOW)
            raise RuntimeError("crash between two updates")
    async with db.transaction() as s:
        assert await s.run_sync(learners.find_learner, "console", "local", "ghost") is None
