"""The per-chat catalog: another engine on the same database (another process) sees a deck
at its next question, answers resolve its questions, and the catalog is rebuilt only when
the chat's version moves."""

from __future__ import annotations

from datetime import timedelta

from bot.engine import Engine
from bot.engine.deck_views import DeckAdded
from bot.engine.views import ChatRef, LearnerRef, QuestionView, TopicNotFound
from tests.support.memos import MEMO

ANN = LearnerRef("telegram", "", "1", "Ann")
HERE = ChatRef("telegram", "", "1")
ELSEWHERE = ChatRef("telegram", "", "2")


async def test_another_process_serves_a_new_deck_at_once(db, catalog, clock):
    one = Engine(db, catalog, clock, fuzz=False)
    two = Engine(db, catalog, clock, fuzz=False)
    assert (await two.next_question(ANN, HERE)).question_key.startswith("mini/")
    added = await one.decks.add(ANN, HERE, "study.md", MEMO.encode(), admin=True)
    assert isinstance(added, DeckAdded) and added.questions == 8
    shown = await two.next_question(ANN, HERE, "study")
    assert isinstance(shown, QuestionView) and shown.question_key.startswith("study/")
    # A third engine never asked it: the answer still finds the question in the database.
    three = Engine(db, catalog, clock, fuzz=False)
    result = await three.answer(ANN, HERE, shown.instance_id, 0)
    assert result.status.counted and result.source == "study.md"
    # The deck belongs to this chat only.
    other = LearnerRef("telegram", "", "2", "Ben")
    missing = await two.next_question(other, ELSEWHERE, "study")
    assert isinstance(missing, TopicNotFound)
    assert missing.valid and all(not tid.startswith("study") for tid, _ in missing.valid)


async def test_the_catalog_is_rebuilt_only_when_the_chat_changes(db, catalog, clock):
    engine = Engine(db, catalog, clock, fuzz=False)
    await engine.decks.add(ANN, HERE, "study.md", MEMO.encode(), admin=True)
    async with db.transaction() as tx:
        first = await tx.run_sync(engine.decks.catalog_of, HERE)
        again = await tx.run_sync(engine.decks.catalog_of, HERE)
    assert first is again and "study/queues" in first.topics
    await engine.decks.switch(HERE, "mini", False, admin=True)
    async with db.transaction() as tx:
        after = await tx.run_sync(engine.decks.catalog_of, HERE)
    assert after is not first and not any(k.startswith("mini/") for k in after.questions)
    async with db.transaction() as tx:
        untouched = await tx.run_sync(engine.decks.catalog_of, ELSEWHERE)
    assert untouched is engine.catalogs.builtin


async def test_non_admins_change_nothing(engine):
    refused = await engine.decks.add(ANN, HERE, "study.md", MEMO.encode(), admin=False)
    assert refused.key == "deck_not_admin"
    assert [d.deck_id for d in await engine.decks.list(HERE)] == ["mini"]
    assert (await engine.decks.switch(HERE, "mini", False, admin=False)).value == "not_allowed"
    assert (await engine.decks.review(HERE, admin=False)).allowed is False


async def test_progress_and_exam_prep_follow_the_decks_the_chat_studies(engine, clock):
    await engine.decks.add(ANN, HERE, "study.md", MEMO.encode(), admin=True)
    await engine.decks.switch(HERE, "mini", False, admin=True)
    report = await engine.progress.of_learner(ANN, HERE)
    shown = {t.title for t in report.topics}
    own = {t.title for k, t in engine.catalogs.topics.items() if k.startswith("study/")}
    assert shown == own  # the chat's own deck, not the switched-off built-in one
    # With an exam ahead, exam prep picks from this chat's decks only.
    await engine.progress.set_exam(ANN, clock.now().date() + timedelta(days=30))
    asked = await engine.next_question(ANN, HERE)
    assert asked.reason == "exam" and asked.question_key.startswith("study/")
    # Elsewhere the same learner's progress is the built-in deck's.
    elsewhere = await engine.progress.of_learner(ANN, ELSEWHERE)
    assert {t.title for t in elsewhere.topics} == {
        t.title for t in engine.catalogs.builtin.topics.values()
    }
