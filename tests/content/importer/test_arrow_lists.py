"""A list of "situation → answer" lines: the options of one line are the others' answers,
and they are of one form (names with names, advice with advice)."""

from __future__ import annotations

from tests.content.importer.support import read_and_build

ROUTING = """## Route 53 のルーティング
- シンプル：1つのリソースに向けるだけ
- 加重：割合で振り分け（ブルー/グリーンの段階移行）
- フェイルオーバー：ヘルスチェックでアクティブ/パッシブ

## 試験で見分ける
- 「ドイツのユーザーにはドイツ語サイト」→ Geolocation
- 「一番速いリージョンへ」→ Latency
- Geolocation は一致しないと応答なし → デフォルト レコードを作っておく
- 「ユーザーの近くのリソースへ、範囲をずらしたい」→ Geoproximity
"""


def test_advice_among_names_is_neither_asked_nor_offered():
    _, made = read_and_build(ROUTING, "routing")
    blanks = [d for _, d in made.drafts if d.kind == "blank" and "→" in d.prompt]
    assert {d.options[d.answer] for d in blanks} >= {"Geolocation", "Latency"}
    for draft in blanks:
        # Beside policy names the advice stands out by its form, as answer or as rival.
        assert "デフォルト レコードを作っておく" not in draft.options, draft.options


def test_pairs_listed_on_one_line_are_no_chain_to_reorder():
    memo = """## 直前 早見
- ラベル付け → Ground Truth、偏り・説明 → Clarify、本番のズレ → Model Monitor
- 手順：スナップショット取得 → 暗号化ありでコピー → そこから復元
"""
    _, made = read_and_build(memo, "cheatsheet")
    statements = [d.clue for _, d in made.drafts if d.kind == "truefalse"]
    assert any("スナップショット" in s for s in statements), statements  # a real chain
    # Reordering "X → A、Y → B" steps would pair a task with another's service.
    assert not any("Ground Truth" in s for s in statements), statements


def test_a_remark_after_the_answers_stop_is_no_part_of_the_option():
    memo = """## DR 戦略の見分け方
- 「コスト最小、RTO 数時間で OK」→ バックアップ&リストア
- 「コアの DB だけ常時レプリケーション」→ パイロットライト
- 「RTO/RPO ほぼゼロ」→ マルチサイト。値段は気にしないタイプの問題文
"""
    _, made = read_and_build(memo, "dr")
    options = {o for _, d in made.drafts if d.kind == "blank" for o in d.options or ()}
    assert "マルチサイト" in options, options
    assert not any("値段" in o for o in options), options
