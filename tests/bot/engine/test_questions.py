"""Choosing the next question: due reviews first, then new cards across topics."""

from __future__ import annotations

from bot.engine.views import TopicNotFound
from tests.support.people import ALICE, BOB, GROUP, PRIVATE, ask


async def test_new_questions_rotate_through_topics(engine):
    seen = []
    for _ in range(3):
        q = await ask(engine)
        seen.append(q.topic_id)
        await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    assert seen == ["queues", "streams", "storage"]


async def test_due_review_comes_before_new_questions(engine, clock):
    first = await ask(engine)
    wrong = 1 if first.question_key.endswith("queue-1") else 0
    result = await engine.answer(ALICE, PRIVATE, first.instance_id, wrong)
    assert result.status.value == "wrong"
    # Again puts the card back in the first learning step (one minute).
    assert await ask(engine) != first
    clock.advance(minutes=2)
    again = await ask(engine)
    assert again.question_key == first.question_key
    assert again.reason == "due"


async def test_right_answer_pushes_the_card_further_than_a_wrong_one(engine):
    q1 = await ask(engine, ALICE)
    right = await engine.answer(ALICE, PRIVATE, q1.instance_id, 0)
    q2 = await ask(engine, BOB)
    wrong = await engine.answer(BOB, PRIVATE, q2.instance_id, 2)
    assert q1.question_key == q2.question_key
    assert right.status.value == "correct" and wrong.status.value == "wrong"
    assert right.next_due > wrong.next_due


async def test_topic_restricts_questions(engine):
    for _ in range(4):
        q = await ask(engine, topic="streams")
        assert q.topic_id == "streams"
        await engine.answer(ALICE, PRIVATE, q.instance_id, 0)


async def test_topic_matches_title_case_insensitively(engine):
    q = await ask(engine, topic="object STORAGE")
    assert q.topic_id == "storage"


async def test_unknown_topic_lists_the_valid_ones(engine):
    shown = await engine.next_question(ALICE, PRIVATE, "nosuchtopic")
    assert isinstance(shown, TopicNotFound)
    assert [tid for tid, _ in shown.valid] == ["queues", "streams", "storage"]


async def test_when_everything_is_learnt_it_reviews_ahead(engine):
    for _ in range(5):
        q = await ask(engine)
        right = engine.catalog.questions[q.question_key].answer
        await engine.answer(ALICE, PRIVATE, q.instance_id, right)
    q = await ask(engine)
    # Good on a new card schedules it ten minutes out: nothing is due and nothing is new.
    assert q.reason == "ahead"


async def test_group_questions_rotate_for_the_chat(engine):
    keys = []
    for _ in range(6):
        q = await ask(engine, chat=GROUP)
        assert q.reason == "group"
        keys.append(q.question_key)
    assert len(set(keys[:5])) == 5
    assert keys[5] == keys[0]
