"""Memos kept as a Backlog wiki page, as an HTML page saved from a note app, as an e-mail
thread with a study partner's reply around the quoted notes, and as a dated study diary."""

from __future__ import annotations

from content.importer.dialects import as_markdown
from content.importer.markup import has_markup
from tests.content.importer.support import read_and_build

BACKLOG = """* DR のまとめ

自分用メモ&br;

** Vault Lock
|項目|ガバナンスモード|コンプライアンスモード|h
|ロックの解除|十分なIAM権限があれば可能|猶予期間が過ぎたら誰も不可|
|rootユーザー|権限があれば外せる|外せない|
|向いてる用途|テスト、社内ルールの強制|規制対応（金融・医療とか）|

** Elastic Disaster Recovery
- ''ブロックレベル''の継続レプリケーションでステージングエリアへ
-- ステージングは小さいレプリケーションサーバーと安い EBS で待機
- 目安: RPO 秒単位 / RTO 分単位
{code}
aws drs start-recovery --source-servers ...
{/code}

** 直前チェック
+ 「バックアップを root でも消せないように」→ Vault Lock コンプライアンスモード
+ 「RPO 秒・RTO 分でサーバーを DR」→ Elastic Disaster Recovery
+ 「15 分以内の複製を SLA で保証」→ S3 RTC
"""


def test_a_backlog_page_gives_its_headings_lists_and_table():
    lines = BACKLOG.splitlines()
    markdown = as_markdown(lines)
    assert len(markdown) == len(lines)  # line for line: questions name the memo's lines
    assert markdown[4] == "## Vault Lock"
    assert markdown[12] == "  - ステージングは小さいレプリケーションサーバーと安い EBS で待機"
    assert markdown[19].startswith("1. ")
    memo, made = read_and_build(BACKLOG, "dr")
    assert [t.title for t in memo.topics][-3:] == [
        "Vault Lock",
        "Elastic Disaster Recovery",
        "直前チェック",
    ]
    rows = [
        d for _, d in made.drafts if d.options == ("ガバナンスモード", "コンプライアンスモード")
    ]
    assert rows, [d.prompt for _, d in made.drafts]
    for _, draft in made.drafts:
        shown = " ".join([draft.prompt, *(draft.options or ()), draft.explanation])
        assert "''" not in shown and "&br;" not in shown and "drs start" not in shown
        assert not has_markup(shown), shown


def test_markdown_bullets_and_mediawiki_pages_are_no_backlog():
    markdown = ["* S3", "* EBS", "- gp3 が標準", "-- 入れ子"]
    assert as_markdown(markdown)[0].startswith("*")  # no "#": a `* ` list stays a list
    wiki = ["== EBS ==", "* ''gp3'': 標準", "* io2: 高 IOPS"]
    assert not as_markdown(wiki)[1].startswith("#")


HTML = """<!DOCTYPE html>
<html><head><title>ML メモ</title><style>li { color: red; }</style></head>
<body>
<h1>AI/ML サービス</h1>
<h2>SageMaker のパーツ</h2>
<h3>Clarify</h3>
<ul>
<li><b>バイアス検出</b>（学習前のデータ / 学習後のモデル）</li>
<li>説明可能性（SHAP で特徴量の寄与度）&amp; 基盤モデルの評価</li>
</ul>
<h3>Model Monitor</h3>
<ul>
<li>デプロイ後の監視。ベースラインと比べて<mark>ズレ</mark>を検知
  <ul><li>データ品質 / モデル品質 / バイアスのドリフト</li></ul></li>
<li>エンドポイントのデータキャプチャを使う</li>
</ul>
<h2>推論エンドポイント</h2>
<table>
<tr><th>種類</th><th>特徴</th><th>こういう時</th></tr>
<tr><td>リアルタイム</td><td>常時起動、低レイテンシ</td><td>Web アプリから同期で呼ぶ</td></tr>
<tr><td>サーバーレス</td><td>ゼロまでスケール、コールドスタートあり</td><td>たまにしか来ない</td></tr>
<tr><td>非同期</td><td>キューに入れて処理、結果は S3</td><td>大きいファイル</td></tr>
</table>
</body></html>
"""


