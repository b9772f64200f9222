"""Streak freezes (earned every 7 days, at most 2, spent on a missed day) and time-zone changes
that neither break nor double a streak day; numbers worked out by hand in the comments."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.engine import streaks
from tests.support.people import ALICE, PRIVATE, ask

D = date(2026, 11, 25)


async def answer_once(engine) -> int:
    q = await ask(engine)
    return (await engine.answer(ALICE, PRIVATE, q.instance_id, 0)).streak


def test_a_freeze_is_earned_on_every_seventh_day_and_at_most_two_are_held():
    last, current, best, held = None, 0, 0, 0
    earned_on = []
    for i in range(21):
        day = streaks.count_day(last, current, best, D + timedelta(days=i), held)
        if day.held > held:
            earned_on.append(day.current)
        last, current, best, held = day.last, day.current, day.best, day.held
    assert earned_on == [7, 14]  # the 21st day would be a third: two is the most
    assert (current, held) == (21, 2)


def test_missed_days_spend_freezes_only_when_there_are_enough():
    # 10 days of streak, 2 freezes; last answer on the 25th.
    two_missed = streaks.count_day(D, 10, 10, D + timedelta(days=3), 2)
    assert (two_missed.current, two_missed.held) == (11, 0)
    assert two_missed.frozen == (D + timedelta(days=1), D + timedelta(days=2))
    three_missed = streaks.count_day(D, 10, 10, D + timedelta(days=4), 2)
    assert (three_missed.current, three_missed.held, three_missed.frozen) == (1, 2, ())
    assert three_missed.best == 10


async def test_a_missed_day_uses_the_freeze_earned_in_the_first_week(engine, clock):
    for _ in range(7):  # 09:00 Tokyo, 25 Nov … 1 Dec
        await answer_once(engine)
        clock.advance(days=1)
    stats = await engine.stats(ALICE)
    assert (stats.current_streak, stats.freezes_held, stats.freezes_used) == (7, 1, 0)
    clock.advance(days=1)  # 2 Dec goes by without an answer; it is 3 Dec
    waiting = await engine.stats(ALICE)
    # Still alive: the freeze will cover 2 Dec (shown as used, no longer held).
    assert (waiting.current_streak, waiting.freezes_held, waiting.freezes_used) == (7, 0, 1)
    assert (await engine.leaderboard(PRIVATE, ALICE)).all_time[0].streak == 7
    assert await answer_once(engine) == 8
    after = await engine.stats(ALICE)
    assert (after.current_streak, after.freezes_held, after.freezes_used) == (8, 0, 1)
    report = await engine.progress.of_learner(ALICE)
    days = {d.day: d for d in report.days}
    assert days[date(2026, 12, 2)].frozen and days[date(2026, 12, 2)].answers == 0
    assert not days[date(2026, 12, 1)].frozen and days[date(2026, 12, 1)].answers == 1
    assert report.streak is not None and report.streak.freezes_used == 1
    exported = await engine.profiles.export(ALICE)
    assert exported["frozen_days"] == [{"day": date(2026, 12, 2)}]
    assert (exported["learner"]["freezes_held"], exported["learner"]["freezes_used"]) == (0, 1)
    clock.advance(days=3)  # 4 and 5 Dec missed, no freeze left: broken
    assert (await engine.stats(ALICE)).current_streak == 0
    assert await answer_once(engine) == 1
    assert (await engine.stats(ALICE)).best_streak == 8


async def test_going_east_across_midnight_counts_the_day_once(engine, clock):
    await engine.profiles.set_timezone(ALICE, "America/Los_Angeles")
    clock.set(datetime(2026, 11, 26, 4, 0, tzinfo=UTC))  # 20:00 on 25 Nov in Los Angeles
    assert await answer_once(engine) == 1
    clock.advance(minutes=30)
    await engine.profiles.set_timezone(ALICE, "Asia/Tokyo")  # 13:30 on 26 Nov in Tokyo
    assert await answer_once(engine) == 1  # the same day of study, not a second one
    clock.set(datetime(2026, 11, 27, 1, 0, tzinfo=UTC))  # 10:00 on 27 Nov in Tokyo
    assert await answer_once(engine) == 2


async def test_going_east_after_a_day_off_in_the_old_zone_does_not_break(engine, clock):
    await engine.profiles.set_timezone(ALICE, "America/Los_Angeles")
    clock.set(datetime(2026, 11, 24, 18, 0, tzinfo=UTC))  # 10:00 on 24 Nov in Los Angeles
    assert await answer_once(engine) == 1
    # 08:00 on 25 Nov in Los Angeles: nothing missed there yet, but it is 26 Nov in Tokyo.
    clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=UTC))
    await engine.profiles.set_timezone(ALICE, "Asia/Tokyo")
    assert (await engine.stats(ALICE)).current_streak == 1
    assert await answer_once(engine) == 2


async def test_going_west_across_midnight_loses_no_day(engine, clock):
    clock.set(datetime(2026, 11, 25, 15, 30, tzinfo=UTC))  # 00:30 on 26 Nov in Tokyo
    assert await answer_once(engine) == 1
    await engine.profiles.set_timezone(ALICE, "America/Los_Angeles")  # 07:30 on 25 Nov there
    assert await answer_once(engine) == 1  # still the day already counted
    clock.set(datetime(2026, 11, 26, 20, 0, tzinfo=UTC))  # 12:00 on 26 Nov in Los Angeles
    assert await answer_once(engine) == 2
