"""The real `studybot run` process, pointed at the fake Bot API, holding a short conversation."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.support.telegram import Conversation, buttons, message_id

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


async def test_studybot_run_talks_to_telegram(fake, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=fake.token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
    )
    process = await asyncio.create_subprocess_exec(
        STUDYBOT, "run", cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await fake.wait_for("getUpdates", 1, timeout=30)
        user = fake.user(77, "Run")
        run = Conversation(fake, user, fake.private_chat(user))
        assert "こんにちは、Run さん！" in (await run.send("/start")).params["text"]
        question = await run.send("/quiz")
        await run.tap(message_id(question), buttons(question)[0])
        edit = await run.reply("editMessageText")
        assert "正解" in edit.params["text"]
        assert "回答数: 1" in (await run.send("/stats")).params["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
