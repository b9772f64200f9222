"""Leaderboards: points per chat for right answers, this week and all time, ties by arrival."""

from __future__ import annotations

from datetime import date

from bot.engine.views import LearnerRef
from tests.support.people import GROUP, ask

MEMBERS = [LearnerRef("telegram", "", str(i), name) for i, name in enumerate(["Ann", "Ben", "Cy"])]


async def post_and_answer(engine, answers: dict[LearnerRef, bool]) -> None:
    q = await ask(engine, chat=GROUP)
    right = engine.catalog.questions[q.question_key].answer
    for member, correct in answers.items():
        option = right if correct else (right + 1) % len(q.options)
        await engine.answer(member, GROUP, q.instance_id, option)


async def test_three_members_ranked_by_points(engine, clock):
    ann, ben, cy = MEMBERS
    await post_and_answer(engine, {ann: True, ben: True, cy: False})
    clock.advance(minutes=1)
    await post_and_answer(engine, {ben: True, ann: False, cy: True})
    clock.advance(minutes=1)
    await post_and_answer(engine, {ben: True, cy: True, ann: True})
    board = await engine.leaderboard(GROUP)
    assert [(r.rank, r.name, r.points) for r in board.all_time] == [
        (1, "Ben", 3),
        (2, "Ann", 2),
        (3, "Cy", 2),
    ]
    assert board.all_time[1].accuracy == 2 / 3
    assert board.week == board.all_time


async def test_tie_goes_to_who_got_there_first(engine, clock):
    ann, ben, _ = MEMBERS
    q = await ask(engine, chat=GROUP)
    right = engine.catalog.questions[q.question_key].answer
    await engine.answer(ben, GROUP, q.instance_id, right)
    clock.advance(seconds=5)
    await engine.answer(ann, GROUP, q.instance_id, right)
    board = await engine.leaderboard(GROUP)
    assert [r.name for r in board.all_time] == ["Ben", "Ann"]


async def test_week_starts_monday_in_the_chats_time_zone(engine, clock):
    ann, ben, _ = MEMBERS
    # Sunday 23:00 in Tokyo (Sunday 14:00 UTC): last week.
    clock.set(clock.now().replace(day=29, hour=14))
    await post_and_answer(engine, {ann: True})
    # Two hours later it is Monday in Tokyo: a new week.
    clock.advance(hours=2)
    await post_and_answer(engine, {ben: True})
    board = await engine.leaderboard(GROUP)
    assert board.week_start == date(2026, 11, 30)
    assert [r.name for r in board.week] == ["Ben"]
    assert [r.name for r in board.all_time] == ["Ann", "Ben"]


async def test_my_row_is_shown_when_outside_the_top(engine, clock):
    crowd = [LearnerRef("telegram", "", f"u{i}", f"user{i}") for i in range(4)]
    await post_and_answer(engine, dict.fromkeys(crowd, True))
    board = await engine.leaderboard(GROUP, crowd[3], limit=2)
    assert [r.name for r in board.all_time] == ["user0", "user1"]
    assert board.my_all_time is not None
    assert (board.my_all_time.rank, board.my_all_time.name) == (4, "user3")


async def test_display_name_is_refreshed(engine):
    ann = MEMBERS[0]
    await post_and_answer(engine, {ann: True})
    renamed = LearnerRef(ann.platform, ann.workspace, ann.user_id, "Annie")
    await post_and_answer(engine, {renamed: True})
    board = await engine.leaderboard(GROUP)
    assert [(r.name, r.points) for r in board.all_time] == [("Annie", 2)]


async def test_empty_chat_has_empty_boards(engine):
    board = await engine.leaderboard(GROUP)
    assert board.week == () and board.all_time == ()
