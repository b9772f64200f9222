"""Decks from the terminal: /import PATH, /decks, /report and /review, read as transcripts."""

from __future__ import annotations

import re

import pytest

from bot.adapters.console import ConsoleSession
from tests.support.memos import MEMO, QUEUES, STORAGE


@pytest.fixture
async def bot(engine):
    session = ConsoleSession(engine, "alice")
    await session.start()
    session.lang = "en"
    return session


def write(tmp_path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


async def quiz_until(bot, wanted: str, tries: int = 20) -> str:
    """Ask until a question of the topic title `wanted` comes (new cards rotate topics)."""
    for _ in range(tries):
        shown = await bot.handle("/quiz")
        if f"[{wanted}]" in shown:
            return shown
        await bot.handle("1")
    raise AssertionError(f"no question from {wanted}")


async def test_a_memo_becomes_a_deck_to_quiz_on_at_once(bot, tmp_path):
    reply = await bot.handle(f"/import {write(tmp_path, 'study.md', MEMO)}")
    assert reply.startswith("📚 Added the deck “study” (study): 2 topics, 8 questions.")
    assert "Topics: Queues, Streams" in reply
    listing = await bot.handle("/decks")
    assert "✅ mini — mini (3 topics, 5 questions) [built in]" in listing
    assert "✅ study — study (2 topics, 8 questions) [this chat's]" in listing
    shown = await bot.handle("/quiz study/streams")
    assert "[Streams]" in shown
    assert (await bot.handle("1")).startswith(("✅", "❌"))
    topics = await bot.handle("/topics")
    assert "[mini]" in topics and "[study]" in topics


async def test_decks_switched_off_are_not_asked(bot, tmp_path):
    await bot.handle(f"/import {write(tmp_path, 'study.md', MEMO)}")
    assert "Switched the deck mini off" in await bot.handle("/decks off mini")
    assert "⏸ mini" in await bot.handle("/decks")
    for _ in range(6):
        shown = await bot.handle("/quiz")
        assert "[Queues]" in shown or "[Streams]" in shown, shown
        await bot.handle("1")
    assert "already" in await bot.handle("/decks off mini")
    assert "has no deck nosuch" in await bot.handle("/decks off nosuch")
    assert "Switched the deck mini on" in await bot.handle("/decks on mini")


async def test_clashing_topic_ids_are_qualified_by_deck(bot, tmp_path):
    await bot.handle(f"/import {write(tmp_path, 'one.md', QUEUES)}")
    await bot.handle(f"/import {write(tmp_path, 'two.md', QUEUES)}")
    ambiguous = await bot.handle("/quiz sqs")
    assert "Several decks have a topic called “sqs”" in ambiguous
    assert "one/sqs — SQS" in ambiguous and "two/sqs — SQS" in ambiguous
    assert "[SQS]" in await bot.handle("/quiz two/sqs")
    await bot.handle("1")
    topics = await bot.handle("/topics")
    assert "one/sqs — SQS" in topics and "two/sns — SNS" in topics
    assert "\n  queues — Queues and topics" in topics  # unique ids stay short


async def test_sending_the_memo_again_keeps_history_and_retires_removed(bot, engine, tmp_path):
    path = write(tmp_path, "study.md", MEMO)
    await bot.handle(f"/import {path}")
    await bot.handle("/decks off mini")
    await quiz_until(bot, "Queues")
    await bot.handle("1")
    await quiz_until(bot, "Streams")
    await bot.handle("1")
    before = await bot.handle("/stats")
    write(tmp_path, "study.md", QUEUES + "\n" + STORAGE)
    reply = await bot.handle(f"/import {path}")
    assert reply.startswith("📚 Updated the deck “study” (study): 2 topics, 7 questions")
    assert "(4 unchanged, 4 retired)" in reply
    listing = await bot.handle("/decks")
    assert listing.count("study —") == 1  # the same deck, not a second one
    assert await bot.handle("/stats") == before  # answers to removed questions stay counted
    topics = await bot.handle("/topics")
    assert "streams" not in topics and "storage — Storage" in topics
    assert re.search(r"queues — Queues \(4 questions, mastery \d+%\)", topics)
    kept = {t.id: t.reviewed for t in await engine.topics(bot.learner, bot.chat)}
    assert kept["queues"] == 1 and kept["storage"] == 0  # the answered card is still there


async def test_report_review_retire(bot, tmp_path):
    assert "only a question you answered" in await bot.handle("/report wrong")
    await bot.handle(f"/import {write(tmp_path, 'study.md', QUEUES)}")
    await bot.handle("/decks off mini")
    shown = await bot.handle("/quiz")
    await bot.handle("1")
    assert "Thanks for the report" in await bot.handle("/report typo")
    assert "already reported" in await bot.handle("/report wrong")
    assert "Usage: /report wrong|unclear|typo" in await bot.handle("/report bogus")
    review = await bot.handle("/review")
    key = re.search(r"(study/\S+) \(reports: Typo 1\)", review).group(1)
    prompt = shown.split("\n\n")[0].split("\n", 1)[1]
    assert " ".join(prompt.split())[:60] in review
    assert "Retired" in await bot.handle(f"/review retire {key}")
    assert "already retired" in await bot.handle(f"/review retire {key}")
    assert "has no question study/forged" in await bot.handle("/review retire study/forged")
    for _ in range(8):
        asked = await bot.handle("/quiz")
        assert prompt not in asked
        await bot.handle("1")
    assert key not in await bot.handle("/review")


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.md", b"", "“empty.md” is empty."),
        ("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(200), "looks like a picture"),
        ("big.md", b"# a\n" + b"x = y\n" * 400_000, "is too big (at most 2 MB)"),
        ("plain.md", b"just some words without any structure", "No questions could be made"),
        ("notes.pdf", b"%PDF-1.4", "I can't read “notes.pdf”"),
        ("deck.yaml", b"id: x\ntitle: [1\n", "“deck.yaml” is not a valid deck"),
        (
            "deck.yml",
            b"id: bad\ntitle: T\ntopics: []\nquestions:\n  - id: q1\n",
            "deck.yml:5:",
        ),
    ],
)
async def test_bad_files_are_refused_and_store_nothing(bot, tmp_path, name, data, expected):
    before = await bot.handle("/decks")
    reply = await bot.handle(f"/import {write(tmp_path, name, data)}")
    assert expected in reply
    assert tmp_path.as_posix() not in reply
    assert await bot.handle("/decks") == before


