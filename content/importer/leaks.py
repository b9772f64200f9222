"""Whether a clue gives its answer away: they share a content word or its stem.

English words are compared by their Snowball stems ("resource" in the clue gives away
"resource-based policy", "replicates" gives away "replication"); Japanese by kanji
compounds (a shared pair of kanji: "秒単位で集計" gives away "リアルタイム集計") and
katakana words (whole, or a four-letter part of a compound: "レプリケーション" in
"クロスリージョンレプリケーション"). Words that name nothing in particular ("data",
"AWS", "サービス", "設定") are not counted.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from content.importer import terms, vocabulary

_STEMMER = snowballstemmer.stemmer("english")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z]+[A-Za-z0-9]*")
_CAMEL = re.compile(r"^[A-Za-z][a-z]+[A-Z]")  # "PrincipalTag", "TransactWriteItems"
_OKURIGANA = re.compile(r"[一-龯][みきりしちびぎ][一-龯]")
_STOP = terms.words(
    "a an the of and or for to in on at by with from is are be as it its this that these "
    "those not no can use used using per via vs all any each one two more most than then "
    "into out up down over your you we our they their there here what which who when how "
    "aws amazon service services data type types based mode option options feature "
    "features support supports thing things way new only also just very"
)
_GENERIC_KANJI = terms.words(
    "設定 機能 利用 使用 場合 必要 可能 対応 方法 種類 自分 以下 以上 一覧 注意 特徴 "
    "仕組 管理 作成 提供 実行 処理 対象 用途 目的 全体 部分 追加 標準 基本"
)


# Katakana loanwords a Japanese clue may give an English answer away with (and back):
# "PrincipalTag" leaks "ABAC（タグで権限制御）", "グリーン" leaks "Blue/Green デプロイ".
_LOANWORDS = {
    "タグ": "tag",
    "グリーン": "green",
    "ブルー": "blue",
    "ポリシー": "policy",
    "ロール": "role",
    "ユーザー": "user",
    "グループ": "group",
    "キー": "key",
    "バケット": "bucket",
    "キュー": "queue",
    "トピック": "topic",
    "レプリカ": "replica",
    "スナップショット": "snapshot",
    "エンドポイント": "endpoint",
    "ゲートウェイ": "gateway",
    "クラスター": "cluster",
    "ストレージ": "storage",
    "バックアップ": "backup",
    "セキュリティ": "security",
    "アカウント": "account",
    "リージョン": "region",
    "イベント": "event",
    "ストリーム": "stream",
    "テーブル": "table",
    "ボリューム": "volume",
    "ファイル": "file",
    "コンテナ": "container",
    "タスク": "task",
    "スケジュール": "schedule",
    "キャッシュ": "cache",
    "プロキシ": "proxy",
    "レイヤー": "layer",
    "アーカイブ": "archive",
    "シークレット": "secret",
    "トークン": "token",
    "スロットリング": "throttl",
    "レプリケーション": "replic",
    "フェイルオーバー": "failov",
    "デプロイ": "deploy",
    "ライフサイクル": "lifecycl",
    "ルーティング": "rout",
    "スケーリング": "scale",
    "モニタリング": "monitor",
    "レプリケート": "replic",
    "マネージド": "manag",
    "オンデマンド": "demand",
    "プロビジョンド": "provis",
    "アクセス": "access",
    "リソース": "resourc",
    "オリジン": "origin",
    "クエリ": "query",
    "ファイアウォール": "firewall",
    "インスペクター": "inspector",
    "ガード": "guard",
    "トランザクション": "transact",
    "パラメータ": "paramet",
    "パラメーター": "paramet",
    "トランジット": "transit",
    "アラーム": "alarm",
    "インターフェイス": "interfac",
    "インターフェース": "interfac",
    "ライトスルー": "write",
    "ライトバック": "write",
    "バックトラック": "backtrack",
    "ガバナンス": "govern",
    "コンプライアンス": "complianc",
    "カスタマイズ": "custom",
    "レイテンシー": "latenc",
    "ヘルスチェック": "health",
}
# Kanji words that translate a word of an English name: "同時クエリ" gives away "Concurrency
# Scaling", "到達性を解析" gives away "Reachability Analyzer".
_KANJI_WORDS = {
    "品質": "quality",
    "到達": "reachability",
    "解析": "analyzer",
    "分析": "analytics",
    "同時": "concurrency",
    "監査": "audit",
    "暗号": "encryption",
    "検出": "detective",
    "移行": "migration",
    "複製": "replication",
    "負荷分散": "balancing",
    "自動": "auto",
    "拡張": "scaling",
    "起点": "origin",
    "巻き戻": "backtrack",
    "重み": "weight",
    "加重": "weight",
    "遅延": "latency",
    "健全": "health",
    "構成": "config",
    "近接": "proximity",
    "位置": "location",
    "予算": "budget",
    "伸縮": "elastic",
    "書き込": "write",
    "書く": "write",
    "読み込": "read",
}
# Acronyms whose letters stand for a word a clue may say in full or translate: "書き込み"
# gives away "WCU", "サブネット内の ENI" gives away "インターフェイス型".
_ACRONYM_WORDS = {
    "WCU": "write",
    "RCU": "read",
    "ENI": "interfac",
    "TGW": "transit",
}
# Katakana words too common to give anything away.
_GENERIC_KANA = terms.words("サービス データ ケース")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word.casefold())


@lru_cache(maxsize=65536)
def content_words(text: str) -> frozenset[str]:
    """The stems and Japanese parts of `text` that would give it away."""
    found: set[str] = set()
    latin = _LATIN.findall(text)
    # "PrincipalTag" holds "tag": CamelCase parts count as words too.
    latin += [p for w in latin if _CAMEL.match(w) for p in re.findall(r"[A-Z][a-z]{2,}", w)]
    # "CloudHSM" holds "HSM": a run of capitals after a lowercase letter is a word too.
    latin += [p for w in latin for p in re.findall(r"(?<=[a-z])[A-Z]{3,}(?![a-z])", w)]
    for word in latin:
        low = word.casefold()
        if low in _STOP or (len(low) < 3 and not re.search(r"\d", low) and not word.isupper()):
            continue
        found.add("en:" + _stem(low))
        if word in _ACRONYM_WORDS:
            found.add("en:" + _ACRONYM_WORDS[word])
    found |= {"en:" + _stem(en) for ja, en in _KANJI_WORDS.items() if ja in text}
    # "読み込み" / "書き込み": a verb of two kanji with okurigana between them.
    found |= {"kanji:" + w[0] + w[2] for w in _OKURIGANA.findall(text)}
    for run in re.findall(r"[一-龯々]{2,}", text):
        found |= {"kanji:" + run[i : i + 2] for i in range(len(run) - 1)}
    found = {f for f in found if f.removeprefix("kanji:") not in _GENERIC_KANJI}
    for run in terms.KATAKANA.findall(text):
        found |= {"en:" + _stem(en) for ja, en in _LOANWORDS.items() if ja in run}
        if run in _GENERIC_KANA:
            continue
        if len(run) >= 4:
            found |= {"kana:" + g for g in terms.kana_grams(run)}
        elif len(run) >= 2:
            found.add("kana:" + run)
    return frozenset(found)


_ACRONYM = re.compile(r"(?<![A-Za-z])[A-Z]{3,6}(?![A-Za-z])")


def _spelled_out(text: str, other: str) -> bool:
    """An acronym of `other` spelled out in `text`: "aws:MultiFactorAuthPresent" for
    "MFA", "Real-Time Messaging Protocol" for "RTMP"."""
    acronyms = set(_ACRONYM.findall(other))
    if not acronyms:
        return False
    # Capitalised words and CamelCase parts only: "in public subnets" spells nothing.
    parts = [
        p
        for w in re.findall(r"[A-Za-z]+", text)
        for p in re.findall(r"[A-Z][a-z]+|[A-Z]+(?![a-z])", w)
    ]
    initials = "".join(p[0] for p in parts)
    return any(a in initials for a in acronyms)


def shared(clue: str, answer: str) -> frozenset[str]:
    """The answer's content words (as stems or parts) that the clue also has, counting an
    English word that begins with one of the answer's ("readable" holds "read" of "Read
    replica", "EMRFS" holds "EMR")."""
    mine, theirs = content_words(clue), content_words(answer)
    found = set(mine & theirs)
    for word in theirs:
        if word.startswith("en:") and len(word) >= 6:  # a stem of at least three letters
            found |= {word for m in mine if m.startswith(word) and m != word}
    return frozenset(found)


def shares_word(clue: str, answer: str) -> bool:
    return bool(shared(clue, answer))


def gives_away(clue: str, answer: str, others: list[str]) -> bool:
    """A leak: the clue shares a word with the answer that no other option shares, or
    names the answer another way ("DAX" in a clue for DynamoDB Accelerator)."""
    for name in vocabulary.other_names(answer):
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", clue, re.IGNORECASE):
            return True
    if _spelled_out(clue, answer) or _spelled_out(answer, clue):
        return True
    mine = shared(clue, answer)
    if not mine:
        return False
    for other in others:
        mine -= content_words(other)
    return bool(mine)
