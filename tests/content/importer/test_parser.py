"""The parser finds the memo's topics in markdown and in plain-text layouts."""

from __future__ import annotations

import pytest

from content.importer.parser import parse
from content.importer.tree import Memo, Section
from content.loader import load_deck
from tests.content.importer.support import HAND_DECK, MEMOS, SEED

# A word each hand-written topic shares with the topic the importer should find for it.
DECK_TOPIC_WORDS = {
    "sqs-sns": "SQS",
    "cfn-egress": "Egress",
    "rtmp": "RTMP",
    "ivs": "IVS",
    "cloudwatch-metrics": "CloudWatch",
    "container-insights-xray": "X-Ray",
    "site-to-site-vpn": "Site-to-Site VPN",
    "data-lifecycle-manager": "Data Lifecycle Manager",
    "customer-gateway": "Customer Gateway",
    "global-accelerator": "Global Accelerator",
    "instance-scheduler": "Instance Scheduler",
    "managed-flink": "Flink",
    "firehose-vs-data-streams": "Firehose",
    "dynamodb-capacity": "DynamoDB",
    "kinesis-pipeline": "Kinesis Data Streams",
    "s3-replication": "CRR",
    "s3-versioning-lifecycle": "ライフサイクル",
    "cloudfront-origins": "CloudFront",
    "account-factory": "Account Factory",
    "security-hub-fsbp": "FSBP",
    "control-tower-security-hub": "役割の違い",
    "dynamodb-streams-global-tables": "Global Tables",
}
PLAIN_PART = range(132, 440)  # seed lines with no markdown at all


@pytest.fixture(scope="module")
def seed() -> Memo:
    return parse(SEED.read_text(encoding="utf-8"), SEED.stem)


def memo(name: str) -> Memo:
    path = MEMOS / name
    return parse(path.read_text(encoding="utf-8"), path.stem)


def topic_at(found: Memo, line: int) -> Section:
    """The found topic whose lines hold `line`."""
    starts = sorted(found.topics, key=lambda t: t.line)
    holding = [t for t in starts if t.line <= line]
    return holding[-1]


def line_of(text: str, title: str) -> int:
    for no, line in enumerate(text.split("\n"), start=1):
        if line.lstrip("# ").strip() == title:
            return no
    raise AssertionError(f"{title!r} is not a line of the memo")


def test_every_hand_written_topic_is_found_in_both_layouts(seed):
    deck = load_deck(HAND_DECK).deck
    assert {t.id for t in deck.topics} == set(DECK_TOPIC_WORDS)
    text = SEED.read_text(encoding="utf-8")
    matched: dict[str, Section] = {}
    for topic in deck.topics:
        line = line_of(text, topic.source_section)
        found = topic_at(seed, line)
        word = DECK_TOPIC_WORDS[topic.id]
        assert word in found.raw_title or word in found.title, (topic.id, found.title)
        assert found.end >= line
        matched[topic.id] = found
    # One found topic per hand-written one: none of them was merged into another.
    assert len({id(t) for t in matched.values()}) == len(matched)
    plain = [t for t in seed.topics if t.line in PLAIN_PART]
    markdown = [t for t in seed.topics if t.line not in PLAIN_PART]
    assert len(plain) >= 10 and len(markdown) >= 12
    assert seed.title == "AWS 学習メモ 0916" and seed.language == "ja"


def test_seed_plain_part_titles_and_subsections(seed):
    titles = {t.title: t for t in seed.topics}
    accelerator = titles["AWS Global Accelerator"]
    assert [c.title for c in accelerator.children] == [
        "ALB + Global Accelerator",
        "NLB + Global Accelerator",
    ]
    firehose = titles["Firehose と Data Streams の違い"]
    assert [c.title for c in firehose.children][:2] == [
        "Kinesis Data Firehose",
        "Kinesis Data Streams",
    ]
    # A paragraph opening with an unrelated service and は starts a topic of its own.
    assert "Amazon Kinesis Data Streams" in titles
    kinesis = titles["Amazon Kinesis Data Streams"]
    assert kinesis.raw_title.startswith("Amazon Kinesis Data Streams 自体は")
    # Lines after "例:" are its items, not titles.
    flink = titles["Amazon Managed Service for Apache Flink"]
    first_use = flink.children[0].children[0]
    assert first_use.title == "リアルタイム集計"
    assert [i.label for i in first_use.items if i.kind == "text"][:2] == ["例", "例"]
    # "PUT（新規アップロード）" is an item of "…以下：", not a topic.
    assert all("PUT" not in t.title for t in seed.topics)


