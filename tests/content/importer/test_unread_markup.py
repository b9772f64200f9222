"""Markup the reader does not know never reaches a learner: the question is left out and the
quality report says where, so the author can tell which part of the memo was not read."""

from __future__ import annotations

import pytest

from content.importer import residue
from tests.content.importer.support import read_and_build, studybot_import

# DokuWiki syntax, which no rule of the reader knows: ''monospace'', {{images}}, ^ header
# cells ^ and ====== headings ======.
DOKUWIKI = (
    "====== SQS と SNS ======\n\n"
    "===== SQS =====\n"
    "  * 標準キュー: 順序保証なし、少なくとも1回配信\n"
    "  * FIFO キュー: ''MessageGroupId'' ごとに順序保証、1秒300件（バッチで3000件）\n"
    "  * 可視性タイムアウト: 処理中のメッセージを隠す時間、既定30秒 {{sqs.png?200}}\n"
    "  * ロングポーリング: 最大20秒待つ、空の応答を減らす\n"
    "===== SNS =====\n"
    "  * トピック: 発行したメッセージを全サブスクライバーに配信\n"
    "  * フィルターポリシー: ^ 属性 ^ 値 ^ でサブスクライバーごとに絞る\n"
    "  * SNS + SQS のファンアウト: 1つの発行を複数キューへ\n"
    "  * FIFO トピック: SQS FIFO キューにだけ配信できる\n"
)


@pytest.mark.parametrize(
    "text",
    [
        "{info}",
        "{{sqs.png?200}}",
        "[[Aurora]]",
        "((a1b2c3d4e))",
        "|cell|cell|",
        "----",
        "^^重要^^",
        "''mono''",
        "`code`",
        "=MGN=",
        "/Snowcone/",
        "~~old~~",
        "term:: definition",
        "#+TITLE: memo",
        ":END:",
        "h2. Alarms",
        "「== Fargate」",
        "<<anchor>>",
        "「:Write per shard: 1 MB/s」",
        "<code>",
        "footnote:[x]",
        "https://aws.amazon.com",
    ],
)
def test_markup_of_any_syntax_is_seen(text):
    assert residue.leftover(f"{text} のこと") is not None


@pytest.mark.parametrize(
    "text",
    [
        "arn:aws:iam::123456789012:role/admin は IAM ロールの ARN",
        "空欄に入るのはどれ？\n「＿＿＿ = 3 AZ に 6 コピー」",
        "Fill in the blank:\n“_____: managed by AWS”",
        "読み/書き/削除、A/B テスト、TCP/UDP、1/2 の確率…など...",
        "EBS + EC2 + ELB、C: ドライブ、gp3 = 3,000 IOPS",
        "max_connections は DB パラメータ、RTO < 1 分、2^31 件",
        'exam hint: "DDoS + cost protection + someone to call" = Advanced',
    ],
)
def test_prose_is_no_markup(text):
    assert residue.leftover(text) is None


# The same lines under Markdown headings: the reader knows the sections, not the inline marks.
MIXED = (
    DOKUWIKI.replace("====== SQS と SNS ======", "# SQS と SNS")
    .replace("===== SQS =====", "## SQS")
    .replace("===== SNS =====", "## SNS")
)


def test_questions_showing_unread_markup_are_left_out_and_named():
    _, made = read_and_build(MIXED, "dokuwiki")
    assert made.drafts, "the plain lines still give questions"
    for _, draft in made.drafts:
        shown = [draft.prompt, *(draft.options or ()), draft.explanation]
        assert residue.in_question(shown) is None, shown
    lines = MIXED.splitlines()
    assert made.unread, "the lines with markup are named"
    for line, found in made.unread:
        marks = [mark for mark in ("''", "{{", "^") if mark in lines[line - 1]]
        assert marks and any(mark in found for mark in marks), (line, found)


def test_the_report_names_the_lines_left_out(tmp_path, capsys):
    memo = tmp_path / "dokuwiki.txt"
    memo.write_text(MIXED, encoding="utf-8")
    assert studybot_import(memo, "--out", tmp_path / "deck.yaml", "--report") == 0
    out = capsys.readouterr().out
    assert "Left out, showing markup this importer does not read:" in out
    assert "line 6:" in out and "{{sqs.png?200" in out


def test_a_memo_whose_every_question_shows_markup_is_refused_with_the_reason(tmp_path, capsys):
    memo = tmp_path / "dokuwiki.txt"
    memo.write_text(DOKUWIKI, encoding="utf-8")
    out = tmp_path / "deck.yaml"
    assert studybot_import(memo, "--out", out) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and not out.exists()
    assert "showed markup this importer does not read (line 6: " in err
    assert "{{sqs.png?200" in err
