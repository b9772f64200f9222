"""A deck added through one `studybot run` process is served by another on the same
PostgreSQL database, with no restart (two webhook processes, as behind a load balancer)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import MINI_DECK
from tests.fakes.telegram_api import FakeBotApi
from tests.support.memos import MEMO
from tests.support.net import free_port
from tests.support.telegram import buttons

STUDYBOT = str(Path(sys.executable).with_name("studybot"))
SECRET = "two-process-secret"


async def test_a_deck_added_through_one_process_is_served_by_the_other(pg_url, tmp_path):
    async with FakeBotApi() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=fake.token,
            TELEGRAM_API_BASE_URL=fake.base_url,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            DATABASE_URL=pg_url,
            DECKS=str(MINI_DECK),
        )
        ports = [free_port(), free_port()]
        urls = [f"http://127.0.0.1:{port}/telegram" for port in ports]
        processes = []
        for port, url in zip(ports, urls, strict=True):
            processes.append(
                await asyncio.create_subprocess_exec(
                    STUDYBOT,
                    "run",
                    cwd=tmp_path,
                    env={**env, "PORT": str(port), "TELEGRAM_WEBHOOK_URL": url},
                    stderr=asyncio.subprocess.PIPE,
                )
            )
            # Started one after the other: migrating a fresh database is not what is tested.
            await fake.wait_for("setWebhook", len(processes), timeout=60)
        first, second = urls
        user = fake.user(501, "Two", language_code="en")
        chat = fake.private_chat(user)
        try:
            before = fake.send_text(user, chat, "/decks")
            assert await fake.post_webhook(second, before, SECRET) == 200
            listing = (await fake.wait_for("sendMessage", 1, chat_id=chat.id, timeout=30))[-1]
            assert "study —" not in listing.params["text"]

            upload = fake.send_document(user, chat, "study.md", MEMO.encode())
            assert await fake.post_webhook(first, upload, SECRET) == 200
            added = (await fake.wait_for("sendMessage", 2, chat_id=chat.id, timeout=30))[-1]
            assert added.params["text"].startswith("📚 Added the deck “study” (study)")

            again = fake.send_text(user, chat, "/decks")
            assert await fake.post_webhook(second, again, SECRET) == 200
            listing = (await fake.wait_for("sendMessage", 3, chat_id=chat.id, timeout=30))[-1]
            assert "study — study (2 topics, 8 questions)" in listing.params["text"]
            quiz = fake.send_text(user, chat, "/quiz study")
            assert await fake.post_webhook(second, quiz, SECRET) == 200
            question = (await fake.wait_for("sendMessage", 4, chat_id=chat.id, timeout=30))[-1]
            text = question.params["text"]
            assert "<b>Queues</b>" in text or "<b>Streams</b>" in text
            # Its answer reaches the first process, which never asked it.
            tap = fake.tap(user, chat, question.result["message_id"], buttons(question)[0])
            assert await fake.post_webhook(first, tap, SECRET) == 200
            edit = (await fake.wait_for("editMessageText", 1, chat_id=chat.id, timeout=30))[-1]
            assert "study.md" in edit.params["text"]  # the source of the added deck
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            outputs = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
        for process, (_, stderr) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, stderr.decode()
            assert "Traceback" not in stderr.decode()
