"""Question of the day: due at the right local time, exactly once, through restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.daily.dispatch import DailyDispatch
from bot.daily.owner import Owner
from bot.engine.views import AnswerStatus, ChatRef, LearnerRef
from storage import deliveries, learners
from tests.support.daily import (
    SLOT,
    RecordingSender,
    person,
    run_tick,
    subscribe,
    subscribed_before_the_slot,
)


async def test_sent_at_the_local_time_once_a_day(engine, clock, sender, dispatch):
    clock.set(SLOT - timedelta(hours=1))
    await subscribe(engine, clock, 1)
    clock.set(SLOT - timedelta(minutes=1))
    assert (await run_tick(dispatch)).claimed == 0
    clock.set(SLOT)
    assert (await run_tick(dispatch)).claimed == 1
    clock.advance(minutes=1)
    assert (await run_tick(dispatch)).claimed == 0
    assert [chat for chat, _ in sender.questions] == ["1"]
    # The learner answers; a day later that card is due, and due reviews come first.
    learner, chat = person(1)
    async with engine.db.transaction() as session:
        first = (await session.run_sync(deliveries.job, 1)).instance_id
    await engine.answer(learner, chat, first, 0)
    clock.set(SLOT + timedelta(days=1))
    await run_tick(dispatch)
    assert len(sender.questions) == 2
    assert sender.questions[1][1] == sender.questions[0][1]


async def test_subscribing_after_todays_time_starts_tomorrow(engine, clock, sender, dispatch):
    clock.set(SLOT + timedelta(minutes=10))
    await subscribe(engine, clock, 1)
    assert (await run_tick(dispatch)).claimed == 0
    clock.set(SLOT + timedelta(days=1))
    assert (await run_tick(dispatch)).claimed == 1


async def test_missed_slot_within_grace_is_sent_late(engine, clock, sender, dispatch):
    clock.set(SLOT - timedelta(hours=1))
    await subscribe(engine, clock, 1)
    clock.set(SLOT + timedelta(hours=2, minutes=50))
    assert (await run_tick(dispatch)).claimed == 1
    assert len(sender.questions) == 1


async def test_missed_slot_beyond_grace_is_skipped_and_recorded(engine, clock, sender, db):
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock, grace=timedelta(hours=3))
    clock.set(SLOT - timedelta(hours=1))
    await subscribe(engine, clock, 1)
    clock.set(SLOT + timedelta(hours=3, minutes=1))
    report = await run_tick(dispatch)
    assert (report.claimed, report.skipped) == (0, 1)
    assert sender.questions == []
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"skipped": 1}
    clock.set(SLOT + timedelta(days=1))
    assert (await run_tick(dispatch)).claimed == 1


def process(pid: int, host: str = "here") -> Owner:
    """The identity of a process `pid` on `host` that is still running."""
    return Owner(host=host, pid=pid, alive=lambda _pid: True)


async def test_two_schedulers_on_one_database_send_each_once(engine, clock, sender):
    await subscribed_before_the_slot(engine, clock, 20)
    first = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(101))
    second = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(102))
    a, b = await first.tick(), await second.tick()
    await first.drain()
    await second.drain()
    assert a.claimed + b.claimed == 20
    assert sorted(chat for chat, _ in sender.questions) == sorted(str(i) for i in range(20))


async def test_a_process_on_another_host_waits_for_dead_claims_to_go_stale(
    engine, clock, sender, db
):
    await subscribed_before_the_slot(engine, clock, 10)
    crashed = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(7, "old-host"))
    report = await crashed.tick()
    assert report.claimed == 10
    await crashed.close()  # the process dies with deliveries still claimed
    assert len(sender.questions) < 10
    async with db.transaction() as session:
        jobs = [await session.run_sync(deliveries.job, i) for i in report.ids]
    unsent = [j for j in jobs if j.state == "claimed"]
    assert unsent
    # Whether a process on another host still runs cannot be seen: its claims must go stale.
    restarted = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(7, "new-host"))
    clock.advance(minutes=5)
    assert (await run_tick(restarted)).reclaimed == 0  # claims are still fresh
    clock.advance(minutes=10)
    again = await run_tick(restarted)
    assert again.reclaimed == len(unsent)
    chats = [chat for chat, _ in sender.questions]
    assert sorted(chats) == sorted(str(i) for i in range(10))  # nothing lost, nothing doubled
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 10}


async def test_a_message_that_went_out_before_the_crash_is_not_sent_again(
    engine, clock, sender, db
):
    clock.set(SLOT - timedelta(hours=1))
    await subscribe(engine, clock, 1)
    clock.set(SLOT)
    crashed = DailyDispatch(engine, {"telegram": sender}, clock)
    report = await crashed.tick()
    await crashed.close()
    async with db.transaction() as session:
        # As if the platform had accepted the message and the process died right after.
        from sqlalchemy import update

        from storage.models import Delivery

        await session.execute(
            update(Delivery).where(Delivery.id == report.ids[0]).values(message_ref="m-early")
        )
    clock.advance(minutes=30)
    before = list(sender.questions)
    await run_tick(DailyDispatch(engine, {"telegram": sender}, clock))
    assert sender.questions == before
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 1}


async def test_blocked_learner_is_unsubscribed(engine, clock, sender, dispatch, db):
    clock.set(SLOT - timedelta(hours=1))
    await subscribe(engine, clock, 1)
    sender.unreachable.add("1")
    clock.set(SLOT)
    await run_tick(dispatch)
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"failed": 1}
    clock.set(SLOT + timedelta(days=1))
    assert (await run_tick(dispatch)).claimed == 0


async def test_cancelled_while_its_slot_is_processed(engine, clock, sender, db):
    clock.set(SLOT - timedelta(hours=1))
    learner, chat = await subscribe(engine, clock, 1)
    clock.set(SLOT)
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock)
    report = await dispatch.tick()  # claimed; sending starts in the background
    await engine.profiles.set_daily(learner, chat, None, None)
    await dispatch.drain()
    async with db.transaction() as session:
        job = await session.run_sync(deliveries.job, report.ids[0])
    assert job.state in ("sent", "skipped")  # never both, never twice
    assert len(sender.questions) == (1 if job.state == "sent" else 0)


async def test_changed_time_is_used_from_the_next_slot(engine, clock, sender, dispatch):
    clock.set(SLOT - timedelta(hours=1))
    learner, chat = await subscribe(engine, clock, 1)
    await engine.profiles.set_daily(learner, chat, "09:00", None)
    clock.set(SLOT)
    assert (await run_tick(dispatch)).claimed == 0
    clock.set(SLOT + timedelta(minutes=30))
    assert (await run_tick(dispatch)).claimed == 1


async def test_channel_gets_yesterdays_result_and_mondays_board(engine, clock, sender):
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock)
    group = ChatRef("telegram", "", "-100", is_group=True, title="g")
    admin = LearnerRef("telegram", "", "9", "Admin")
    clock.set(SLOT - timedelta(hours=1))
    await engine.profiles.set_daily(admin, group, "08:30", None)
    clock.set(SLOT)  # Wednesday in Tokyo
    await run_tick(dispatch)
    instance = sender.questions[0]
    assert instance[0] == "-100"
    async with engine.db.transaction() as session:
        first_id = (await session.run_sync(deliveries.job, 1)).instance_id
    q = await engine.view(first_id)
    right = engine.catalog.questions[q.question_key].answer
    for i, ok in enumerate([True, False, True]):
        member = LearnerRef("telegram", "", str(100 + i), f"m{i}")
        await engine.answer(member, group, first_id, right if ok else (right + 1) % 2)
    clock.advance(days=1)
    await run_tick(dispatch)
    assert sender.summaries == [("-100", "m1", 3, ("m0", "m2"))]
    assert sender.boards == []
    clock.set(SLOT + timedelta(days=5))  # Monday in Tokyo
    await run_tick(dispatch)
    assert sender.boards == ["-100"]


async def test_only_platforms_with_a_sender_are_claimed(engine, clock, sender):
    clock.set(SLOT - timedelta(hours=1))
    await engine.profiles.set_daily(
        LearnerRef("slack", "T1", "U1", "u"), ChatRef("slack", "T1", "C1", True), "08:30", None
    )
    clock.set(SLOT)
    assert (await run_tick(DailyDispatch(engine, {"telegram": sender}, clock))).claimed == 0


class GatedSender(RecordingSender):
    """A platform that holds every send until the gate opens."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def send_question(self, chat, view, lang):
        await self.gate.wait()
        return await super().send_question(chat, view, lang)