async def test_shift_jis_and_bom_memos_are_read(bot, tmp_path):
    japanese = (
        "# キュー\n\n## SQS\nSQS ＝ メッセージを保持するキュー\n"
        "可視性タイムアウト ＝ 処理中のメッセージを隠す時間\n\n"
        "## SNS\nSNS ＝ 購読者全員に配信するトピック\nファンアウト ＝ 複数の宛先へ送る\n"
    )
    sjis = await bot.handle(f"/import {write(tmp_path, 'sjis.txt', japanese.encode('cp932'))}")
    assert "Added the deck “キュー” (sjis): 2 topics" in sjis and "Topics: SQS, SNS" in sjis
    with_bom = write(tmp_path, "bom.md", b"\xef\xbb\xbf" + MEMO.encode())
    bom = await bot.handle(f"/import {with_bom}")
    assert "Added the deck “bom” (bom): 2 topics, 8 questions" in bom


async def test_import_of_a_missing_file(bot, tmp_path):
    assert "There is no file" in await bot.handle(f"/import {tmp_path}/nope.md")
    assert "Usage: /import PATH" in await bot.handle("/import")


async def test_a_memo_imported_here_can_be_drilled_on_its_pairs(bot, tmp_path):
    await bot.handle(f"/import {write(tmp_path, 'study.md', MEMO)}")
    listing = await bot.handle("/drill")
    assert "sqs-vs-sns — SQS vs SNS (SQS / SNS): not tried yet" in listing
    step = await bot.handle("/drill sqs-vs-sns")
    assert step.startswith("🔁 Drill “SQS vs SNS” 1/5")
    for _ in range(5):
        step = await bot.handle("1")
    assert "🔁 Drill “SQS vs SNS” done:" in step
    assert "• SQS: a queue that keeps messages until a consumer pulls them" in step


# An Org memo whose two lines carry DokuWiki marks the importer does not read.
ORG_MEMO = """#+TITLE: Queues
* SQS
- Standard queue: at-least-once delivery, best-effort ordering
- FIFO queue: exactly-once processing, ordered within a message group
- Visibility timeout: hides a message while it is processed, 30 seconds by default {{sqs.png}}
- Long polling: waits up to 20 seconds, fewer empty responses
* SNS
- Topic: delivers each published message to every subscriber
- Filter policy: ^ attribute ^ value ^ lets a subscriber receive only some messages
- Fan-out: one publish reaches several SQS queues
- FIFO topic: delivers only to SQS FIFO queues
"""


async def test_an_org_memo_is_read_and_lines_it_could_not_read_are_named(bot, tmp_path):
    reply = await bot.handle(f"/import {write(tmp_path, 'queues.org', ORG_MEMO)}")
    assert reply.startswith("📚 Added the deck “Queues” (queues): 2 topics,"), reply
    unread = [line for line in reply.splitlines() if line.startswith("Lines left out")]
    assert unread, reply
    named = {int(n) for n in unread[0].split(":", 1)[1].replace("…", "").split(",") if n.strip()}
    assert named and named <= {5, 9}, unread
    shown = await bot.handle("/quiz queues/sqs")
    assert "{{" not in shown and "^" not in shown


@pytest.mark.parametrize("name", ["notes.adoc", "notes.rst", "notes.wiki"])
async def test_asciidoc_rst_and_mediawiki_memos_are_read_from_a_chat(bot, tmp_path, name):
    from tests.content.importer.test_markup_languages import ASCIIDOC, MEDIAWIKI, RST

    text = {".adoc": ASCIIDOC, ".rst": RST, ".wiki": MEDIAWIKI}[name[name.rindex(".") :]]
    reply = await bot.handle(f"/import {write(tmp_path, name, text)}")
    # A wiki page's title is its name: the deck is named by the file then.
    title = "notes" if name.endswith(".wiki") else "Messaging notes"
    assert reply.startswith(f"📚 Added the deck “{title}” (notes): "), reply
    assert "Topics: SQS, SNS" in reply
    assert "[SQS]" in await bot.handle("/quiz notes/sqs")


async def test_an_html_page_saved_from_a_note_app_is_read_from_a_chat(bot, tmp_path):
    from tests.content.importer.test_page_and_mail_memos import HTML

    reply = await bot.handle(f"/import {write(tmp_path, 'ml-notes.html', HTML)}")
    assert reply.startswith("📚 Added the deck “AI/ML サービス” (ml-notes): "), reply
    assert "SageMaker のパーツ" in reply and "<" not in reply
    shown = await bot.handle("/quiz ml-notes")
    assert "<" not in shown and "&amp;" not in shown
