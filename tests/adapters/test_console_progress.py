"""The terminal's /progress (text only, or the picture saved with `png PATH`) and /exam."""

from __future__ import annotations

import pytest
from PIL import Image

from bot.adapters.console import ConsoleSession


@pytest.fixture
async def terminal(engine):
    session = ConsoleSession(engine, "alice")
    await session.start()
    yield session
    await engine.progress.painter.aclose()


async def test_progress_is_text_and_png_saves_the_picture(terminal, tmp_path):
    assert (await terminal.handle("/progress")).startswith("まだ回答がありません。")
    await terminal.handle("/quiz")
    await terminal.handle("1")
    text = await terminal.handle("/progress")
    assert "📈 alice: 直近 26 週で 1 回答（1 日）" in text
    assert "  Queues and topics: 現在 50%・習熟度 50%" in text
    target = tmp_path / "me.png"
    saved = await terminal.handle(f"/progress png {target}")
    assert f"画像を {target} に保存しました。" in saved
    assert Image.open(target).size == (1000, 700)
    missing = tmp_path / "no-such-folder" / "me.png"
    refused = await terminal.handle(f"/progress png {missing}")
    assert f"{missing} に保存できません: No such file or directory" in refused
    assert "使い方: /progress または /progress png ファイル名" in await terminal.handle(
        "/progress gif"
    )


async def test_exam_bad_input(terminal):
    assert "暦にない日付" in await terminal.handle("/exam 2026-02-30")
    assert "使い方: /exam YYYY-MM-DD" in await terminal.handle("/exam yesterday")
    assert "2026-11-24 はもう過ぎています" in await terminal.handle("/exam 2026-11-24")
    assert "あと 0 日" in await terminal.handle("/exam 2026-11-25")
    assert "すでに 2026-11-25" in await terminal.handle("/exam 2026-11-25")
    assert "試験日: 2026-11-25（あと 0 日）" in await terminal.handle("/exam")
    text = await terminal.handle("/progress")
    assert "試験まで 0 日" not in text  # no answers yet: the friendly empty text only
    assert "試験まで: あと 0 日" in await terminal.handle("/stats")
    assert "取り消しました" in await terminal.handle("/exam off")
    assert "設定されていません" in await terminal.handle("/exam off")
