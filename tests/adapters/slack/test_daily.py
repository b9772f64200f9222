"""The question of the day in a Slack channel, through the real adapter and the fake Web API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.daily.dispatch import DailyDispatch
from storage import deliveries
from tests.support.slack import CHANNEL, answer_buttons

SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 08:30 in Tokyo (Ann's zone)


async def test_channel_question_then_yesterdays_result_in_the_thread(slack, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    slack.fake.users["U1"]["is_admin"] = True  # channel settings: workspace admins only
    await slack.command("U1", "daily 08:30")
    await slack.next_post()
    dispatch = DailyDispatch(engine, {"slack": slack.adapter.daily_sender}, clock)
    clock.set(SLOT)
    await dispatch.tick()
    await dispatch.drain()
    question = await slack.next_post()
    assert "📅 今日の問題" in str(question.params["blocks"])
    ts = question.result["ts"]
    await slack.click("U2", CHANNEL, ts, *answer_buttons(question.params)[0])
    await slack.next_private()

    clock.advance(days=1)
    await dispatch.tick()
    await dispatch.drain()
    posts = await slack.fake.wait_for("chat.postMessage", 4, channel=CHANNEL, ok=True)
    thread = [c for c in posts if c.params.get("thread_ts") == ts]
    assert len(thread) == 1
    assert "1 人が回答" in thread[0].params["text"] and "Ben" in thread[0].params["text"]
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 2}


async def test_channel_the_app_was_removed_from_is_unsubscribed(slack, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    slack.fake.users["U1"]["is_admin"] = True  # channel settings: workspace admins only
    await slack.command("U1", "daily 08:30")
    await slack.next_post()
    slack.fake.remove_channel(CHANNEL)
    dispatch = DailyDispatch(engine, {"slack": slack.adapter.daily_sender}, clock)
    clock.set(SLOT)
    await dispatch.tick()
    await dispatch.drain()
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"failed": 1}
    clock.advance(days=1)
    assert (await dispatch.tick()).claimed == 0
