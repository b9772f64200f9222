"""The fakes' picture uploads, driven by the real clients: Telegram's sendPhoto through
python-telegram-bot, Slack's files_upload_v2 through slack_sdk (URL, upload, completion)."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from telegram import Bot
from telegram.error import BadRequest

from bot.pictures import progress
from tests.fakes.conftest import CHANNEL
from tests.fakes.telegram_api import FakeBotApi
from tests.support.progress import report

PNG = progress.render(report(), "en")


@pytest.fixture
async def telegram_fake():
    async with FakeBotApi() as api:
        yield api


@pytest.fixture
async def bot(telegram_fake):
    async with Bot(telegram_fake.token, base_url=telegram_fake.base_url) as bot:
        yield bot


async def test_send_photo_stores_a_png_with_its_size_and_caption(telegram_fake, bot):
    message = await bot.send_photo(42, PNG, caption="Readiness 40%")
    assert (message.photo[-1].width, message.photo[-1].height) == (1000, 700)
    assert message.caption == "Readiness 40%"
    assert telegram_fake.sent("sendPhoto")[0].params["photo_bytes"] == PNG


async def test_send_photo_refuses_what_telegram_refuses(telegram_fake, bot):
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(42, b"not a picture")
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_photo(42, PNG, caption="x" * 1025)


async def test_files_upload_v2_goes_through_all_three_steps(fake, client):
    done = await client.files_upload_v2(
        channel=CHANNEL, file=PNG, filename="p.png", title="Progress", initial_comment="hi"
    )
    assert done["file"]["name"] == "p.png"
    steps = [c.method for c in fake.calls]
    assert steps == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    upload_url = fake.calls[0].result["upload_url"]
    assert upload_url.startswith("http://127.0.0.1:")
    (shared,) = fake.uploaded.values()
    assert (shared["bytes"], shared["channel"], shared["initial_comment"]) == (PNG, CHANNEL, "hi")


async def test_an_upload_shared_to_a_channel_the_app_left_fails(fake, client):
    fake.add_channel("C0GONE", "gone", member=False)
    with pytest.raises(SlackApiError) as failed:
        await client.files_upload_v2(channel="C0GONE", file=PNG, filename="p.png")
    assert failed.value.response["error"] == "not_in_channel"
    assert fake.files == {}


async def test_completing_an_upload_that_never_arrived_fails(fake, client):
    started = await client.files_getUploadURLExternal(filename="p.png", length=len(PNG))
    with pytest.raises(SlackApiError) as failed:
        await client.files_completeUploadExternal(files=[{"id": started["file_id"]}])
    assert failed.value.response["error"] == "file_not_found"


async def test_an_upload_of_the_wrong_length_is_refused(fake, client):
    started = await client.files_getUploadURLExternal(filename="p.png", length=10)
    async with aiohttp.ClientSession() as http, http.post(started["upload_url"], data=PNG) as r:
        assert r.status == 400
    with pytest.raises(SlackApiError) as failed:
        await client.files_completeUploadExternal(files=[{"id": started["file_id"]}])
    assert failed.value.response["error"] == "file_not_found"
