"""A deck's `pairs`: checked as file:line: message, and served by the catalog with deck keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.catalog import Catalog
from content.loader import load_deck
from tests.conftest import MINI_DECK
from tests.content.test_loader import problems, write

PAIRS = """\
pairs:
  - id: sqs-vs-sns
    title: SQS と SNS
    clue: 受け手が取りに行くなら SQS、送り手が配るなら SNS
    sides:
      - label: Amazon SQS
        use: メッセージをキューに溜め、受け手がポーリングして処理する
        questions: [q-queue-1]
      - label: Amazon SNS
        use: トピックに発行したメッセージを購読者全員へプッシュする
        questions: [q-queue-2]
"""


def with_pairs(tmp_path: Path, pairs: str) -> Path:
    return write(tmp_path, MINI_DECK.read_text(encoding="utf-8") + pairs)


def test_the_catalog_serves_pairs_with_deck_qualified_keys(tmp_path):
    catalog = Catalog([load_deck(with_pairs(tmp_path, PAIRS)).deck])
    pair = catalog.pairs["mini/sqs-vs-sns"]
    assert (pair.id, pair.deck_id, pair.title) == ("sqs-vs-sns", "mini", "SQS と SNS")
    assert pair.clue.startswith("受け手が取りに行く")
    assert [s.label for s in pair.sides] == ["Amazon SQS", "Amazon SNS"]
    assert pair.sides[0].use.startswith("メッセージをキューに溜め")
    assert pair.sides[0].question_keys == ("mini/q-queue-1",)
    assert pair.sides[1].question_keys == ("mini/q-queue-2",)
    # Every key a pair names is a question the catalog can ask.
    assert all(catalog.question(k) for side in pair.sides for k in side.question_keys)
    assert catalog.find_pairs("SQS-VS-SNS") == [pair]
    assert catalog.find_pairs("mini/sqs-vs-sns") == [pair]
    assert catalog.find_pairs("SQS と SNS") == [pair]
    assert catalog.find_pairs("queues") == []


def test_a_deck_without_pairs_has_none():
    assert Catalog([load_deck(MINI_DECK).deck]).pairs == {}


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing needle, in the deck file with pairs appended."""
    full = MINI_DECK.read_text(encoding="utf-8") + text
    hits = [i for i, line in enumerate(full.splitlines(), 1) if needle in line]
    return hits[nth - 1]


@pytest.mark.parametrize(
    ("old", "new", "needle", "nth", "message"),
    [
        (
            "questions: [q-queue-2]",
            "questions: [q-queue-9]",
            "q-queue-9",
            1,
            "pair 'sqs-vs-sns' names unknown question 'q-queue-9'",
        ),
        (
            "questions: [q-queue-2]",
            "questions: [q-queue-1]",
            "questions: [q-queue-1]",
            2,  # reported where it appears the second time
            "question 'q-queue-1' is listed twice in pair 'sqs-vs-sns'",
        ),
        (
            "questions: [q-queue-2]",
            "questions: [q-queue-2, q-queue-2]",
            "q-queue-2, q-queue-2",
            1,
            "question 'q-queue-2' is listed twice in pair 'sqs-vs-sns'",
        ),
        ("questions: [q-queue-2]", "questions: []", "questions: []", 1, "lists no questions"),
        ("  - id: sqs-vs-sns", "  - id: SQS vs SNS", "SQS vs SNS", 1, "pairs.0.id"),
        ("    clue: 受け手", "    hint: x\n    clue: 受け手", "hint: x", 1, "hint: Extra inputs"),
        ("    title: SQS と SNS\n", "", "  - id: sqs-vs-sns", 1, "pairs.0.title: Field required"),
    ],
)
def test_each_pair_problem_names_file_and_line(tmp_path, old, new, needle, nth, message):
    assert old in PAIRS
    text = PAIRS.replace(old, new, 1)
    path = with_pairs(tmp_path, text)
    line = line_of(text, needle, nth)
    found = problems(path)
    assert any(p.startswith(f"{path}:{line}: ") and message in p for p in found), (line, found)


def test_a_pair_needs_exactly_two_sides(tmp_path):
    third = (
        "      - label: Amazon EventBridge\n"
        "        use: イベントをルールで振り分ける\n"
        "        questions: [q-stream-1]\n"
    )
    path = with_pairs(tmp_path, PAIRS + third)
    found = problems(path)
    line = line_of(PAIRS, "  - id: sqs-vs-sns")
    assert found == [f"{path}:{line}: pair 'sqs-vs-sns' has 3 sides; a pair needs exactly 2"]
    one_side = PAIRS[: PAIRS.index("      - label: Amazon SNS")]
    assert "has 1 sides; a pair needs exactly 2" in problems(with_pairs(tmp_path, one_side))[0]


def test_pair_ids_are_unique(tmp_path):
    second = PAIRS.replace("pairs:\n", "", 1)
    path = with_pairs(tmp_path, PAIRS + second)
    line = line_of(PAIRS + second, "  - id: sqs-vs-sns", 2)
    assert problems(path) == [f"{path}:{line}: duplicate pair id 'sqs-vs-sns'"]