def test_an_html_page_is_read_tag_by_tag_on_its_own_lines():
    lines = HTML.splitlines()
    markdown = as_markdown(lines)
    assert len(markdown) == len(lines)
    assert markdown[5] == "### Clarify"
    assert markdown[7] == "- **バイアス検出**（学習前のデータ / 学習後のモデル）"
    assert markdown[8] == "- 説明可能性（SHAP で特徴量の寄与度）& 基盤モデルの評価"
    assert markdown[13] == "  - データ品質 / モデル品質 / バイアスのドリフト"
    assert markdown[18] == "|| 種類 || 特徴 || こういう時 ||"
    assert "color" not in " ".join(markdown)  # the <style> is no line of the memo
    memo, made = read_and_build(HTML, "ml")
    assert {"Clarify", "Model Monitor"} <= {c.title for t in memo.topics for c in t.children}
    which = [
        d for _, d in made.drafts if d.options and set(d.options) == {"Clarify", "Model Monitor"}
    ]
    assert which, [d.prompt for _, d in made.drafts]
    for _, draft in made.drafts:
        shown = " ".join([draft.prompt, *(draft.options or ()), draft.explanation])
        assert "<" not in shown and "&amp;" not in shown and "==" not in shown, shown
        # "こういう時" points at its cells: "…のこういう時は「…」" says nothing.
        assert "のこういう時" not in shown and "こういう時が" not in shown, shown


def test_a_markdown_memo_with_an_html_block_is_still_markdown():
    memo = [
        "## CloudWatch",
        "<details>",
        "<summary>Logs</summary>",
        "<p>保持期間</p>",
        "</details>",
    ]
    assert as_markdown(memo) == memo


MAIL = """From: Ken <ken@example.net>
To: Priya <priya@example.com>
Subject: RE: identity notes
Date: Tue, 17 Nov 2026 22:41:09 +0900

Mostly good! Comments inline.

Ken
--
Ken M.

-----Original Message-----
From: Priya <priya@example.com>
Subject: identity notes

> [1] Directory Service
> AD Connector
> - just a proxy, redirects auth requests to on-prem AD. Nothing is
>   stored in AWS.
> - needs a network path to on-prem: VPN or Direct Connect
> Simple AD
> - Samba 4 based, AD-compatible, cheap
> - supports trusts with on-prem AD, so it's a cheap bridge

No, actually - Simple AD does NOT support trust relationships. Use AWS
Managed Microsoft AD for a trust.

> [2] which one
> - existing on-prem AD, nothing in the cloud ........ AD Connector
> - small, cheap, basic AD ........................... Simple AD
> - trust with on-prem AD ............................ AWS Managed Microsoft AD
"""


def test_an_email_thread_reads_the_quoted_notes_and_drops_what_the_reply_corrects():
    lines = MAIL.splitlines()
    markdown = as_markdown(lines)
    assert len(markdown) == len(lines)
    assert not any(m.startswith(("From:", "Subject:", ">")) for m in markdown)
    assert markdown[15] == "## Directory Service"
    assert markdown[16] == "### AD Connector"
    # A wrapped line goes on the line it continues.
    assert markdown[17].endswith("Nothing is stored in AWS.") and markdown[18] == ""
    # The reply says this line is wrong: it is no fact of the memo.
    assert not any("supports trusts" in m for m in markdown)
    assert markdown[24].startswith("Simple AD does NOT support trust relationships.")
    assert markdown[28].endswith("⇒ AD Connector")
    memo, made = read_and_build(MAIL, "identity")
    assert "Ken" not in [t.title for t in memo.topics]
    shown = [" ".join([d.prompt, *(d.options or ()), d.explanation]) for _, d in made.drafts]
    assert any("AD Connector" in s for s in shown)
    assert not any("supports trusts" in s or "example.net" in s or "...." in s for s in shown)


DIARY = """# 勉強日記

## 2026/11/29（日）
気分: 眠い。コーヒー3杯目
- CodeDeploy のデプロイ設定
  - AllAtOnce: 全台いっぺんに。速いけど止まる
  - HalfAtATime: 半分ずつ。最大半分が止まる
  - OneAtATime: 1台ずつ。遅いけど一番安全
- タイムアウト デフォルト60分、最大8時間

## 2026/12/01（火）
気分: 仕事で疲れた。10分だけ
- 手動承認アクションは 7日以内に承認しないと失敗
- CodeBuild のタイムアウトはデフォルト60分、最大36時間
"""


def test_a_diary_names_no_date_as_context_and_asks_nothing_of_its_mood():
    _, made = read_and_build(DIARY, "diary")
    assert made.drafts
    for _, draft in made.drafts:
        shown = " ".join([draft.prompt, *(draft.options or ())])
        assert "気分" not in shown and "コーヒー" not in shown, shown
        assert "2026/" not in shown, shown  # a date says when, not what