def test_seed_markdown_part_levels_and_rules(seed):
    titles = {t.title: t for t in seed.topics}
    xray = titles["CloudWatch Container Insights vs AWS X-Ray"]
    assert [c.title for c in xray.children] == ["CloudWatch Container Insights", "AWS X-Ray"]
    # After a horizontal rule a deeper heading starts a topic (the memo's own separator).
    assert "役割の違いと補完関係" in titles and "Account Factory の正体" in titles
    # A table is read as rows with their header.
    lifecycle = titles["S3 バージョニング + ライフサイクルポリシー"]
    table = next(c for c in lifecycle.children if c.title == "S3 ライフサイクルトリガー一覧")
    rows = [i for i in table.items if i.kind == "row"]
    assert len(rows) == 4 and rows[0].header[0] == "トリガーの種類"


def test_english_memo_with_numbered_headings_and_bold_titles():
    found = memo("en-networking.md")
    assert found.title == "AWS Networking Notes - week 38" and found.language == "en"
    assert [t.title for t in found.topics] == [
        "VPC endpoints",
        "NAT",
        "Load balancers",
        "Route 53 routing policies",
        "Connectivity to on-premises",
        "Security groups vs network ACLs",
    ]
    balancers = found.topics[2]
    assert [c.title for c in balancers.children] == [
        "Application Load Balancer",
        "Network Load Balancer",
        "Gateway Load Balancer",
    ]
    connectivity = found.topics[4]
    assert [c.title for c in connectivity.children] == ["Site-to-Site VPN", "Direct Connect"]
    acls = found.topics[5]
    assert [c.title for c in acls.children] == ["Security group", "Network ACL"]


def test_japanese_memo_with_marker_and_bracket_titles():
    found = memo("ja-storage.md")
    assert found.language == "ja"
    assert [t.title for t in found.topics] == [
        "S3 のストレージクラス",
        "EBS と EFS とインスタンスストア",
        "バックアップの考え方",
        "CloudFront の署名付き URL と署名付き Cookie",
        "KMS のキー",
    ]
    assert [c.title for c in found.topics[0].children] == [
        "S3 Standard",
        "S3 Standard-IA",
        "S3 One Zone-IA",
        "S3 Glacier Deep Archive",
    ]
    notes = [i for i in found.topics[0].children[-1].items if i.kind == "note"]
    assert len(notes) == 2  # ✅ / ❌ lines are notes, not clues


def test_plain_english_memo_without_markdown():
    found = memo("en-plain-databases.md")
    assert found.title == "Database notes"
    assert [t.title for t in found.topics] == [
        "Amazon Aurora",
        "DynamoDB Accelerator",
        "Amazon ElastiCache",
        "RDS Proxy",
    ]
    assert [c.title for c in found.topics[0].children] == [
        "Aurora Replicas",
        "Aurora Global Database",
    ]


def test_setext_headings_and_continuation_lines():
    text = "Queues\n======\n\nSQS = a queue\n→ consumers poll it\n\nTopics\n======\n\n"
    found = parse(text + "Push\n----\n- SNS pushes\n", "x")
    assert [t.title for t in found.topics] == ["Queues", "Topics"]
    assert [c.title for c in found.topics[1].children] == ["Push"]
    item = found.topics[0].items[0]
    assert item.text == "SQS = a queue" and item.cont == ["→ consumers poll it"]
    assert (item.no, item.end) == (4, 5)


def test_numbered_list_items_are_not_titles():
    found = parse("## How it works\n1. a thing happens\n2. then another\n3. done\n", "x")
    assert [c.title for c in found.topics[0].children] == []
    assert [i.kind for i in found.topics[0].items] == ["item", "item", "item"]


def test_memo_without_structure_is_one_topic():
    text = "This memo is a single paragraph of prose.\nIt goes on for a while without titles.\n"
    found = parse(text, "notes")
    assert len(found.topics) == 1 and found.topics[0].form == "root"
    assert found.topics[0].title == "notes"
