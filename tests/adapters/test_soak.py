"""A soak through the real stacks: 10,000 mixed good and bad Telegram updates and Slack
requests, with Telegram failing now and then; afterwards the database holds no answer twice
and right tallies, both adapters still answer, and the log stays small."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

import aiohttp
from sqlalchemy import func, select

from bot.adapters.slack.app import SlackAdapter
from bot.adapters.telegram.app import TelegramAdapter
from bot.adapters.telegram.limits import TelegramLimiter
from bot.adapters.web import WebServer
from bot.clock import FixedClock
from bot.config import load_settings
from bot.engine import Engine
from bot.engine.views import LearnerRef
from content.catalog import Catalog
from storage.db import Database
from storage.models import Answer
from tests.conftest import MINI_DECK, START
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeBotApi
from tests.support.clock import FakeTime
from tests.support.slack import CHANNEL, SECRET, populate
from tests.support.telegram import buttons, message_id

PEOPLE = 400  # Telegram learners, each asking and tapping
# Messages each gets: the question, "too long", "no such command", "edits change nothing",
# the stats and the help.
REPLIES = 6
LOG_LIMIT = 20_000  # bytes of log for the whole soak
SECONDS = 60  # the soak's own bound; it takes a fraction of it


class LogSize(logging.Handler):
    """Bytes the log would have written, after studybot's rate limit."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.size = 0
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record) + "\n"
        self.size += len(text.encode())
        self.lines.append(text)


async def telegram_traffic(fake: FakeBotApi) -> int:
    """6,000 updates: questions, double taps, forged taps, junk, unreadable updates, faults."""
    people = [fake.user(5000 + i, f"P{i}") for i in range(PEOPLE)]
    chats = [fake.private_chat(p) for p in people]
    sent = 0
    fake.fail_next("sendMessage", status=500, times=4)  # a short outage: outlasted
    for person, chat in zip(people, chats, strict=True):
        fake.send_text(person, chat, "/quiz")
        fake.queue_raw()  # a poll PTB cannot read
        fake.queue_raw(message={"text": "/quiz"})  # a message with no chat
        sent += 3
    # One waiter for all: a waiter per chat would rescan every call at each of thousands.
    asked = await fake.wait_for("sendMessage", PEOPLE, ok=True, timeout=SECONDS)
    first = {}
    for call in asked:
        first.setdefault(call.params["chat_id"], call)
    questions = [first[chat.id] for chat in chats]
    fake.fail_next("answerCallbackQuery", status=502, times=3)
    fake.fail_next("editMessageText", status=500, times=3)
    for person, chat, question in zip(people, chats, questions, strict=True):
        mid, data = message_id(question), buttons(question)
        fake.tap(person, chat, mid, data[0])
        fake.tap(person, chat, mid, data[1])  # a double tap: one answer only
        fake.tap(person, chat, mid, "a:99999999999999999999:0")
        fake.tap(person, chat, mid, "zz" * 40)
        fake.send_text(person, chat, "x" * 5000)
        own = fake.send_text(person, chat, "/nosuchcommand").message
        fake.edit_text(person, chat, own.message_id, "edited")
        fake.queue_raw(callback_query={"id": "1", "data": "a:1:0"})  # no user, no chat
        fake.queue_raw()
        fake.send_text(person, chat, "/stats")
        fake.send_text(person, chat, "/help")
        fake.queue_raw(edited_message={"date": "never"})
        sent += 12
    return sent


def slack_requests(fake: FakeSlackApi, url: str) -> list[tuple[bytes, dict]]:
    """4,000 requests: unsigned junk, signed junk, another workspace, retries, commands."""
    form = "application/x-www-form-urlencoded"
    out: list[tuple[bytes, dict]] = []

    def signed(body: bytes, content_type: str, **extra: str) -> tuple[bytes, dict]:
        return body, {**fake.signed_headers(SECRET, body), "Content-Type": content_type, **extra}

    home = json.dumps(
        {
            "type": "event_callback",
            "team_id": fake.team_id,
            "event_id": "Ev0SOAK",
            "event": {"type": "app_home_opened", "user": "U1", "tab": "home"},
        }
    ).encode()
    for i in range(500):
        out.append((b"[]", {"Content-Type": "application/json"}))
        out.append((b"payload=1", {"Content-Type": form, "X-Slack-Request-Timestamp": "abc"}))
        out.append((b"\xff" * 20, {"Content-Type": form, "X-Slack-Signature": "v0=00"}))
        out.append(signed(b"payload=%5B1%2C2%5D", form))
        other = urlencode(fake.command_payload("U2", CHANNEL, "stats", "/quiz", "T0OTHER"))
        out.append(signed(other.encode(), form))
        out.append(signed(home, "application/json", **{"X-Slack-Retry-Num": str(i % 3 + 1)}))
        out.append(signed(b'{"type": "event_callback", "event": "x"}', "application/json"))
        good = urlencode(fake.command_payload(f"U{i % 3 + 1}", CHANNEL, "stats", "/quiz"))
        out.append(signed(good.encode(), form))
    return out


