"""Learner settings and data: daily time, time zone, export, forget."""

from __future__ import annotations

from bot.engine.views import ChatRef, LearnerRef
from tests.support.people import ask

TG_ANN = LearnerRef("telegram", "", "42", "Ann")
TG_ANN_CHAT = ChatRef("telegram", "", "42")
GROUP = ChatRef("telegram", "", "-100", is_group=True)


async def test_daily_uses_the_learners_zone_and_follows_it(engine):
    profiles = engine.profiles
    setting = await profiles.set_daily(TG_ANN, TG_ANN_CHAT, "08:30", None)
    assert (setting.local_time, setting.timezone) == ("08:30", "Asia/Tokyo")
    await profiles.set_timezone(TG_ANN, "Europe/Berlin")
    data = await profiles.export(TG_ANN)
    assert data["subscriptions"] == [
        {"chat": "42", "local_time": "08:30", "timezone": "Europe/Berlin", "active": True}
    ]
    off = await profiles.set_daily(TG_ANN, TG_ANN_CHAT, None, None)
    assert off.local_time is None
    assert (await profiles.export(TG_ANN))["subscriptions"][0]["active"] is False


async def test_channel_daily_takes_the_given_zone(engine, clock):
    setting = await engine.profiles.set_daily(TG_ANN, GROUP, "09:00", "America/New_York")
    assert setting.timezone == "America/New_York"
    # Monday 03:00 UTC is still Sunday 22:00 in New York: the week began on the 23rd there.
    clock.set(clock.now().replace(day=30, hour=3))
    board = await engine.leaderboard(GROUP)
    assert board.week_start.isoformat() == "2026-11-23"


async def test_export_holds_answers_cards_and_scores(engine):
    q = await ask(engine, TG_ANN, TG_ANN_CHAT)
    await engine.answer(TG_ANN, TG_ANN_CHAT, q.instance_id, 0)
    data = await engine.profiles.export(TG_ANN)
    assert data["learner"]["display_name"] == "Ann"
    assert [a["question_key"] for a in data["answers"]] == [q.question_key]
    assert [c["question_key"] for c in data["cards"]] == [q.question_key]
    assert {s["period"] for s in data["scores"]} >= {"all"}


async def test_forget_deletes_everything(engine):
    q = await ask(engine, TG_ANN, TG_ANN_CHAT)
    await engine.answer(TG_ANN, TG_ANN_CHAT, q.instance_id, 0)
    await engine.profiles.set_daily(TG_ANN, TG_ANN_CHAT, "07:00", None)
    assert await engine.profiles.forget(TG_ANN, TG_ANN_CHAT) is True
    assert await engine.profiles.export(TG_ANN) == {}
    assert (await engine.stats(TG_ANN)).answered == 0
    # The old button now points at nothing.
    result = await engine.answer(TG_ANN, TG_ANN_CHAT, q.instance_id, 0)
    assert result.status.value == "unknown_question"
    assert await engine.profiles.forget(TG_ANN, TG_ANN_CHAT) is False


async def test_language_and_reachability(engine):
    assert await engine.profiles.language(TG_ANN) is None
    assert await engine.profiles.set_language(TG_ANN, "en")
    assert not await engine.profiles.set_language(TG_ANN, "fr")
    assert await engine.profiles.language(TG_ANN) == "en"
    await engine.profiles.set_reachable(TG_ANN, False)
    assert (await engine.profiles.export(TG_ANN))["learner"]["active"] is False
