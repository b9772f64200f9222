"""Tests of the fake Slack Web API, driven by the real slack_sdk AsyncWebClient and a real bolt
AsyncApp served over aiohttp, so that the fake's shapes, errors and signatures are the ones
slack_sdk 3.47 and slack-bolt 1.30 understand."""

from __future__ import annotations

import asyncio
import json
from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import builtin_async_handlers
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes.conftest import BLOCKS, CHANNEL, NOW, USER


async def test_auth_test(fake, client):
    response = await client.auth_test()
    assert response["ok"] is True
    assert (response["team_id"], response["user_id"], response["bot_id"]) == (
        "T0TEAM",
        "U0BOT",
        "B0BOT",
    )
    assert response["url"].startswith("https://") and response["team"] and response["user"]
    [call] = fake.sent("auth.test")
    assert (call.status, call.ok) == (200, True)


async def test_post_message_round_trips_blocks_and_keeps_the_message(fake, client):
    first = await client.chat_postMessage(channel=CHANNEL, text="Q1", blocks=BLOCKS)
    assert (first["channel"], first["message"]["blocks"]) == (CHANNEL, BLOCKS)
    assert first["ts"] == first["message"]["ts"] == f"{int(NOW)}.000100"
    assert first["message"]["bot_id"] == "B0BOT" and first["message"]["user"] == "U0BOT"
    reply = await client.chat_postMessage(channel=CHANNEL, text="hint", thread_ts=first["ts"])
    # Unique and increasing although the injected clock stands still.
    assert reply["ts"] > first["ts"]
    assert fake.messages[(CHANNEL, reply["ts"])]["thread_ts"] == first["ts"]
    assert fake.messages[(CHANNEL, first["ts"])]["blocks"] == BLOCKS
    assert fake.sent("chat.postMessage", CHANNEL)[0].params["blocks"] == BLOCKS


async def test_form_encoded_blocks_are_decoded(fake, client):
    await client.api_call(
        "chat.postMessage", data={"channel": CHANNEL, "blocks": json.dumps(BLOCKS)}
    )
    [call] = fake.sent("chat.postMessage", ok=True)
    assert call.params == {"channel": CHANNEL, "blocks": BLOCKS}


async def test_update_changes_the_stored_message(fake, client):
    posted = await client.chat_postMessage(channel=CHANNEL, text="Q1", blocks=BLOCKS)
    updated = await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="Q1: correct")
    assert (updated["channel"], updated["ts"], updated["text"]) == (
        CHANNEL,
        posted["ts"],
        "Q1: correct",
    )
    stored = fake.messages[(CHANNEL, posted["ts"])]
    assert (stored["text"], stored["blocks"]) == ("Q1: correct", BLOCKS)  # blocks kept
    await client.chat_update(channel=CHANNEL, ts=posted["ts"], text="done", blocks=[])
    assert fake.messages[(CHANNEL, posted["ts"])]["blocks"] == []
    with pytest.raises(SlackApiError) as error:
        await client.chat_update(channel=CHANNEL, ts="1.000001", text="x")
    assert error.value.response["error"] == "message_not_found"


async def test_users_info_returns_the_time_zone(fake, client):
    fake.add_user(USER, "aiko", real_name="Aiko Tanaka")
    fake.add_user("U0BOB", "bob", tz="America/New_York")
    user = (await client.users_info(user=USER))["user"]
    assert (user["id"], user["name"], user["real_name"]) == (USER, "aiko", "Aiko Tanaka")
    assert (user["tz"], user["tz_offset"], user["team_id"]) == ("Asia/Tokyo", 9 * 3600, "T0TEAM")
    assert user["profile"]["display_name"] == "aiko"
    assert (await client.users_info(user="U0BOB"))["user"]["tz_offset"] == -5 * 3600
    with pytest.raises(SlackApiError) as error:
        await client.users_info(user="U0NOBODY")
    assert error.value.response["error"] == "user_not_found"


async def test_post_ephemeral_is_recorded(fake, client):
    response = await client.chat_postEphemeral(channel=CHANNEL, user=USER, text="only you")
    assert response["message_ts"]
    assert fake.ephemeral == [
        {"channel": CHANNEL, "user": USER, "text": "only you", "blocks": None}
    ]
    assert fake.messages == {}


async def test_views_publish_stores_the_home_view(fake, client):
    view = {"type": "home", "blocks": BLOCKS[:1]}
    first = (await client.views_publish(user_id=USER, view=view))["view"]
    assert first["id"] and first["type"] == "home" and first["blocks"] == BLOCKS[:1]
    assert fake.home_views[USER] == first
    second = (await client.views_publish(user_id=USER, view=view, hash=first["hash"]))["view"]
    assert second["id"] == first["id"] and second["hash"] != first["hash"]
    with pytest.raises(SlackApiError) as error:
        await client.views_publish(user_id=USER, view=view, hash=first["hash"])
    assert error.value.response["error"] == "hash_conflict"


