"""/progress and /exam over the Bot API: the picture arrives by sendPhoto with its key numbers
as the caption; a group gets the group's picture; bad exam dates get a clear reply."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from bot.pictures import progress
from bot.pictures.painter import Painter
from tests.support.telegram import Conversation, buttons, message_id


@pytest.fixture(autouse=True)
async def painter_closed(engine):
    yield
    await engine.progress.painter.aclose()  # the drawing worker started by the first picture


def photo_size(call) -> tuple[int, int]:
    image = Image.open(io.BytesIO(call.params["photo_bytes"]))
    return image.size


async def test_progress_sends_the_picture_with_its_numbers(adapter, fake, ann):
    question = await ann.send("/quiz")
    await ann.tap(message_id(question), buttons(question)[0])  # right
    await ann.reply("editMessageText")
    photo = await ann.send("/progress", method="sendPhoto")
    assert photo.status == 200
    assert photo_size(photo) == (1000, 700)
    caption = photo.params["caption"]
    assert (
        "直近 26 週で 1 回答（1 日）・連続 1 日（最高 1 日）・フリーズ 0 個（使用 0 回）"
        in caption
    )
    assert "いちばん弱いトピック: Streams（0%）" in caption
    shown = fake.messages[(ann.chat.id, photo.result["message_id"])]
    assert shown["photo"][0]["width"] == 1000 and shown["caption"] == caption


async def test_a_learner_with_no_answers_gets_a_friendly_empty_picture(adapter, fake, ann):
    photo = await ann.send("/progress", method="sendPhoto")
    assert photo.status == 200 and photo_size(photo) == (1000, 700)
    assert photo.params["caption"].startswith("まだ回答がありません。/quiz で始めると")


async def test_a_group_gets_the_groups_picture(adapter, fake):
    group = fake.group_chat(-1001, "AWS study")
    members = [Conversation(fake, fake.user(21 + i, n), group) for i, n in enumerate("AB")]
    question = await members[0].send("/quiz")
    for member in members:
        await member.tap(message_id(question), buttons(question)[0])
    photo = await members[1].send("/progress", method="sendPhoto")
    caption = photo.params["caption"]
    assert caption.startswith("📈 AWS study: 直近 26 週で 2 回答（1 日）・回答したメンバー 2 人")
    assert photo_size(photo) == (1000, 700)


async def test_exam_dates_good_and_bad(adapter, fake, ann):
    assert "試験日は設定されていません" in (await ann.send("/exam")).params["text"]
    assert (
        "「2026-02-30」は暦にない日付です" in (await ann.send("/exam 2026-02-30")).params["text"]
    )
    assert "使い方: /exam YYYY-MM-DD" in (await ann.send("/exam yesterday")).params["text"]
    assert "もう過ぎています" in (await ann.send("/exam 2026-11-01")).params["text"]
    set_ = (await ann.send("/exam 2027-01-15")).params["text"]
    assert "試験日を 2027-01-15 にしました（あと 51 日）" in set_
    assert "すでに 2027-01-15" in (await ann.send("/exam 2027-01-15")).params["text"]
    assert "試験日: 2027-01-15（あと 51 日）" in (await ann.send("/exam")).params["text"]
    assert "試験まで: あと 51 日" in (await ann.send("/stats")).params["text"]
    assert "取り消しました" in (await ann.send("/exam off")).params["text"]
    assert {"progress", "exam"} <= {c["command"] for c in fake.my_commands("ja")}


async def test_when_drawing_fails_the_numbers_still_arrive(
    adapter, fake, ann, engine, monkeypatch
):
    def broken(report, lang):
        raise MemoryError("no room to draw")

    monkeypatch.setattr(progress, "render", broken)
    engine.progress.painter = Painter(ThreadPoolExecutor(1))
    reply = await ann.send("/progress")
    assert reply.params["text"].startswith("まだ回答がありません。")
    assert fake.sent("sendPhoto") == []
