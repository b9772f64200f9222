"""The AWS deck written from aws-study-memo-0916.md: complete, well-formed, and current."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.app import BUILTIN_DECKS
from content.loader import load_deck

DECK_FILE = BUILTIN_DECKS / "aws-0916.yaml"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def deck():
    return load_deck(DECK_FILE).deck


def test_one_topic_per_memo_section(deck):
    assert 19 <= len(deck.topics) <= 24
    titles = " / ".join(t.title + " " + t.source_section for t in deck.topics)
    # The middle third of the memo has no markdown headings; each of its sections is a topic.
    for section in [
        "Data Lifecycle Manager",
        "Customer Gateway",
        "Global Accelerator",
        "Instance Scheduler",
        "Flink",
        "Firehose",
        "キャパシティ",
        "レプリケーション",
        "ライフサイクル",
        "SQS",
        "Egress",
        "RTMP",
        "IVS",
        "X-Ray",
        "Site-to-Site VPN",
        "CloudFront",
        "Account Factory",
        "FSBP",
        "Global Tables",
    ]:
        assert section in titles, section


def test_enough_questions_everywhere(deck):
    per_topic = Counter(q.topic for q in deck.questions)
    assert len(deck.questions) >= 90
    assert min(per_topic[t.id] for t in deck.topics) >= 4


def test_question_shapes(deck):
    kinds = Counter(q.type for q in deck.questions)
    assert set(kinds) == {"choice", "true_false"}
    for q in deck.questions:
        if q.type == "choice":
            assert 2 <= len(q.options) <= 6, q.id
    # The right answer is not always in the same place.
    positions = Counter(q.answer for q in deck.questions if q.type == "choice")
    assert max(positions.values()) <= 0.5 * sum(positions.values())
    truths = Counter(q.answer for q in deck.questions if q.type == "true_false")
    assert truths[True] >= 0.3 * kinds["true_false"] and truths[False] >= 0.3 * kinds["true_false"]


def test_text_is_japanese_with_explanations_and_sections(deck):
    memo = (DECK_FILE.parents[3] / "shared" / "seeds" / "aws-study-memo-0916.md").resolve()
    memo_text = memo.read_text(encoding="utf-8") if memo.exists() else None
    for q in deck.questions:
        assert JAPANESE.search(q.prompt), q.id
        assert JAPANESE.search(q.explanation) and len(q.explanation) >= 30, q.id
        if memo_text is not None:
            # The cited section is a heading or title line that really is in the memo.
            assert q.source_section.split("（")[0].strip() in memo_text, (q.id, q.source_section)


def test_no_prompt_gives_away_its_answer(deck):
    for q in deck.questions:
        if q.type == "choice":
            right = q.options[q.answer]
            assert right not in q.prompt, q.id


def find(deck, *words):
    return [
        q
        for q in deck.questions
        if q.corrects_memo
        and all(w in q.prompt + " ".join(q.options or []) + q.explanation for w in words)
    ]


@pytest.mark.parametrize(
    "words",
    [
        ("Elastic IP", "EC2"),  # Global Accelerator endpoints are not only ALB/NLB
        ("Amazon Data Firehose",),  # renamed from Kinesis Data Firehose
        ("Transit Gateway",),  # accelerated VPN needs a transit gateway attachment
        ("Batch Replication",),  # existing objects are replicated with S3 Batch Replication
        ("2 倍",),  # on-demand absorbs up to double the previous peak, not "millions" at once
        ("ExpiredObjectDeleteMarker",),  # lifecycle cannot expire delete markers after N days
        ("ウォームスループット",),  # a known peak is prepared by pre-warming, not by nothing
        ("OAC",),  # an S3 website endpoint is a custom origin, so OAC cannot protect it
        ("論理リソース",),  # a customer gateway is a logical resource, not a router AWS places
        ("バッファ", "900"),  # Firehose buffers 0–900 s, not only "seconds to tens of seconds"
    ],
)
def test_questions_follow_aws_where_the_memo_is_out_of_date(deck, words):
    assert find(deck, *words), words


@pytest.mark.parametrize(
    "question_id",
    [
        # The memo is silent here or loosely worded, not wrong: no correction is claimed.
        "sqs-sns-03",
        "rtmp-03",
        "cloudwatch-metrics-01",
        "cloudwatch-metrics-02",
        "kinesis-pipeline-01",
        "s3-replication-02",
        "security-hub-fsbp-02",
        "dynamodb-streams-global-tables-01",
        "managed-flink-01",
    ],
)
def test_corrects_memo_only_marks_real_contradictions(deck, question_id):
    question = next(q for q in deck.questions if q.id == question_id)
    assert not question.corrects_memo
    assert "誤り" not in question.explanation


def test_one_spelling_of_capacity(deck):
    texts = [t.title + t.summary for t in deck.topics]
    texts += [q.prompt + " ".join(q.options or []) + q.explanation for q in deck.questions]
    assert not [t for t in texts if re.search("キャパシティ(?!ー)", t)]


def test_the_memo_error_on_global_accelerator_is_not_taught(deck):
    for q in deck.questions:
        if q.type == "true_false" and q.answer is True:
            assert not ("ALB" in q.prompt and "NLB" in q.prompt and "のみ" in q.prompt), q.id


def test_the_memos_confusable_pairs_can_be_drilled(deck):
    pairs = {p.id: p for p in deck.pairs}
    assert set(pairs) == {
        "sqs-vs-sns",
        "firehose-vs-data-streams",
        "container-insights-vs-xray",
        "alb-vs-nlb-behind-ga",
        "on-demand-vs-provisioned",
        "dlm-vs-backup",
        "site-to-site-vs-accelerated-vpn",
    }
    by_id = {q.id: q for q in deck.questions}
    for pair in pairs.values():
        assert pair.clue and all(side.use for side in pair.sides), pair.id
        for side in pair.sides:
            # A five-question drill alternates sides, so each side needs at least three.
            assert len(side.questions) >= 3, (pair.id, side.label)
            assert all(q in by_id for q in side.questions), (pair.id, side.label)


def test_scenario_questions_cover_what_the_memo_stresses(deck):
    scenarios = [q for q in deck.questions if q.prompt.startswith("ある企業")]
    assert len(scenarios) >= 25
    text = {q.id: q.prompt + " ".join(q.options or []) + q.explanation for q in scenarios}
    for words in [
        ("UDP", "Network Load Balancer"),  # games, VoIP: NLB behind Global Accelerator
        ("IoT", "Global Accelerator + Network Load Balancer"),
        ("Data Streams → Managed Service for Apache Flink → S3 / Redshift",),
        ("Amazon Data Firehose", "S3 に貯めるだけ"),
        ("リアルタイム ETL",),
        ("ダッシュボード", "Managed Service for Apache Flink"),
        ("クロスリージョンコピー", "災害"),
        ("ルートユーザーのアクセスキー", "MFA"),
        ("ブロックパブリックアクセス",),
        ("PUT", "COPY", "上書き"),
        ("削除マーカーのレプリケーション",),
    ]:
        assert [i for i, t in text.items() if all(w in t for w in words)], words