async def test_people_keep_answering_while_a_fan_out_waits_on_the_platform(engine, clock, db):
    await subscribed_before_the_slot(engine, clock, 200)
    sender = GatedSender()
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock, concurrency=8)
    before = len(asyncio.all_tasks())
    assert (await dispatch.tick()).claimed == 200
    for _ in range(50):
        await asyncio.sleep(0)
    # A fixed set of tasks works through the fan-out, not one per delivery.
    assert len(asyncio.all_tasks()) - before <= 8 + 2
    someone, their_chat = person(999)
    shown = await asyncio.wait_for(engine.next_question(someone, their_chat), 5)
    result = await asyncio.wait_for(engine.answer(someone, their_chat, shown.instance_id, 0), 5)
    assert result.status in (AnswerStatus.CORRECT, AnswerStatus.WRONG)
    sender.gate.set()
    await dispatch.drain()
    assert sorted(int(chat) for chat, _ in sender.questions) == list(range(200))
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 200}


async def test_a_delivery_that_cannot_be_prepared_does_not_hold_up_the_rest(
    engine, clock, sender, db, monkeypatch
):
    await subscribed_before_the_slot(engine, clock, 5)
    original = engine.asking.ask
    async with db.transaction() as session:
        broken_learner = (await session.run_sync(learners.find_learner, "telegram", "", "3")).id

    def ask(session, chat_id, learner_id, **kwargs):
        if learner_id == broken_learner:
            raise RuntimeError("a broken row")
        return original(session, chat_id, learner_id, **kwargs)

    monkeypatch.setattr(engine.asking, "ask", ask)
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock)
    await run_tick(dispatch)
    assert len(sender.questions) == 4
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 4, "claimed": 1}
    # Mended, the left-over claim is retried once it goes stale, and sent once.
    monkeypatch.setattr(engine.asking, "ask", original)
    clock.advance(minutes=11)
    assert (await run_tick(dispatch)).reclaimed == 1
    assert sorted(chat for chat, _ in sender.questions) == [str(i) for i in range(5)]


