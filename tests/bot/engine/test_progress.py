"""The progress report's numbers against hand-computed ones: answers per local day, readiness
from FSRS retrievability (unseen questions count 0), an exam date, and what /quiz asks then."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.support.people import ALICE, BOB, GROUP, PRIVATE, ask

# FSRS-6 defaults: a first answer rated Good gives stability w2 days, Again w0 days; recall
# after t whole days is (1 + F·t/S)^(−w20) with F = 0.9^(−1/w20) − 1.
W0, W2, W20 = 0.212, 2.3065, 0.1542
F = 0.9 ** (-1 / W20) - 1


def recall(days: int, stability: float) -> float:
    return (1 + F * days / stability) ** -W20


async def answer(engine, question, right: bool, who=ALICE, chat=PRIVATE):
    wanted = engine.catalog.questions[question.question_key].answer
    option = wanted if right else (wanted + 1) % len(question.options)
    return await engine.answer(who, chat, question.instance_id, option)


async def test_nobody_yet_gets_an_empty_report(engine):
    report = await engine.progress.of_learner(ALICE)
    assert report.empty and report.answers == 0
    assert report.days[0].day.weekday() == 0 and report.days[-1].day == date(2026, 11, 25)
    assert len(report.days) == 25 * 7 + 3  # 25 whole weeks and Mon–Wed of this one
    assert [t.now for t in report.topics] == [0.0, 0.0, 0.0]


async def test_answers_count_on_the_learners_local_day(engine, clock):
    await engine.profiles.set_timezone(ALICE, "America/New_York")
    clock.set(datetime(2026, 11, 25, 4, 30, tzinfo=UTC))  # 23:30 on 24 Nov in New York
    await answer(engine, await ask(engine), True)
    clock.advance(hours=1)  # 00:30 on 25 Nov there
    await answer(engine, await ask(engine), True)
    await answer(engine, await ask(engine), False)
    days = {d.day: d.answers for d in (await engine.progress.of_learner(ALICE)).days}
    assert days[date(2026, 11, 24)] == 1 and days[date(2026, 11, 25)] == 2
    assert sum(days.values()) == 3


async def test_readiness_is_mean_fsrs_recall_with_unseen_at_zero(engine, clock):
    q1 = await ask(engine)  # queues/q-queue-1
    await answer(engine, q1, True)
    s1 = await ask(engine)  # streams/q-stream-1
    await answer(engine, s1, False)
    clock.advance(days=10)
    report = await engine.progress.of_learner(ALICE)
    topics = {t.id: t for t in report.topics}
    assert topics["queues"].now == pytest.approx(recall(10, W2) / 2)
    assert topics["streams"].now == pytest.approx(recall(10, W0) / 2)
    assert topics["storage"].now == 0.0
    assert [t.id for t in report.topics] == ["storage", "streams", "queues"]  # weakest first
    assert report.readiness == pytest.approx((recall(10, W2) + recall(10, W0)) / 5)
    assert (topics["queues"].mastery, topics["streams"].mastery) == (0.5, 0.0)
    assert report.exam is None and topics["queues"].on_exam is None


async def test_an_exam_date_predicts_readiness_on_the_day(engine, clock):
    await answer(engine, await ask(engine), True)  # q-queue-1 at 09:00, 25 Nov (Tokyo)
    setting = await engine.progress.set_exam(ALICE, date(2026, 12, 6))
    assert (setting.status, setting.days_left) == ("set", 11)
    report = await engine.progress.of_learner(ALICE)
    # Exam day starts at 00:00 on 6 Dec in Tokyo: 10 whole days and 15 hours after the answer.
    assert report.exam is not None and report.exam.days_left == 11
    queues = next(t for t in report.topics if t.id == "queues")
    assert queues.now == pytest.approx(0.5)  # reviewed today: recall 1, one of two questions
    assert queues.on_exam == pytest.approx(recall(10, W2) / 2)
    assert report.exam.readiness == pytest.approx(recall(10, W2) / 5)
    stats = await engine.stats(ALICE)
    assert stats.days_to_exam == 11
    clock.set(datetime(2026, 12, 6, 15, 0, tzinfo=UTC))  # the exam is over in Tokyo
    assert (await engine.stats(ALICE)).days_to_exam is None
    assert (await engine.progress.of_learner(ALICE)).exam is None


async def test_exam_dates_refused_and_repeated(engine, clock):
    assert (await engine.progress.set_exam(ALICE, date(2026, 11, 24))).status == "past"
    assert (await engine.progress.exam(ALICE)).status == "none"
    assert (await engine.progress.set_exam(ALICE, date(2026, 11, 25))).days_left == 0
    again = await engine.progress.set_exam(ALICE, date(2026, 11, 25))
    assert again.status == "same"
    moved = await engine.progress.set_exam(ALICE, date(2027, 1, 5))
    assert (moved.status, moved.previous, moved.days_left) == ("moved", date(2026, 11, 25), 41)
    assert (await engine.progress.set_exam(ALICE, None)).status == "off"
    assert (await engine.progress.set_exam(ALICE, None)).status == "none"


async def test_with_an_exam_ahead_nothing_due_asks_from_the_weakest_topic(engine, clock):
    for right in (True, False, True):  # q-queue-1 right, q-stream-1 wrong, q-storage-1 right
        await answer(engine, await ask(engine), right)
    # Nothing is due (the next learning steps are minutes away): deck order asks q-queue-2.
    assert (await ask(engine)).question_key == "mini/q-queue-2"
    await engine.progress.set_exam(ALICE, date(2026, 12, 20))
    # On exam day streams (one Again of two) is weakest, below queues (one Good of two).
    aimed = await ask(engine)
    assert (aimed.question_key, aimed.reason) == ("mini/q-stream-2", "exam")
    clock.advance(minutes=2)  # q-stream-1's relearning step is due: due cards still come first
    assert (await ask(engine)).reason == "due"


async def test_a_channel_with_nothing_new_asks_from_its_weakest_topic(engine, clock):
    posted = [await ask(engine, BOB, GROUP) for _ in range(5)]  # every question, deck order
    by_key = {q.question_key: q for q in posted}
    for key in ("mini/q-queue-1", "mini/q-queue-2", "mini/q-stream-1", "mini/q-stream-2"):
        await answer(engine, by_key[key], True, who=ALICE, chat=GROUP)
        await answer(engine, by_key[key], key.endswith("1"), who=BOB, chat=GROUP)
    # Longest ago would be q-queue-1; nobody has answered storage, so it comes next.
    assert (await ask(engine, BOB, GROUP)).question_key == "mini/q-storage-1"
    team = await engine.progress.of_chat(GROUP)
    assert team.members == 2 and team.streak is None
    assert team.topics[0].id == "storage"
    assert team.topics[0].now == 0.0
    queues = next(t for t in team.topics if t.id == "queues")
    assert queues.now == pytest.approx(1.0)  # all four (member, question) pairs just reviewed
    assert queues.mastery == pytest.approx(3 / 4)
    assert team.days[-1].answers == 8
