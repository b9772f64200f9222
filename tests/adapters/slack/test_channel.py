"""A team studying in a channel: /quiz, buttons, private results, the tally, the leaderboard."""

from __future__ import annotations

from tests.support.slack import CHANNEL, answer_buttons


async def test_three_members_answer_and_the_leaderboard_ranks_them(slack):
    status, _ = await slack.command("U1")
    assert status == 200
    question = await slack.next_post()
    blocks = question.params["blocks"]
    assert len(blocks) <= 50
    assert "*Queues and topics*" in blocks[0]["text"]["text"]
    buttons = answer_buttons(question.params)
    assert [a for a, _ in buttons] == ["answer_0", "answer_1", "answer_2", "answer_3"]
    ts = question.result["ts"]

    choices = {"U1": 0, "U2": 1, "U3": 0}
    for user, choice in choices.items():
        action_id, value = buttons[choice]
        status, _ = await slack.click(user, CHANNEL, ts, action_id, value)
        assert status == 200
        private = await slack.next_private()
        assert private["user"] == user
        assert ("✅ 正解！" if choice == 0 else "❌ 不正解") in str(private["blocks"])
        assert "SQS is a queue" in str(private["blocks"])
    updates = await slack.fake.wait_for("chat.update", 3, channel=CHANNEL, ok=True)
    tally = updates[-1].params["blocks"][-1]["elements"][0]["text"]
    assert "👥 回答 3 人" in tally and "Ann, Ben, Cy" in tally
    stored = slack.fake.messages[(CHANNEL, ts)]
    assert answer_buttons(stored) == buttons  # the buttons stay for the others

    # A second click counts nothing.
    await slack.click("U1", CHANNEL, ts, *buttons[1])
    again = await slack.next_private()
    assert "もう回答済み" in str(again)

    await slack.command("U2", "leaderboard")
    board = await slack.next_post()
    text = str(board.params["blocks"])
    assert text.index("1. Ann — 1 点") < text.index("2. Cy — 1 点") < text.index("3. Ben — 0 点")
    assert "正答率 100%" in text and "🔥1" in text


async def test_personal_commands_reply_privately(slack):
    await slack.command("U1", "stats")
    assert "回答数: 0" in (await slack.next_private())["text"]
    await slack.command("U1", "topics")
    assert "queues — Queues and topics" in (await slack.next_private())["text"]
    await slack.command("U1", "help")
    assert "/quiz leaderboard" in (await slack.next_private())["text"]
    await slack.command("U1", "lang en")
    assert (await slack.next_private())["text"] == "Interface language set to English."
    await slack.command("U1", "stats")
    assert "Answered: 0" in (await slack.next_private())["text"]


async def test_topic_restricts_the_question(slack):
    await slack.command("U1", "storage")
    assert "*Object storage*" in (await slack.next_post()).params["blocks"][0]["text"]["text"]


async def test_daily_subscribes_the_channel_in_the_setters_time_zone(slack, engine):
    slack.fake.add_user("U9", "nyc", real_name="Nia", tz="America/New_York")
    slack.fake.users["U9"]["is_admin"] = True  # channel settings: workspace admins only
    await slack.command("U9", "daily 9:00")
    confirmation = await slack.next_post()
    assert "毎日 09:00（America/New_York）" in confirmation.params["text"]
    from bot.engine.views import LearnerRef

    data = await engine.profiles.export(LearnerRef("slack", "T0TEAM", "U9"))
    assert data["subscriptions"] == [
        {"chat": CHANNEL, "local_time": "09:00", "timezone": "America/New_York", "active": True}
    ]


async def test_learners_are_scoped_by_team(slack, engine):
    from bot.engine.views import LearnerRef

    await slack.command("U1")
    question = await slack.next_post()
    await slack.click("U1", CHANNEL, question.result["ts"], *answer_buttons(question.params)[0])
    await slack.next_private()
    assert (await engine.stats(LearnerRef("slack", "T0TEAM", "U1"))).answered == 1
    assert (await engine.stats(LearnerRef("slack", "T0OTHER", "U1"))).answered == 0
