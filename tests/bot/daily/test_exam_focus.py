"""The question of the day aims at the exam: with nothing due, it comes from the topic least
ready on exam day rather than the next new question in deck order."""

from __future__ import annotations

from datetime import date, timedelta

from tests.support.daily import SLOT, person, run_tick, subscribe


async def test_the_question_of_the_day_comes_from_the_weakest_topic_on_exam_day(
    engine, clock, dispatch, sender
):
    clock.set(SLOT - timedelta(hours=1))
    for i in (0, 1):
        await subscribe(engine, clock, i)
    clock.set(SLOT - timedelta(seconds=30))  # the learning steps after these are not due yet
    for i in (0, 1):
        learner, chat = person(i)
        for right in (True, False, True):  # queues right, streams wrong, storage right
            q = await engine.next_question(learner, chat)
            wanted = engine.catalog.questions[q.question_key].answer
            option = wanted if right else (wanted + 1) % len(q.options)
            await engine.answer(learner, chat, q.instance_id, option)
    await engine.progress.set_exam(person(0)[0], date(2026, 12, 20))
    clock.set(SLOT)
    await run_tick(dispatch)
    assert sorted(sender.questions) == [("0", "mini/q-stream-2"), ("1", "mini/q-queue-2")]
