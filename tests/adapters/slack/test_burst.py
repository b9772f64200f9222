"""Two hundred people clicking one channel question within moments: every click is
acknowledged, every person gets their own result, and the channel's tally is updated a few
times only, ending on the true count."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.clock import ManualTime
from tests.support.slack import CHANNEL, answer_buttons

PEOPLE = 200


@pytest.fixture
def slack_time() -> ManualTime:
    return ManualTime()  # pacing stands still unless the test moves it


async def test_two_hundred_clicks_are_acknowledged_and_the_tally_ends_right(slack, slack_time):
    people = [f"UB{n:03d}" for n in range(PEOPLE)]
    for user in people:
        slack.fake.add_user(user, f"Member {user}")
    await slack.command(people[0])
    question = await slack.next_post()
    ts = question.result["ts"]
    buttons = answer_buttons(question.params)

    statuses = await asyncio.gather(
        *(slack.click(user, CHANNEL, ts, *buttons[n % 2]) for n, user in enumerate(people))
    )
    # Every click was acknowledged while the channel's pacing stood still.
    assert [status for status, _ in statuses] == [200] * PEOPLE

    changed = slack.fake._changed
    async with changed:
        await asyncio.wait_for(
            changed.wait_for(lambda: len(slack.fake.ephemeral) >= PEOPLE), timeout=20
        )
    results = {e["user"]: str(e["blocks"]) for e in slack.fake.ephemeral}
    assert set(results) == set(people)  # each person's own result reached them
    assert sum("✅ 正解！" in text for text in results.values()) == PEOPLE // 2

    await slack_time.advance(3.5)
    await asyncio.wait_for(slack.adapter.tallies.settled(), timeout=10)
    updates = slack.fake.sent("chat.update", channel=CHANNEL, ok=True)
    assert len(updates) <= 3
    tally = updates[-1].params["blocks"][-1]["elements"][0]["text"]
    assert f"👥 回答 {PEOPLE} 人" in tally
