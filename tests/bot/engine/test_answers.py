"""Answering: one answer per learner and question sent; forged or stale input counts nothing."""

from __future__ import annotations

from bot.engine.views import AnswerStatus, ChatRef, LearnerRef
from tests.support.people import ALICE, BOB, GROUP, PRIVATE, ask

CAROL = LearnerRef("telegram", "", "3", "Carol")
OTHER_GROUP = ChatRef("telegram", "", "-200", is_group=True)


async def test_right_answer_reports_explanation_and_source(engine):
    q = await ask(engine)
    result = await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    assert result.status is AnswerStatus.CORRECT
    assert result.correct_index == 0
    assert result.options[0] == "Amazon SQS"
    assert "SQS is a queue" in result.explanation
    assert (result.source, result.source_section) == ("mini-memo.md", "Queues")
    assert result.streak == 1


async def test_double_tap_counts_once(engine):
    q = await ask(engine)
    first = await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    second = await engine.answer(ALICE, PRIVATE, q.instance_id, 1)
    assert first.status is AnswerStatus.CORRECT
    assert second.status is AnswerStatus.ALREADY_ANSWERED
    stats = await engine.stats(ALICE)
    assert (stats.answered, stats.correct) == (1, 1)


async def test_unknown_instance_records_nothing(engine):
    result = await engine.answer(ALICE, PRIVATE, 999_999, 0)
    assert result.status is AnswerStatus.UNKNOWN_QUESTION
    assert (await engine.stats(ALICE)).answered == 0


async def test_option_out_of_range_records_nothing(engine):
    q = await ask(engine)
    for bad in (-1, len(q.options), 99):
        result = await engine.answer(ALICE, PRIVATE, q.instance_id, bad)
        assert result.status is AnswerStatus.INVALID_OPTION
    assert (await engine.stats(ALICE)).answered == 0
    # The question is still open: a valid answer afterwards counts.
    assert (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).status.counted


async def test_someone_elses_personal_question_is_refused(engine):
    q = await ask(engine, ALICE)
    result = await engine.answer(BOB, PRIVATE, q.instance_id, 0)
    assert result.status is AnswerStatus.NOT_ALLOWED
    assert (await engine.stats(BOB)).answered == 0
    assert (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).status.counted


async def test_another_chats_question_is_refused(engine):
    q = await ask(engine, chat=GROUP)
    result = await engine.answer(CAROL, OTHER_GROUP, q.instance_id, 0)
    assert result.status is AnswerStatus.NOT_ALLOWED
    assert (await engine.stats(CAROL)).answered == 0


async def test_question_removed_from_deck_is_retired(engine, catalog):
    q = await ask(engine)
    del catalog.questions[q.question_key]
    result = await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    assert result.status is AnswerStatus.RETIRED
    assert (await engine.stats(ALICE)).answered == 0


async def test_group_members_each_answer_once(engine):
    q = await ask(engine, chat=GROUP)
    members = [LearnerRef("telegram", "", str(i), f"m{i}") for i in range(3)]
    counts = [(await engine.answer(m, GROUP, q.instance_id, 0)).answer_count for m in members]
    assert counts == [1, 2, 3]
    again = await engine.answer(members[0], GROUP, q.instance_id, 0)
    assert again.status is AnswerStatus.ALREADY_ANSWERED


async def test_streak_counts_local_days(engine, clock):
    # 23:30 in Tokyo, then 00:30 the next Tokyo day: two days of practice, one hour apart.
    clock.set(clock.now().replace(hour=14, minute=30))
    q = await ask(engine)
    assert (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).streak == 1
    clock.advance(hours=1)
    q = await ask(engine)
    assert (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).streak == 2
    stats = await engine.stats(ALICE)
    assert (stats.current_streak, stats.best_streak) == (2, 2)


async def test_missed_day_resets_current_streak_but_keeps_best(engine, clock):
    for _ in range(3):
        q = await ask(engine)
        await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
        clock.advance(days=1)
    assert (await engine.stats(ALICE)).current_streak == 3
    clock.advance(days=1)  # a whole local day without an answer
    stats = await engine.stats(ALICE)
    assert (stats.current_streak, stats.best_streak) == (0, 3)
    q = await ask(engine)
    assert (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).streak == 1


async def test_stats_count_due_cards(engine, clock):
    q = await ask(engine)
    await engine.answer(ALICE, PRIVATE, q.instance_id, 3)  # wrong: due again in a minute
    assert (await engine.stats(ALICE)).due_now == 0
    clock.advance(minutes=5)
    stats = await engine.stats(ALICE)
    assert stats.due_now == 1
    assert (stats.answered, stats.correct, stats.reviewed_cards) == (1, 0, 1)


async def test_topics_report_mastery(engine):
    q = await ask(engine, topic="queues")
    await engine.answer(
        ALICE, PRIVATE, q.instance_id, engine.catalog.questions[q.question_key].answer
    )
    topics = {t.id: t for t in await engine.topics(ALICE)}
    assert topics["queues"].questions == 2
    assert topics["queues"].mastered == 1
    assert topics["queues"].mastery == 0.5
    assert topics["streams"].mastery == 0.0


async def test_the_learners_chosen_language_comes_back_with_the_answer(engine):
    q = await ask(engine)
    first = await engine.answer(ALICE, PRIVATE, q.instance_id, 0)
    assert first.language is None  # never chose one: the adapter uses the client's
    await engine.profiles.set_language(ALICE, "en")
    again = await engine.answer(ALICE, PRIVATE, q.instance_id, 1)
    assert again.status is AnswerStatus.ALREADY_ANSWERED and again.language == "en"
    group_q = await ask(engine, BOB, GROUP)
    await engine.profiles.set_language(BOB, "ja")
    assert (await engine.answer(BOB, GROUP, group_q.instance_id, 0)).language == "ja"
