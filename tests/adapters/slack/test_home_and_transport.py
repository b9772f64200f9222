"""App Home, the DM quiz, 429s from the Web API, /healthz and the real `studybot run`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from bot.engine.views import LearnerRef
from tests.fakes.slack_api import FakeSlackApi
from tests.support.slack import CHANNEL, SECRET, answer_buttons

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


async def test_app_home_shows_progress_and_starts_a_dm_quiz(slack, engine):
    await slack.command("U1")
    question = await slack.next_post()
    await slack.click("U1", CHANNEL, question.result["ts"], *answer_buttons(question.params)[0])
    await slack.next_private()

    status, _ = await slack.fake.event(slack.url, SECRET, slack.fake.app_home_opened("U1"))
    assert status == 200
    await slack.fake.wait_for("views.publish", 1, ok=True)
    view = slack.fake.home_views["U1"]
    text = str(view["blocks"])
    assert "回答数: 1" in text and "連続学習: 1 日" in text
    assert "Queues and topics: 1/2" in text
    assert len(view["blocks"]) <= 50

    await slack.click("U1", "U1", "", "home_quiz", "start", message={})
    dm_question = (await slack.fake.wait_for("chat.postMessage", 2, ok=True))[-1]
    dm = dm_question.result["channel"]
    assert dm.startswith("D")
    # In the DM the question is personal: answering turns the message into the result.
    buttons = answer_buttons(dm_question.params)
    await slack.click("U1", dm, dm_question.result["ts"], *buttons[1])
    update = (await slack.fake.wait_for("chat.update", 1, channel=dm, ok=True))[-1]
    # Streams is the next new topic for Ann; option 2 (Amazon Data Firehose) is right.
    assert "✅ 正解！" in str(update.params["blocks"])
    assert "Amazon Data Firehose" in str(update.params["blocks"])
    assert any(b.get("block_id") == "next" for b in update.params["blocks"])
    assert (await engine.stats(LearnerRef("slack", "T0TEAM", "U1"))).answered == 2


async def test_a_429_loses_no_message(slack):
    slack.fake.fail_next("chat.postMessage", retry_after=7, times=2)
    await slack.command("U1")
    question = await slack.next_post()
    assert "Queues and topics" in str(question.params["blocks"])
    assert len(slack.fake.sent("chat.postMessage", ok=False)) == 2
    assert slack.adapter.outbox.retry.retries == 2
    assert slack.time.slept.count(7.0) == 2


async def test_channel_posts_are_paced(slack):
    for _ in range(5):
        await slack.command("U1")
    await slack.posted(5)
    # Three at once, then one a second on average: the fourth and fifth waited.
    assert sum(slack.time.slept) >= 3.0


async def test_healthz(slack):
    url = slack.url.replace("/slack/events", "/healthz")
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def listening(process) -> None:
    """Read the process's log until it says its web server is up."""
    while line := await process.stderr.readline():
        if b"web server on" in line:
            return
    raise AssertionError("studybot run exited before serving")


async def test_studybot_run_serves_slack_over_http(tmp_path):
    async with FakeSlackApi() as fake:
        fake.add_user("U1", "Ann")
        fake.add_channel(CHANNEL, "aws-study")
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
        env.update(
            SLACK_BOT_TOKEN=fake.bot_token,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=fake.base_url,
            HOST="127.0.0.1",
            PORT=str(port),
            DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        )
        process = await asyncio.create_subprocess_exec(
            STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        try:
            await asyncio.wait_for(listening(process), 30)
            status, _ = await fake.command(url, SECRET, user="U1", channel=CHANNEL)
            assert status == 200
            question = (await fake.wait_for("chat.postMessage", 1, ok=True, timeout=20))[-1]
            buttons = answer_buttons(question.params)
            await fake.click(
                url,
                SECRET,
                user="U1",
                channel=CHANNEL,
                message_ts=question.result["ts"],
                action_id=buttons[0][0],
                value=buttons[0][1],
            )
            await fake.wait_for("chat.postEphemeral", 1, ok=True, timeout=20)
            assert "正解" in str(fake.ephemeral[-1]["blocks"])
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, stderr.decode()
        assert "Traceback" not in stderr.decode()


def test_manifest_declares_what_the_adapter_uses():
    import yaml

    manifest = yaml.safe_load(
        (Path(__file__).parents[3] / "deploy" / "slack-manifest.yaml").read_text()
    )
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/quiz"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {
        "commands",
        "chat:write",
        "im:write",
        "users:read",
    }
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
