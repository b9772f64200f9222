"""Bad input gives a clear one-line message and, where anything can be made, a smaller deck."""

from __future__ import annotations

import random
import time

import pytest

from content.importer.build import build
from content.importer.parser import parse
from content.importer.source import MAX_MEMO_BYTES
from content.loader import load_deck
from content.schema import Deck
from content.validator import check_deck
from tests.content.importer.support import SEED, studybot_import


def run(tmp_path, capsys, data: bytes | str, name: str = "memo.md", *args: str):
    memo = tmp_path / name
    if isinstance(data, str):
        memo.write_text(data, encoding="utf-8")
    else:
        memo.write_bytes(data)
    out = tmp_path / "deck.yaml"
    code = studybot_import(memo, "--out", out, *args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err, out


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path, capsys, data):
    code, err, out = run(tmp_path, capsys, data)
    assert code == 2 and "the file is empty" in err and not out.exists()
    assert len(err.strip().splitlines()) == 1


def test_binary_file(tmp_path, capsys):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    code, err, out = run(tmp_path, capsys, png, "diagram.png")
    assert code == 2 and "looks like a binary file" in err and not out.exists()


def test_memo_with_no_structure_at_all(tmp_path, capsys):
    prose = (
        "今日は一日中勉強していたけれど、あまり集中できなかったので明日またやり直すことにした。"
        "天気が良かったので散歩にも行った。\nそれなりに楽しい一日だった。\n"
    )
    code, err, out = run(tmp_path, capsys, prose)
    assert code == 2 and not out.exists()
    assert "no questions could be generated: the memo has no structure" in err


def test_unstructured_memo_with_definitions_gives_a_small_deck(tmp_path, capsys):
    text = (
        "Some loose notes from today.\n"
        "RPO = how much data loss is acceptable, measured in time\n"
        "RTO = how long the recovery may take\n"
        "SLA = the availability that the provider promises\n"
    )
    code, err, out = run(tmp_path, capsys, text)
    assert code == 0
    assert "no headings or title lines found" in err
    deck = load_deck(out).deck
    assert len(deck.topics) == 1 and 1 <= len(deck.questions) <= 6


def test_a_five_megabyte_memo_is_refused_at_once(tmp_path, capsys):
    line = "- SQS = a queue that keeps messages until a consumer polls them\n"
    data = ("## Queues\n" + line * (5 * 1024 * 1024 // len(line) + 1)).encode()
    assert len(data) > MAX_MEMO_BYTES
    started = time.monotonic()
    code, err, out = run(tmp_path, capsys, data)
    assert time.monotonic() - started < 2
    assert code == 2 and "5.0 MB is more than a memo may be (2 MB)" in err
    assert not out.exists()


def test_a_memo_that_is_not_utf8_at_all(tmp_path, capsys):
    data = SEED.read_text(encoding="utf-8").encode("shift_jis", errors="replace")
    code, err, out = run(tmp_path, capsys, data)
    assert code == 2 and "is not UTF-8 text" in err and "save it as UTF-8" in err
    assert not out.exists()


def test_a_few_invalid_bytes_skip_their_lines_only(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8").split("\n")
    data = (
        "\n".join(text[:5]).encode() + b"\n- broken \xff\xfe line\n" + "\n".join(text[6:]).encode()
    )
    code, err, out = run(tmp_path, capsys, data)
    assert code == 0
    assert "skipped 1 line(s) that are not valid UTF-8: 6" in err
    assert len(load_deck(out).deck.questions) >= 60


def test_a_memo_with_only_one_topic(tmp_path, capsys):
    text = (
        "## SQS と SNS\n\n### SQS\n- メッセージを受け取る「キュー」にアクセスポリシー\n"
        "- 誰が SendMessage できるか制御\n\n### SNS\n"
        "- メッセージを受け取る「トピック」にアクセスポリシー\n- 誰が Publish できるか制御\n"
    )
    code, err, out = run(tmp_path, capsys, text)
    assert code == 0 and "only one topic found" in err
    deck = load_deck(out).deck
    assert len(deck.topics) == 1 and len(deck.questions) >= 2


def test_one_topic_with_nothing_to_ask(tmp_path, capsys):
    code, err, _ = run(tmp_path, capsys, "## SQS\n- a queue\n- pull based\n")
    assert code == 2 and "no questions could be generated from its 1 topic(s)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--deck-id", "Bad Id"), "--deck-id 'Bad Id': use lowercase letters"),
        (("--out", "/nonexistent/folder/deck.yaml"), "cannot write it"),
    ],
)
def test_bad_options(tmp_path, capsys, args, message):
    memo = tmp_path / "memo.md"
    memo.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert studybot_import(memo, *args) == 2
    assert message in capsys.readouterr().err


def test_missing_file_and_folder(tmp_path, capsys):
    assert studybot_import(tmp_path / "nope.md") == 2
    assert "no such file" in capsys.readouterr().err
    assert studybot_import(tmp_path) == 2
    assert "is a folder" in capsys.readouterr().err


LINES = [
    "# Title",
    "## Topic",
    "### Sub",
    "#### Deep",
    "",
    "---",
    "- bullet",
    "  - nested",
    "* star",
    "・中黒",
    "1. first",
    "2. second",
    "1.1 numbered",
    "**Bold title**",
    "■ マーカー",
    "【括弧】",
    "❌ だめ",
    "✅ よい",
    "> quote",
    "| a | b |",
    "|---|---|",
    "| c | d |",
    "```",
    "code",
    "SQS = queue",
    "X → Y",
    "A -> B -> C",
    "Term: meaning here",
    "CRR は複製する。",
    "例:",
    "Customer Gateway",
    "S3 バケット",
    "短い行",
    "A long line of prose that goes on and on.",
    "Amazon DynamoDB には二つのモードがある。",
    "→ continuation",
    "=",
    "====",
    "|",
    "【】",
    "■",
    "1.",
    "(1)",
    "①",
    "\t\ttabs",
    "　全角スペース",
    "\u200b",
    "😀 emoji",
    "a|b|c",
    "::",
    "== ==",
]


def test_random_memos_never_crash_and_always_make_a_valid_deck():
    rng = random.Random(6)
    for _ in range(300):
        text = "\n".join(rng.choice(LINES) for _ in range(rng.randint(0, 40)))
        memo = parse(text, "fuzz")
        made = build(memo, "fuzz", "fuzz.md")
        deck = Deck.model_validate(made.data)
        assert check_deck(deck) == [], text


def test_a_large_memo_gives_questions_from_every_copy():
    """Twelve copies of the seed whose bullets differ: the windows that keep a large memo
    linear still let every copy give questions (the speed is measured in bench/)."""
    body = SEED.read_text(encoding="utf-8").split("\n", 1)[1]
    text = "\n".join(body.replace("\n- ", f"\n- [{i}] ") for i in range(12))  # ~300 KB
    made = build(parse(text, "big"), "big", "big.md")
    once = build(parse(body, "one"), "one", "one.md")
    assert len(made.drafts) >= 2 * len(once.drafts), len(made.drafts)
    assert len({d.first for _, d in made.drafts if d.first > len(body.split("\n"))}) >= 100