async def test_outcomes_are_recorded_after_the_database_fails_once(
    engine, clock, sender, db, monkeypatch
):
    await subscribed_before_the_slot(engine, clock, 3)
    original = deliveries.finish_many
    failures = []

    def finish_many(session, outcomes, now):
        if not failures:
            failures.append(len(outcomes))
            raise OSError("disk I/O error")
        return original(session, outcomes, now)

    monkeypatch.setattr(deliveries, "finish_many", finish_many)
    dispatch = DailyDispatch(engine, {"telegram": sender}, clock)
    dispatch.pipeline.record_backoff = 0
    await run_tick(dispatch)
    assert failures and len(sender.questions) == 3  # each sent once, not again
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 3}


async def test_a_restarted_process_takes_over_its_dead_claims_at_once(engine, clock, sender, db):
    await subscribed_before_the_slot(engine, clock, 10)
    crashed = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(7))
    report = await crashed.tick()
    await crashed.close()  # killed with deliveries still claimed
    sent_before = len(sender.questions)
    assert sent_before < 10
    # Restarted on the same host, where pid 7 no longer runs: its claims are dead.
    restarted_owner = Owner(host="here", pid=8, alive=lambda pid: pid != 7)
    restarted = DailyDispatch(engine, {"telegram": sender}, clock, owner=restarted_owner)
    again = await run_tick(restarted)  # no time has passed: the claims are fresh, but dead
    assert again.reclaimed == len(report.ids) - sent_before
    chats = [chat for chat, _ in sender.questions]
    assert sorted(chats) == sorted(str(i) for i in range(10))  # nothing lost, nothing doubled
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 10}


async def test_a_container_restarted_under_the_same_pid_takes_over_at_once(
    engine, clock, sender, db
):
    await subscribed_before_the_slot(engine, clock, 10)
    crashed = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(1))
    await crashed.tick()
    await crashed.close()
    restarted = DailyDispatch(engine, {"telegram": sender}, clock, owner=process(1))
    await run_tick(restarted)
    assert sorted(chat for chat, _ in sender.questions) == sorted(str(i) for i in range(10))
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 10}


async def test_a_failed_send_goes_again_at_the_next_tick(engine, clock, sender, dispatch, db):
    await subscribed_before_the_slot(engine, clock, 3)
    sender.fail_times = 2  # the platform fails the first two sends of each chat
    await run_tick(dispatch)
    assert sender.questions == []
    clock.advance(minutes=1)
    await run_tick(dispatch)
    assert sender.questions == []
    clock.advance(minutes=1)
    await run_tick(dispatch)
    assert sorted(chat for chat, _ in sender.questions) == ["0", "1", "2"]
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 3}
