"""Options shuffled per quiz instance: the order is the instance's, whatever asks or answers."""

from __future__ import annotations

import random

from bot.engine import Engine
from bot.engine.views import AnswerStatus, LearnerRef
from tests.support.people import ALICE, BOB, GROUP, PRIVATE, ask


def right_position(engine: Engine, shown) -> int:
    """Where the right option of a shown question is, found by its text."""
    q = engine.catalog.questions[shown.question_key]
    return shown.options.index(q.options[q.answer])


async def test_the_same_question_comes_back_in_a_different_order(shuffled_engine, clock):
    orders = []
    for _ in range(5):
        shown = await ask(shuffled_engine, topic="storage")  # a topic of one question
        assert shown.question_key == "mini/q-storage-1"
        orders.append(shown.options)
        wrong = (right_position(shuffled_engine, shown) + 1) % len(shown.options)
        await shuffled_engine.answer(ALICE, PRIVATE, shown.instance_id, wrong)
        clock.advance(minutes=5)  # due again
    deck = shuffled_engine.catalog.questions["mini/q-storage-1"].options
    assert all(sorted(o) == sorted(deck) for o in orders)
    assert len(set(orders)) > 1


async def test_the_right_option_counts_wherever_it_is_shown(shuffled_engine, clock):
    positions = set()
    for learner_no in range(6):
        learner = LearnerRef("console", "local", f"l{learner_no}", f"L{learner_no}")
        shown = await ask(shuffled_engine, learner=learner, topic="storage")
        right = right_position(shuffled_engine, shown)
        positions.add(right)
        result = await shuffled_engine.answer(learner, PRIVATE, shown.instance_id, right)
        assert result.status is AnswerStatus.CORRECT
        # The result lists the options as shown, the right one where it was shown.
        assert result.options == shown.options and result.correct_index == right
        assert result.chosen == right
        assert (await shuffled_engine.stats(learner)).correct == 1
    assert len(positions) > 1  # the seed put the key in more than one place


async def test_a_wrong_answer_is_wrong_wherever_it_is_shown(shuffled_engine):
    shown = await ask(shuffled_engine, topic="storage")
    right = right_position(shuffled_engine, shown)
    wrong = (right + 1) % len(shown.options)
    result = await shuffled_engine.answer(ALICE, PRIVATE, shown.instance_id, wrong)
    assert result.status is AnswerStatus.WRONG
    assert result.chosen == wrong and result.correct_index == right
    assert result.options[right] == "S3 Batch Replication"


async def test_true_false_keeps_its_fixed_order(shuffled_engine, clock):
    seen = set()
    for i in range(6):
        learner = LearnerRef("console", "local", f"tf{i}", "T")
        first = await ask(shuffled_engine, learner=learner, topic="queues")
        await shuffled_engine.answer(learner, PRIVATE, first.instance_id, 0)
        shown = await ask(shuffled_engine, learner=learner, topic="queues")  # then the T/F
        assert shown.kind == "true_false"
        seen.add(shown.options)
    assert seen == {("True", "False")}


async def test_a_forged_index_maps_to_nothing(shuffled_engine):
    shown = await ask(shuffled_engine, topic="storage")
    for bad in (4, 99, -1):
        result = await shuffled_engine.answer(ALICE, PRIVATE, shown.instance_id, bad)
        assert result.status is AnswerStatus.INVALID_OPTION
    assert (await shuffled_engine.stats(ALICE)).answered == 0


async def test_a_stale_button_resolves_to_its_own_instance(shuffled_engine, clock):
    first = await ask(shuffled_engine, topic="storage")
    clock.advance(minutes=1)
    # Asked again before answering (a review ahead): a new instance, possibly a new order.
    second = await ask(shuffled_engine, topic="storage")
    assert second.instance_id != first.instance_id
    tries = 0
    while second.options == first.options and tries < 10:
        second = await ask(shuffled_engine, topic="storage")
        tries += 1
    assert second.options != first.options
    # The old message's button for its right option is right for the old instance.
    right_old = right_position(shuffled_engine, first)
    old = await shuffled_engine.answer(ALICE, PRIVATE, first.instance_id, right_old)
    assert old.status is AnswerStatus.CORRECT and old.options == first.options
    # The same position on the new message is judged by the new order.
    new = await shuffled_engine.answer(ALICE, PRIVATE, second.instance_id, right_old)
    same_place = second.options[right_old] == first.options[right_old]
    assert new.status is (AnswerStatus.CORRECT if same_place else AnswerStatus.WRONG)


async def test_an_instance_from_before_shuffling_keeps_the_deck_order(db, catalog, clock):
    before = Engine(db, catalog, clock, fuzz=False, shuffle=False)
    old = await ask(before, topic="storage")
    after = Engine(db, catalog, clock, fuzz=False, rng=random.Random(1))
    assert (await after.view(old.instance_id)).options == catalog.questions[
        "mini/q-storage-1"
    ].options
    result = await after.answer(ALICE, PRIVATE, old.instance_id, 0)
    assert result.status is AnswerStatus.CORRECT


async def test_a_group_question_and_its_summary_use_the_shown_order(shuffled_engine):
    shown = await ask(shuffled_engine, learner=ALICE, chat=GROUP, topic="storage")
    right = right_position(shuffled_engine, shown)
    again = await shuffled_engine.view(shown.instance_id)  # a retried delivery shows the same
    assert again.options == shown.options
    assert (await shuffled_engine.answer(ALICE, GROUP, shown.instance_id, right)).answer_count == 1
    bob = await shuffled_engine.answer(BOB, GROUP, shown.instance_id, (right + 1) % 4)
    assert bob.status is AnswerStatus.WRONG and bob.answer_count == 2
    summary = await shuffled_engine.summary(shown.instance_id)
    assert summary.correct_option == f"{right + 1}. S3 Batch Replication"
    assert summary.right == ("Alice",)
