"""Drills at the engine: runs survive a restart, a pair that cannot be asked here, the hint."""

from __future__ import annotations

import random

import pytest

from bot.engine import Engine
from bot.engine.drill_views import DrillEnd, DrillQuestion, DrillUnavailable
from bot.engine.views import AnswerStatus
from content.catalog import Catalog
from tests.support.drill import PAIRS_DECK, pairs_catalog
from tests.support.people import ALICE, BOB, PRIVATE, ask


@pytest.fixture
def catalog():
    return pairs_catalog()


def right(engine: Engine, step: DrillQuestion) -> int:
    q = engine.catalog.questions[step.question.question_key]
    return step.question.options.index(q.options[q.answer])


async def test_a_run_alternates_the_sides_and_survives_a_restart(db, catalog, clock):
    first = Engine(db, catalog, clock, fuzz=False, rng=random.Random(3))
    step = await first.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    sides = [step.side]
    for _ in range(2):
        step = (await first.drills.answer(ALICE, PRIVATE, step.question.instance_id, 0)).then
        sides.append(step.side)
    assert sides == ["Amazon SQS", "Amazon SNS", "Amazon SQS"]
    pending = step

    restarted = Engine(db, Catalog.from_paths([PAIRS_DECK]), clock, fuzz=False)
    resumed = await restarted.drills.start(ALICE, PRIVATE, "SQS と SNS")  # by title, too
    assert resumed.resumed and resumed.step == 3
    assert resumed.question == pending.question
    step = resumed
    for n in (3, 4, 5):
        answered = await restarted.drills.answer(
            ALICE, PRIVATE, step.question.instance_id, right(restarted, step)
        )
        assert answered.result.status is AnswerStatus.CORRECT
        step = answered.then
        if n < 5:
            assert step.step == n + 1
    assert isinstance(step, DrillEnd) and step.total == 5 and step.correct >= 3


async def test_keys_within_a_run_do_not_repeat_on_a_side_that_has_enough(engine):
    step = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    keys = []
    while isinstance(step, DrillQuestion):
        keys.append(step.question.question_key)
        step = (await engine.drills.answer(ALICE, PRIVATE, step.question.instance_id, 0)).then
    sqs = [k for k in keys if "/sqs-" in k]
    assert len(sqs) == 3 and len(set(sqs)) == 3


async def test_an_answer_given_outside_the_drill_buttons_still_counts(engine):
    step = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    # The plain answer path (a forged "a:" button, say) records the answer but moves no run.
    plain = await engine.answer(ALICE, PRIVATE, step.question.instance_id, right(engine, step))
    assert plain.status is AnswerStatus.CORRECT
    after = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    assert after.step == 2 and not after.resumed
    # The same question answered twice counts once.
    again = await engine.drills.answer(ALICE, PRIVATE, step.question.instance_id, 0)
    assert again.result.status is AnswerStatus.ALREADY_ANSWERED and again.then is None


async def test_another_learner_cannot_answer_or_move_a_run(engine):
    step = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    other = await engine.drills.answer(BOB, PRIVATE, step.question.instance_id, 0)
    assert other.result.status is AnswerStatus.NOT_ALLOWED and other.then is None
    assert (await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")).step == 1


async def test_a_pair_one_of_whose_sides_is_retired_in_the_chat(engine):
    await engine.decks.retire(PRIVATE, "pairs/fh-1", admin=True)
    off = await engine.drills.start(ALICE, PRIVATE, "firehose-vs-streams")
    assert off == DrillUnavailable("firehose-vs-streams", "Firehose と Data Streams")
    listed = [p.id for p in (await engine.drills.listing(ALICE, PRIVATE)).pairs]
    assert listed == ["sqs-vs-sns"]
    assert isinstance(await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns"), DrillQuestion)


async def test_quiz_with_nothing_due_suggests_the_pair_answered_wrong(engine, clock):
    first = await ask(engine)
    assert first.drill_hint is None  # nothing answered wrong yet
    q = engine.catalog.questions[first.question_key]
    wrong = next(i for i, o in enumerate(first.options) if o != q.options[q.answer])
    await engine.answer(ALICE, PRIVATE, first.instance_id, wrong)
    shown = await ask(engine)
    assert shown.reason == "new"
    pair = next(
        p
        for p in engine.catalog.pairs.values()
        if any(first.question_key in s.question_keys for s in p.sides)
    )
    assert shown.drill_hint == pair.id
    # Once answered right at its review, the question no longer points to the drill.
    clock.advance(minutes=30)
    due = await ask(engine)
    assert due.reason == "due" and due.question_key == first.question_key
    assert due.drill_hint is None  # something was due: no hint
    await engine.answer(ALICE, PRIVATE, due.instance_id, due.options.index(q.options[q.answer]))
    assert (await ask(engine)).drill_hint is None


async def test_export_holds_the_runs_and_forget_deletes_them(engine):
    step = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    await engine.drills.answer(ALICE, PRIVATE, step.question.instance_id, right(engine, step))
    runs = (await engine.profiles.export(ALICE))["drill_runs"]
    assert [(r["pair_key"], r["step"], r["correct"]) for r in runs] == [("pairs/sqs-vs-sns", 1, 1)]
    assert await engine.profiles.forget(ALICE, PRIVATE) is True
    # Forgotten: a new run starts at the beginning, with nothing to resume.
    again = await engine.drills.start(ALICE, PRIVATE, "sqs-vs-sns")
    assert again.step == 1 and not again.resumed
    assert len((await engine.profiles.export(ALICE))["drill_runs"]) == 1


async def test_an_unknown_pair_is_named_back_briefly(engine):
    found = await engine.drills.start(ALICE, PRIVATE, "x" * 400)
    assert found.query == "x" * 64
    assert [pid for pid, _ in found.valid] == ["sqs-vs-sns", "firehose-vs-streams"]
