"""The importer emits confusable pairs for the two-member comparisons it finds, so a memo sent
to the bot gets drills too; the deck's loader and validator accept them."""

from __future__ import annotations

import yaml

from content.loader import load_deck
from tests.content.importer.support import SEED, studybot_import
from tests.support.memos import MEMO, STORAGE


def imported(tmp_path, text: str, name: str = "study.md", *extra: str) -> dict:
    memo = tmp_path / name
    memo.write_text(text, encoding="utf-8")
    out = tmp_path / "study.yaml"
    assert studybot_import(memo, "--out", out, *extra) == 0
    load_deck(out)  # the real loader and validator: pairs name questions of this deck
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_two_sibling_sections_become_a_pair_with_their_own_questions(tmp_path):
    deck = imported(tmp_path, MEMO)
    pairs = {p["id"]: p for p in deck["pairs"]}
    assert set(pairs) == {"sqs-vs-sns", "kinesis-data-vs-firehose"}
    sqs = pairs["sqs-vs-sns"]
    assert sqs["title"] == "SQS vs SNS"
    assert [s["label"] for s in sqs["sides"]] == ["SQS", "SNS"]
    # What each side is for, without repeating its name; the clue sets the two side by side.
    assert sqs["sides"][0]["use"] == "a queue that keeps messages until a consumer pulls them"
    assert sqs["clue"] == (
        "SQS: a queue that keeps messages until a consumer pulls them / "
        "SNS: a topic that pushes every message to all subscribers"
    )
    questions = {q["id"]: q for q in deck["questions"]}
    sqs_side, sns_side = (set(s["questions"]) for s in sqs["sides"])
    assert sqs_side and sns_side and not sqs_side & sns_side
    # Each side's questions come from that side's own lines.
    assert all("SQS" in questions[q]["explanation"] for q in sqs_side)
    assert all("SNS" in questions[q]["explanation"] for q in sns_side)


def test_the_seed_memo_gives_the_pairs_learners_confuse(tmp_path):
    out = tmp_path / "seed.yaml"
    assert studybot_import(SEED, "--out", out) == 0
    pairs = {p.id: p for p in load_deck(out).deck.pairs}
    for wanted in ("sqs-vs-sns", "firehose-vs-streams", "alb-vs-nlb", "cloudwatch-vs-aws-x-ray"):
        assert wanted in pairs, sorted(pairs)
    # Japanese names without Latin words get an id from a hash of both names.
    assert any(p.startswith("pair-") and "オンデマンド" in pairs[p].title for p in pairs)
    assert all(len(p.sides) == 2 and all(s.questions for s in p.sides) for p in pairs.values())


def test_a_memo_without_two_sibling_sections_has_no_pairs(tmp_path):
    deck = imported(tmp_path, "# Notes\n\nSQS = a queue that keeps messages\nSNS = a topic\n")
    assert "pairs" not in deck


def test_merging_another_memo_keeps_the_pairs(tmp_path):
    first = imported(tmp_path, MEMO)
    merged = imported(tmp_path, STORAGE, "storage.md", "--merge")
    assert merged["pairs"] == first["pairs"]
    assert {t["id"] for t in merged["topics"]} >= {"queues", "streams", "s3", "ebs"}
