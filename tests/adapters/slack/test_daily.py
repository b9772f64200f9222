"""The question of the day in a Slack channel, through the real adapter and the fake Web API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.scheduler import DailyScheduler
from storage import deliveries
from tests.adapters.slack.conftest import CHANNEL, answer_buttons

SLOT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # 08:30 in Tokyo (Ann's zone)


async def test_channel_question_then_yesterdays_result_in_the_thread(slack, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    await slack.command("U1", "daily 08:30")
    await slack.posted(1)
    scheduler = DailyScheduler(engine, {"slack": slack.adapter.daily_sender}, clock)
    clock.set(SLOT)
    await scheduler.tick()
    await scheduler.drain()
    question = await slack.posted(2)
    assert "📅 今日の問題" in str(question.params["blocks"])
    ts = question.result["ts"]
    await slack.click("U2", CHANNEL, ts, *answer_buttons(question.params)[0])
    await slack.said_privately(1)

    clock.advance(days=1)
    await scheduler.tick()
    await scheduler.drain()
    posts = await slack.fake.wait_for("chat.postMessage", 4, channel=CHANNEL, ok=True)
    thread = [c for c in posts if c.params.get("thread_ts") == ts]
    assert len(thread) == 1
    assert "1 人が回答" in thread[0].params["text"] and "Ben" in thread[0].params["text"]
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"sent": 2}


async def test_channel_the_app_was_removed_from_is_unsubscribed(slack, engine, clock, db):
    clock.set(SLOT - timedelta(hours=1))
    await slack.command("U1", "daily 08:30")
    await slack.posted(1)
    slack.fake.remove_channel(CHANNEL)
    scheduler = DailyScheduler(engine, {"slack": slack.adapter.daily_sender}, clock)
    clock.set(SLOT)
    await scheduler.tick()
    await scheduler.drain()
    async with db.transaction() as session:
        assert await session.run_sync(deliveries.states) == {"failed": 1}
    clock.advance(days=1)
    assert (await scheduler.tick()).claimed == 0