async def test_soak(tmp_path, monkeypatch):
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    began = time.monotonic()
    log = LogSize()
    from bot import logs

    log.addFilter(logs.rate_limit())
    root = logging.getLogger()
    root.addHandler(log)
    db = Database(f"sqlite:///{tmp_path / 'soak.db'}")
    await db.migrate()
    engine = Engine(db, Catalog.from_paths([MINI_DECK]), FixedClock(START), fuzz=False)
    fake_time, retry_time = FakeTime(), FakeTime()
    async with FakeBotApi() as tg, FakeSlackApi() as sl:
        populate(sl)
        settings = load_settings(
            telegram_bot_token=tg.token,
            telegram_api_base_url=tg.base_url,
            slack_bot_token=sl.bot_token,
            slack_signing_secret=SECRET,
            slack_api_url=sl.base_url,
        )
        telegram = TelegramAdapter(
            settings,
            engine,
            limiter=TelegramLimiter(sleep=fake_time.sleep, clock=fake_time.clock),
            poll_timeout=1,
            # Retries on a clock of their own: the limiter's pacing must not use up their time.
            sleep=retry_time.sleep,
            clock=retry_time.clock,
        )
        slack = SlackAdapter(settings, engine, sleep=fake_time.sleep, clock=fake_time.clock)
        web = WebServer("127.0.0.1", 0)
        slack.add_routes(web)
        await web.start()
        await telegram.start()
        await slack.start()
        url = f"http://127.0.0.1:{web.port}/slack/events"
        try:
            updates = await telegram_traffic(tg)
            statuses: dict[int, int] = {}
            requests = slack_requests(sl, url)
            async with aiohttp.ClientSession() as session:
                for body, headers in requests:
                    async with session.post(url, data=body, headers=headers) as response:
                        statuses[response.status] = statuses.get(response.status, 0) + 1
            assert updates + len(requests) == 10_000
            # Every person's replies, down to their /help (their last update): nothing wedged.
            replies = await tg.wait_for("sendMessage", REPLIES * PEOPLE, ok=True, timeout=SECONDS)
            last = {call.params["chat_id"]: call for call in replies}
            assert sorted(last) == [5000 + i for i in range(PEOPLE)]
            assert all("/quiz" in call.params["text"] for call in last.values())
            assert statuses == {401: 1500, 400: 1000, 403: 500, 200: 1000}
            await sl.wait_for("views.publish", 1, ok=True)
            # Still alive afterwards, on both platforms.
            user = tg.user(42, "Late")
            tg.send_text(user, tg.private_chat(user), "/help")
            assert await tg.wait_for("sendMessage", 1, chat_id=42, ok=True)
            assert not telegram.poller._task.done()
        finally:
            await slack.stop()
            await telegram.stop()
            await web.stop()
            root.removeHandler(log)
    async with db.transaction() as session:
        per_pair = await session.execute(
            select(func.count())
            .select_from(Answer)
            .group_by(Answer.instance_id, Answer.learner_id)
        )
        assert set(per_pair.scalars().all()) == {1}  # no answer twice
        answers = await session.scalar(select(func.count()).select_from(Answer))
    assert answers == PEOPLE
    for i in range(PEOPLE):  # the tallies are right: one answer each, counted once
        stats = await engine.stats(LearnerRef("telegram", "", str(5000 + i)))
        assert stats.answered == 1
    await db.close()
    assert len(sl.sent("views.publish")) == 1  # the retried event was served once
    assert log.size < LOG_LIMIT, "".join(log.lines[:50])
    assert "Traceback" not in "".join(log.lines)
    assert time.monotonic() - began < SECONDS