async def test_rate_limit_answers_429_with_retry_after(fake, client):
    fake.fail_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as error:
        await client.chat_postMessage(channel=CHANNEL, text="Q1")
    response = error.value.response
    assert (response.status_code, response["error"]) == (429, "ratelimited")
    assert response.headers["Retry-After"] == "7"
    assert fake.messages == {}
    await client.chat_postMessage(channel=CHANNEL, text="Q1")  # one failure only
    assert [c.status for c in fake.sent("chat.postMessage")] == [429, 200]
    assert len(fake.sent("chat.postMessage", ok=False)) == 1


async def test_rate_limit_retry_handler_succeeds_after_one_429(fake, client, monkeypatch):
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    # The handler sleeps Retry-After plus up to a second of jitter for real.
    monkeypatch.setattr(builtin_async_handlers, "asyncio", SimpleNamespace(sleep=sleep))
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
    fake.fail_next("chat.postMessage", retry_after=3)
    response = await client.chat_postMessage(channel=CHANNEL, text="Q1")
    assert response["ok"] is True
    assert [c.status for c in fake.sent("chat.postMessage")] == [429, 200]
    assert len(slept) == 1 and 3 <= slept[0] < 4


async def test_channel_errors(fake, client):
    fake.add_channel("C0OUT", "elsewhere", member=False)
    fake.add_channel("C0OLD", "old", archived=True)
    fake.remove_channel(CHANNEL)
    cases = {"C0OUT": "not_in_channel", "C0OLD": "is_archived", CHANNEL: "channel_not_found"}
    for channel, expected in cases.items():
        with pytest.raises(SlackApiError) as error:
            await client.chat_postMessage(channel=channel, text="Q1")
        assert (error.value.response.status_code, error.value.response["error"]) == (
            200,
            expected,
        )
    with pytest.raises(SlackApiError, match="no_text"):
        await client.api_call("chat.postMessage", json={"channel": "C0NEW"})
    fake.add_channel(CHANNEL, "quiz")
    await client.chat_postMessage(channel="#quiz", text="back")
    assert len(fake.sent("chat.postMessage", CHANNEL, ok=True)) == 1


async def test_fail_next_with_an_error_and_auth_errors(fake, client):
    fake.fail_next("users.info", error="fatal_error")
    with pytest.raises(SlackApiError) as error:
        await client.users_info(user="U0BOT")
    assert (error.value.response.status_code, error.value.response["error"]) == (
        200,
        "fatal_error",
    )
    wrong = AsyncWebClient(token="xoxb-wrong", base_url=fake.base_url)
    with pytest.raises(SlackApiError, match="invalid_auth"):
        await wrong.auth_test()
    with pytest.raises(SlackApiError, match="not_authed"):
        await AsyncWebClient(base_url=fake.base_url).auth_test()
    with pytest.raises(SlackApiError, match="unknown_method"):
        await client.api_call("chat.nothing")


async def test_dm_to_a_user_id_answers_the_im_channel(fake, client):
    posted = await client.chat_postMessage(channel=USER, text="your streak: 3")
    assert posted["channel"] == "D0AIKO"
    assert (await client.conversations_info(channel="D0AIKO"))["channel"]["is_im"] is True
    link = await client.chat_getPermalink(channel="D0AIKO", message_ts=posted["ts"])
    assert link["permalink"].endswith("/archives/D0AIKO/p" + posted["ts"].replace(".", ""))
    opened = await client.conversations_open(users=USER)
    assert (opened["channel"], opened["already_open"]) == ({"id": "D0AIKO"}, True)
    fresh = await client.conversations_open(users="U0NEW", return_im=True)
    assert fresh["channel"]["user"] == "U0NEW" and "already_open" not in fresh
    # Both the asked-for and the answered channel find the call.
    assert fake.sent("chat.postMessage", USER) == fake.sent("chat.postMessage", "D0AIKO")


async def test_wait_for_sees_calls_made_concurrently(fake, client):
    task = asyncio.create_task(client.chat_postMessage(channel=CHANNEL, text="Q1"))
    [call] = await fake.wait_for("chat.postMessage", channel=CHANNEL)
    assert call.params["text"] == "Q1"
    await task
    with pytest.raises(AssertionError, match=r"chat\.postMessage -> 200"):
        await fake.wait_for("chat.postMessage", 2, timeout=0.05)
