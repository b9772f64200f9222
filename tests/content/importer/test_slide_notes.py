"""Notes as slides, seminars and pasted lists leave them: space-aligned tables, a dated title
line, ◎ notes, `→` lines going on from a bullet, and self-checks whose answer is a Region."""

from __future__ import annotations

from content.importer.build import build
from content.importer.parser import parse

NOTES = (
    "【ネットワーク入門セミナー】メモ　2025/02/18\n"
    "講師：〇〇さん\n\n"
    "■ セキュリティグループ vs ネットワーク ACL\n"
    "　　　　　　　　SG　　　　　　NACL\n"
    "ステートフル　　◯　　　　　　×（戻りの通信も許可が必要）\n"
    "拒否ルール　　　×　　　　　　◯\n"
    "適用単位　　　　ENI（インスタンス）　サブネット\n"
    "評価順　　　　　全ルールを評価　番号の小さい順\n\n"
    "■ VPC 同士の接続\n"
    "【VPC ピアリング】\n"
    "・1対1 の接続\n"
    "・CIDR が重複していると作れない\n"
    "　→ 事前に CIDR を設計しておく\n"
    "【Transit Gateway】\n"
    "・ハブ＆スポーク型、リージョン単位の仮想ルーター\n"
    "・AWS RAM で他アカウントと共有\n"
    "◎「推移的」ときたら Transit Gateway！\n\n"
    "■ 自己チェック\n"
    "問）CloudFront で独自ドメインの HTTPS を使うとき、ACM 証明書はどのリージョン？\n"
    "答）us-east-1（バージニア北部）\n"
)


def _built():
    memo = parse(NOTES, "notes")
    return memo, build(memo, "deck", "notes.md")


def test_a_dated_bracket_line_names_the_memo_and_the_bracket_titles_stay_subsections():
    memo, _ = _built()
    assert memo.title.startswith("ネットワーク入門セミナー")
    assert [t.title for t in memo.topics] == [
        "セキュリティグループ vs ネットワーク ACL",
        "VPC 同士の接続",
        "自己チェック",
    ]
    links = memo.topics[1]
    assert [c.title for c in links.children] == ["VPC ピアリング", "Transit Gateway"]


def test_a_space_aligned_table_compares_its_columns():
    memo, made = _built()
    rows = [i for i in memo.topics[0].items if i.kind == "row"]
    assert [r.cells for r in rows][:2] == [
        ("ステートフル", "◯", "×（戻りの通信も許可が必要）"),
        ("拒否ルール", "×", "◯"),
    ]
    assert rows[0].header == ("", "SG", "NACL")
    asked = [d for _, d in made.drafts if d.topic is memo.topics[0] and d.kind == "row"]
    assert asked and all(set(d.options) == {"SG", "NACL"} for d in asked)


def test_an_arrow_line_goes_on_with_its_bullet_and_a_noted_line_is_no_title():
    memo, _ = _built()
    peering, gateway = memo.topics[1].children
    assert [i.text for i in peering.items] == ["1対1 の接続", "CIDR が重複していると作れない"]
    assert peering.items[1].cont == ["→ 事前に CIDR を設計しておく"]
    assert not peering.children  # the bullet heads no section of its own
    # "◎ …！" is the speaker's point: a line of the section, not a title with nothing under it.
    assert gateway.items[-1].text == "「推移的」ときたら Transit Gateway！"
    assert not gateway.children


def test_a_region_answer_takes_other_regions_as_its_wrong_options():
    _, made = _built()
    (quiz,) = [d for _, d in made.drafts if d.kind == "qa"]
    assert quiz.options[quiz.answer] == "us-east-1"
    assert all(o.count("-") == 2 for o in quiz.options), quiz.options


ONENOTE = (
    "High Availability\n\n"
    "DR Strategies (cheapest -> most expensive)\n"
    "1. Backup and Restore\n"
    "\to RPO / RTO measured in hours\n"
    "\to infrastructure is rebuilt from IaC only when the disaster happens\n"
    "2. Pilot Light\n"
    "\to core data is live and replicating in the DR Region\n"
    "\to RPO / RTO in tens of minutes\n"
    "Tip: pilot light can't serve requests without extra work\n"
)


def test_pasted_onenote_lists_keep_their_points_under_their_numbered_line():
    memo = parse(ONENOTE, "ha")
    found = {s.title: s for t in memo.topics for s in t.walk()}
    backup, pilot = found["Backup and Restore"], found["Pilot Light"]
    # "\to x" is OneNote's sub-bullet: the letter is no part of the point.
    assert [i.text for i in backup.items] == [
        "RPO / RTO measured in hours",
        "infrastructure is rebuilt from IaC only when the disaster happens",
    ]
    # A line back at the left margin is no point of the last strategy.
    assert all("Tip" not in i.text for i in pilot.items)
    assert any(i.text.startswith("Tip") for t in memo.topics for _, i in t.all_items())


