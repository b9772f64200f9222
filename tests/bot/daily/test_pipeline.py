"""Claimed questions of the day whose learner left: nothing is sent, nothing is kept."""

from __future__ import annotations

from bot.daily.dispatch import DailyDispatch
from storage import deliveries
from tests.support.daily import RecordingSender, person, run_tick, subscribed_before_the_slot


async def states(db) -> dict[str, int]:
    async with db.transaction() as session:
        return await session.run_sync(deliveries.states)


async def test_forget_deletes_the_learners_questions_of_the_day(engine, clock, db):
    await subscribed_before_the_slot(engine, clock, 2)
    sender = RecordingSender()
    await run_tick(DailyDispatch(engine, {"telegram": sender}, clock))
    assert await states(db) == {"sent": 2}
    assert await engine.profiles.forget(*person(0)) is True
    assert await states(db) == {"sent": 1}


async def test_a_claim_whose_learner_left_before_it_was_sent_is_dropped(engine, clock, db):
    await subscribed_before_the_slot(engine, clock, 3)
    sender = RecordingSender()
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock)
    claimed = await dispatch.claim_due(clock.now())
    assert claimed.claimed == 3
    # Between the claim and the send, learner 1 deletes everything about them.
    assert await engine.profiles.forget(*person(1)) is True
    dispatch.pipeline.put(claimed.ids)
    await dispatch.drain()
    assert sorted(chat for chat, _ in sender.questions) == ["0", "2"]
    assert await states(db) == {"sent": 2}
    # Nothing is left claimed for a later tick to take over and try again.
    clock.advance(minutes=11)
    assert (await run_tick(dispatch)).reclaimed == 0
    assert len(sender.questions) == 2
