"""`/quiz progress` and `/quiz exam` over the real bolt app: the picture goes up with
files_upload_v2 (URL, upload to it, completion with the numbers as the comment); a channel
gets the channel's picture; the App Home shows the numbers and sends the picture by DM."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.support.slack import CHANNEL, SECRET, answer_buttons


@pytest.fixture(autouse=True)
async def painter_closed(engine):
    yield
    await engine.progress.painter.aclose()  # the drawing worker started by the first picture


def shared_file(fake, channel: str) -> dict:
    files = [f for f in fake.uploaded.values() if f["channel"] == channel]
    assert len(files) == 1, files
    return files[0]


async def test_a_channel_gets_its_picture_as_an_upload(slack):
    await slack.command("U1")
    question = await slack.next_post()
    for user in ("U1", "U2"):
        await slack.click(
            user, CHANNEL, question.result["ts"], *answer_buttons(question.params)[0]
        )
        await slack.next_private()
    status, _ = await slack.command("U2", "progress")
    assert status == 200
    await slack.fake.wait_for("files.completeUploadExternal", 1, ok=True)
    steps = [c.method for c in slack.fake.calls if c.method.startswith(("files.", "upload"))]
    assert steps == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    shared = shared_file(slack.fake, CHANNEL)
    assert Image.open(io.BytesIO(shared["bytes"])).size == (1000, 700)
    assert shared["name"] == "studybot-progress.png"
    comment = shared["initial_comment"]
    assert "直近 26 週で 2 回答（1 日）・回答したメンバー 2 人" in comment
    assert "いちばん弱いトピック: Streams（0%）" in comment


async def test_the_dm_gets_the_learners_own_picture(slack):
    await slack.command("U1", "progress", channel="D1")
    await slack.fake.wait_for("files.completeUploadExternal", 1, ok=True)
    shared = shared_file(slack.fake, "D1")
    assert shared["initial_comment"].startswith("まだ回答がありません。")
    assert Image.open(io.BytesIO(shared["bytes"])).size == (1000, 700)


async def test_exam_bad_input_and_days_counted_down(slack):
    await slack.command("U1", "exam 2026-02-30")
    assert "暦にない日付" in (await slack.next_private())["text"]
    await slack.command("U1", "exam yesterday")
    assert "使い方: /quiz exam YYYY-MM-DD" in (await slack.next_private())["text"]
    await slack.command("U1", "exam 2027-01-15")
    assert "あと 51 日" in (await slack.next_private())["text"]
    await slack.command("U1", "exam 2027-01-15")
    assert "すでに 2027-01-15" in (await slack.next_private())["text"]
    await slack.command("U1", "stats")
    assert "試験まで: あと 51 日" in (await slack.next_private())["text"]


async def test_app_home_has_a_progress_section_and_sends_the_picture(slack):
    await slack.fake.event(slack.url, SECRET, slack.fake.app_home_opened("U1"))
    await slack.fake.wait_for("views.publish", 1, ok=True)
    view = slack.fake.home_views["U1"]
    assert "まだ回答がありません" in str(view["blocks"])
    assert any(b.get("block_id") == "progress" for b in view["blocks"])
    await slack.click("U1", "U1", "", "home_progress", "picture", message={})
    await slack.fake.wait_for("files.completeUploadExternal", 1, ok=True)
    assert Image.open(io.BytesIO(shared_file(slack.fake, "D1")["bytes"])).size == (1000, 700)