def test_a_numbered_line_with_a_short_term_keeps_its_fact_and_heads_its_notes():
    text = (
        "# Lambda\n\n## 呼び出しタイプ\n"
        "1) 同期：API Gateway、ALB、SDK の RequestResponse\n"
        "   - エラー時のリトライは呼び出し側の責任\n"
        "2) 非同期：S3 イベント、SNS、EventBridge\n"
        "   - 失敗時はデフォルトで 2 回リトライ\n"
    )
    memo = parse(text, "lambda")
    (kinds,) = memo.topics
    assert [c.title for c in kinds.children] == ["同期", "非同期"]
    assert [i.text for i in kinds.items] == [
        "同期：API Gateway、ALB、SDK の RequestResponse",
        "非同期：S3 イベント、SNS、EventBridge",
    ]


def test_a_phrase_header_is_not_spliced_into_the_prompt_and_rows_quote_without_pipes():
    text = (
        "# Analytics\n\n## 試験での選び方\n\n"
        "| | こういうキーワードなら |\n|---|---|\n"
        "| Athena | S3 にアドホック SQL、サーバーレス |\n"
        "| Redshift | DWH、複雑な集計を大量データで繰り返し |\n"
        "| QuickSight | ダッシュボード、可視化、BI |\n"
    )
    made = build(parse(text, "a"), "deck", "a.md")
    shown = [d for _, d in made.drafts if d.kind in ("row", "truefalse")]
    assert shown
    assert not any("なら" in d.prompt for d in shown), [d.prompt for d in shown]
    assert not any("|" in d.explanation for d in shown), [d.explanation for d in shown]


def test_a_japanese_heading_over_one_service_makes_that_service_the_topics_subject():
    text = (
        "# Analytics\n\n"
        "## 変換・カタログ（Glue）\n- サーバーレスの ETL サービス\n"
        "- クローラーでスキーマを推測\n\n"
        "## 可視化（QuickSight）\n- サーバーレスの BI サービス\n"
        "- SPICE はインメモリの計算エンジン\n\n"
        "## ガバナンス（Lake Formation）\n- 列レベル・行レベルの権限をまとめて管理\n"
        "- LF-Tags でタグ単位に権限を付与\n"
    )
    made = build(parse(text, "a"), "deck", "a.md")
    subjects = [d for _, d in made.drafts if d.kind == "subject"]
    assert subjects
    assert all(set(d.options) <= {"Glue", "QuickSight", "Lake Formation"} for d in subjects)


LOGSEQ = (
    "tags:: aws, security\n"
    "id:: 67c8a1f2-4b3e-4d1a-9f0e-2a7c5d9e1b44\n\n"
    "- [[KMS]] (Key Management Service)\n"
    "\t- TODO Domain 配分を確認する\n"
    "\t- 鍵の種類\n"
    "\t\t- **カスタマー管理キー** — 自分で作成、キーポリシーも自分で管理\n"
    "\t\t- **AWS マネージドキー** — aws/s3 のようなエイリアス、サービスが代わりに作る\n"
    "\t\t- **AWS 所有キー** — AWS が複数アカウントで使う、自分のアカウントからは見えない\n"
    "\t- KMS で直接暗号化できるのは 4 KB まで\n"
    "\t\t- それ以上はエンベロープ暗号化\n"
    "\t- 料金:: キーごとの月額 + API リクエスト\n"
    "\t\t- DONE 無料枠を確認\n"
)


def test_a_logseq_outline_reads_its_properties_tasks_and_bold_terms():
    memo = parse(LOGSEQ, "sec")
    (kms,) = memo.topics
    texts = [i.text for _, i in kms.all_items()]
    assert not any("TODO" in t or "DONE" in t or "::" in t for t in texts), texts
    assert "料金: キーごとの月額 + API リクエスト" in texts
    # A fact with a note under it stays a fact of its list.
    assert "KMS で直接暗号化できるのは 4 KB まで" in [i.text for i in kms.items]
    made = build(memo, "deck", "sec.md")
    blanks = {d.options[d.answer] for _, d in made.drafts if d.kind == "blank"}
    assert {"AWS マネージドキー", "AWS 所有キー"} <= blanks, blanks


