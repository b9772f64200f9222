"""Layouts of blog articles and phone memos: a Zenn article's `:::` marks and footnotes, a
heading that names one option, hedged lines, a phone memo's title marks and `Ｑ．` / `Ａ．`."""

from __future__ import annotations

from tests.content.importer.support import read_and_build

ZENN = """---
title: "VPC エンドポイントのメモ"
emoji: "🔌"
type: "tech"
topics: ["aws", "vpc"]
published: true
---

## ゲートウェイエンドポイント
- 対象は S3 と DynamoDB だけ
- ルートテーブルにルートが足される方式。ENI は作られない[^1]

| | ゲートウェイ型 | インターフェイス型 |
| --- | --- | --- |
| 仕組み | ルートテーブル | サブネット内の ENI |
| 料金 | 無料 | 時間料金＋データ量 |
| オンプレから | 使えない | 使える |

:::message alert
オンプレから S3 に行くならインターフェイス型を選ぶ。
:::

:::details 自分用の補足
エンドポイントポリシーでバケットを絞れる。
:::

## Client VPN
- 人と VPC をつなぐマネージド VPN。OpenVPN ベース
- 認証：相互証明書、Active Directory、SAML フェデレーション
- 帯域：2025年からトンネルあたり 5 Gbps も選べるようになったらしい
- 料金：関連付けの時間料金と接続時間
- スプリットトンネル：AWS 宛ての通信だけ VPN を通す

[^1]: 2025年の料金ページより。たぶん変わらないと思う
"""


def test_a_heading_naming_one_option_is_no_context_and_a_hedged_footnote_is_no_fact():
    memo, made = read_and_build(ZENN, "zenn")
    assert [t.title for t in memo.topics] == ["ゲートウェイエンドポイント", "Client VPN"]
    columns = [d for _, d in made.drafts if d.options == ("ゲートウェイ型", "インターフェイス型")]
    assert columns
    for draft in columns:
        # Over "ゲートウェイ型 / インターフェイス型" that heading points at one of them;
        # what it says once the option's part is off is what both options are.
        assert "ゲートウェイエンドポイント" not in draft.prompt, draft.prompt
        assert draft.prompt.startswith("「エンドポイント」: "), draft.prompt
    for _, draft in made.drafts:
        shown = " ".join([draft.prompt, *(draft.options or ()), draft.explanation])
        assert ":::" not in shown and "message" not in shown and "[^" not in shown
        # The author was not sure of these: no question rests on them.
        assert "らしい" not in shown and "思う" not in shown
    lines = [i.text for t in memo.topics for _, i in t.all_items()]
    # A footnote reads as its text; this one is hedged ("たぶん…と思う"), so nothing asks it.
    assert "2025年の料金ページより。たぶん変わらないと思う" in lines


def test_a_line_the_author_is_unsure_of_gives_no_question():
    memo = """# SQS

## Queues
- Visibility timeout: 30 seconds by default, up to 12 hours
- Long polling: waits up to 20 seconds for a message
- Delay queue: postpones delivery up to 15 minutes, I think
- Message retention: 4 days by default, up to 14 days
- Dead-letter queue: receives messages after maxReceiveCount failures (?)
"""
    _, made = read_and_build(memo, "sqs")
    assert len(made.drafts) >= 2
    for _, draft in made.drafts:
        shown = " ".join([draft.prompt, *(draft.options or ()), draft.explanation])
        assert "15 minutes" not in shown and "maxReceiveCount" not in shown, shown


PHONE = """SAA コストメモ💰

【購入オプションざっくり】
・オンデマンド…コミットなし
・スポット…余ったキャパを大幅割引。ただし中断される

◆オンデマンド
・Linux は秒単位課金（最低60秒）

◆Savings Plans
・期間は1年 or 3年
①Compute Savings Plans
　最大66%オフ
　Fargate と Lambda も対象
②EC2 Instance Savings Plans
　最大72%オフ
　1リージョンの1ファミリーに固定
・途中解約できない

◆専有ホスト vs 専有インスタンス
【専有ホスト】
・ソケットやコアが見えるので BYOL できる
【専有インスタンス】
・インスタンス単位の課金

◆自己チェック✅
Ｑ．ソケット単位の既存ライセンスを使いたい
Ａ．専有ホスト
Ｑ．中断されてもいいバッチを一番安く
Ａ．スポット
"""


def test_a_phone_memos_title_marks_nest_as_written_and_its_self_check_is_asked():
    memo, made = read_and_build(PHONE, "phone")
    titles = [t.title for t in memo.topics]
    assert titles == [
        "購入オプションざっくり",
        "オンデマンド",
        "Savings Plans",
        "専有ホスト vs 専有インスタンス",
        "自己チェック",
    ]
    plans = memo.topics[2]
    # "・途中解約できない" after the indented lines of ② is Savings Plans' own line again.
    assert [i.text for i in plans.items] == ["期間は1年 or 3年", "途中解約できない"]
    assert [c.title for c in plans.children] == [
        "Compute Savings Plans",
        "EC2 Instance Savings Plans",
    ]
    assert [c.title for c in memo.topics[3].children] == ["専有ホスト", "専有インスタンス"]
    asked = [d for _, d in made.drafts if d.kind == "qa"]
    assert {d.options[d.answer] for d in asked} == {"専有ホスト", "スポット"}


def test_a_heading_naming_an_option_in_its_middle_gives_way_to_its_parent():
    memo = """# DynamoDB のメモ
## キャパシティモード
- オンデマンド：リクエスト単位の課金
- プロビジョンド：RCU と WCU を決めておく
### RCU / WCU の計算
| 単位 | 1ユニットでできること |
| --- | --- |
| RCU | 4KBまでの強い整合性の読み込みを毎秒1回 |
| WCU | 1KBまでの書き込みを毎秒1回 |
| TTL | 期限切れのアイテムを追加料金なしで削除 |
"""
    _, made = read_and_build(memo, "capacity")
    prompts = [d.prompt for _, d in made.drafts if d.kind == "row"]
    assert prompts
    for prompt in prompts:
        # Taking "WCU" out of the middle would leave "RCU / の計算": no word of its own.
        assert "の計算" not in prompt and prompt.startswith("「キャパシティモード」"), prompt
