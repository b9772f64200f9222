"""Webhook mode with its secret, /healthz, pacing within flood limits, and a 429 storm."""

from __future__ import annotations

import aiohttp
import pytest

from bot.config import load_settings
from tests.support.telegram import Conversation


async def test_webhook_is_registered_with_its_secret(webhook, fake):
    assert fake.webhook_url == webhook.telegram_webhook_url
    assert fake.webhook_secret == "s3cret-token_1"
    assert fake.sent("getUpdates") == []


async def test_webhook_with_the_right_secret_is_served(webhook, fake, engine):
    user = fake.user(61, "Wen")
    chat = fake.private_chat(user)
    update = fake.send_text(user, chat, "/start")
    status = await fake.post_webhook(webhook.telegram_webhook_url, update, "s3cret-token_1")
    assert status == 200
    reply = (await fake.wait_for("sendMessage", 1, chat_id=chat.id))[-1]
    assert "こんにちは、Wen さん！" in reply.params["text"]


@pytest.mark.parametrize("secret", [None, "", "wrong", "s3cret-token_2"])
async def test_webhook_without_the_right_secret_changes_nothing(webhook, fake, engine, secret):
    user = fake.user(62, "Eve")
    chat = fake.private_chat(user)
    update = fake.send_text(user, chat, "/daily 07:00")
    status = await fake.post_webhook(webhook.telegram_webhook_url, update, secret)
    assert status == 403
    # A correctly signed update afterwards is served, and the forged one left no trace.
    follow = fake.send_text(user, chat, "/help")
    assert await fake.post_webhook(webhook.telegram_webhook_url, follow, "s3cret-token_1") == 200
    await fake.wait_for("sendMessage", 1, chat_id=chat.id)
    assert len(fake.sent("sendMessage", chat.id)) == 1
    from bot.engine.views import LearnerRef

    assert await engine.profiles.export(LearnerRef("telegram", "", "62")) == {}


async def test_webhook_rejects_malformed_json(webhook):
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            webhook.telegram_webhook_url,
            data=b"{not json",
            headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token_1"},
        ) as response,
    ):
        assert response.status == 400


async def test_healthz(webhook):
    url = f"http://127.0.0.1:{webhook.port}/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}


async def test_a_429_storm_loses_no_message(adapter, fake, fake_time):
    fake.fail_next("sendMessage", retry_after=3, times=6)
    people = [fake.user(100 + i, f"P{i}") for i in range(12)]
    for person in people:
        fake.send_text(person, fake.private_chat(person), "/help")
    delivered = await fake.wait_for("sendMessage", 12, ok=True, timeout=10)
    assert sorted(c.params["chat_id"] for c in delivered) == [p.id for p in people]
    assert len(fake.sent("sendMessage", ok=False)) == 6
    assert adapter.application.bot.rate_limiter.retries == 6
    assert 3.0 in [round(s, 3) for s in fake_time.slept]


async def test_setting_error_for_webhook_without_secret(monkeypatch):
    from bot.config import SettingsError

    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://example.org/tg")
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET is required"):
        load_settings()


async def test_conversation_after_the_storm_still_works(adapter, fake):
    user = fake.user(70, "Zed")
    zed = Conversation(fake, user, fake.private_chat(user))
    fake.fail_next("sendMessage", retry_after=1, times=1)
    reply = await zed.send("/stats")
    assert "回答数: 0" in reply.params["text"]