def test_self_test_answers_in_sentences_become_options_of_what_the_memo_lists_beside_them():
    text = (
        "DR\n\nDR Strategies\n"
        "1. Backup and Restore\n\to RPO / RTO in hours\n"
        "2. Pilot Light\n\to core data is live, app servers off\n"
        "3. Warm Standby\n\to a scaled-down copy always running\n"
        "4. Multi-site active/active\n\to full capacity in 2+ Regions\n\n"
        "Self-test\n"
        "Q: A smaller copy of production is always running. Which DR strategy is it?\n"
        "A: Warm standby, because a scaled-down environment only needs scaling up.\n"
        "Q: Does the standby of an RDS Multi-AZ instance deployment serve reads?\n"
        "A: No, the standby is only there for failover.\n"
        "Q: A game server needs UDP and a static IP\n"
        "A: Global Accelerator\n"
    )
    made = build(parse(text, "dr"), "deck", "dr.md")
    quiz = {d.clue: d for _, d in made.drafts if d.kind == "qa"}
    strategy = quiz["A smaller copy of production is always running. Which DR strategy is it?"]
    assert strategy.options[strategy.answer] == "Warm Standby"
    assert set(strategy.options) <= {
        "Backup and Restore",
        "Pilot Light",
        "Warm Standby",
        "Multi-site active/active",
    }
    standby = quiz["Does the standby of an RDS Multi-AZ instance deployment serve reads?"]
    assert standby.options == ("Yes", "No") and standby.answer == 1
    # A scenario without a question mark is still asked as a question.
    for draft in quiz.values():
        assert draft.prompt.rstrip().endswith(("?", "？")), draft.prompt


def test_a_labelled_list_gives_its_blanks_their_context_and_a_family_is_no_rival():
    text = (
        "Load balancers\n\n"
        "Elastic Load Balancing\n"
        "ALB – Layer 7 (HTTP/HTTPS, gRPC, WebSockets)\n"
        "NLB - Layer 4 (TCP, UDP, TLS), one static IP per AZ\n"
        "GWLB – Layer 3, for third-party virtual appliances\n"
        "Cross-zone load balancing:\n"
        "\t- ALB: on by default\n"
        "\t- NLB / GWLB: off by default (inter-AZ data charges apply)\n"
    )
    made = build(parse(text, "elb"), "deck", "elb.md")
    blanks = [d for _, d in made.drafts if d.kind == "blank"]
    assert blanks
    assert all("Elastic Load Balancing" not in d.options for d in blanks)
    on = [d for d in blanks if "on by default" in d.clue]
    assert on, [d.clue for d in blanks]
    assert all(d.clue.startswith("Cross-zone load balancing — ") for d in on), on


def test_scrapbox_starred_brackets_and_html_summaries_are_titles():
    scrapbox = (
        "S3 まとめ\n#AWS #S3\n\n"
        "[** S3 ストレージクラス]\n"
        " [* S3 Standard]\n  頻繁にアクセスするデータ向け\n"
        " [* S3 Standard-IA]\n  最低保存期間 30 日\n"
        "[** ライフサイクルルール]\n 移行アクションと有効期限アクションの2種類\n"
    )
    memo = parse(scrapbox, "s3")
    assert [t.title for t in memo.topics][-2:] == ["S3 ストレージクラス", "ライフサイクルルール"]
    classes = memo.topics[-2]
    assert [c.title for c in classes.children] == ["S3 Standard", "S3 Standard-IA"]
    wiki = (
        "# Monitoring\n\n"
        "<details>\n<summary>CloudWatch Metrics</summary>\n"
        "- Basic monitoring: 5-minute data, free\n</details>\n\n"
        "<details>\n<summary>CloudWatch Alarms</summary>\n"
        "- States: OK, ALARM, INSUFFICIENT_DATA\n</details>\n"
    )
    memo = parse(wiki, "mon")
    assert [t.title for t in memo.topics] == ["CloudWatch Metrics", "CloudWatch Alarms"]
    assert [i.text for i in memo.topics[1].items] == ["States: OK, ALARM, INSUFFICIENT_DATA"]


def test_facet_labels_are_never_the_answer_of_a_blank():
    text = (
        "# EC2\n\n## Hibernation\n"
        "- Requirements: EBS root volume, encrypted, big enough to hold the RAM\n"
        "- Use case: apps that take a long time to warm up\n"
        "- While hibernated: no instance charges, EBS volumes still billed\n\n"
        "## Placement groups\n"
        "### Cluster\n- one AZ, low latency between instances\n"
        "### Spread\n- each instance on distinct hardware\n"
        "### General\n- no charge for placement groups\n"
    )
    made = build(parse(text, "ec2"), "deck", "ec2.md")
    answers = {d.options[d.answer] for _, d in made.drafts if d.options}
    assert not answers & {"Requirements", "Use case", "General"}, answers
    assert not any("General" in (d.options or ()) for _, d in made.drafts)
