"""Words and names in memo text: tokens, name phrases, term kinds, relatedness, language."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*")
KATAKANA = re.compile(r"[ァ-ヺー]{2,}")
KANJI = re.compile(r"[一-龯々]{2,}")
JAPANESE_CHAR = re.compile(r"[ぁ-んァ-ヺー一-龯々]")
LATIN_LETTER = re.compile(r"[A-Za-z]")
PARENS = re.compile(r"[（(][^（）()]*[）)]")


def words(text: str) -> frozenset[str]:
    """A word list written as one string: easier to read and extend than a list literal."""
    return frozenset(text.split())


QUOTES = re.compile(r"「[^「」]*」|『[^『』]*』|“[^”]*”|\"[^\"]*\"")

# Words that name no particular thing: sharing them makes two titles no more related.
GENERIC_LATIN = words(
    "a an and are as at aws amazon be by data for from in is it of on or service "
    "services the to vs with via per"
)
GENERIC_KATAKANA = words(
    "サービス データ リアルタイム ネットワーク アクセス インスタンス "
    "アプリケーション ポリシー ケース リソース ルール"
)
# A title may end with one of these words: "X の違い", "X とは", "手動実行が必要になるケース".
HEADING_WORDS = (
    "とは",
    "の違い",
    "違い",
    "の仕組み",
    "仕組み",
    "まとめ",
    "一覧",
    "比較",
    "の関係",
    "関係",
    "の役割",
    "役割",
    "の種類",
    "種類",
    "の正体",
    "正体",
    "の特徴",
    "特徴",
    "概要",
    "使い分け",
    "選び方",
    "注意点",
    "ポイント",
    "メリット",
    "デメリット",
    "とき",
    "ケース",
    "場合",
    "理由",
    "方法",
    "手順",
    "流れ",
    "処理",
    "について",
    "の意味",
    "意味",
)
EN_HEADING_WORDS = (
    "overview",
    "summary",
    "comparison",
    "differences",
    "how it works",
    "use cases",
    "when to use",
    "pricing",
    "limits",
    "notes",
)
# Connectors allowed inside a name-like title: "Firehose と Data Streams の違い".
_NAME_JOINERS = re.compile(r"[\s+＋&＆/／・×、,]|vs\.?|VS|versus|と|の|や|および")
_EN_CONNECTORS = words("a an and for in of on or the to vs with")
_FUNCTION_WORDS = words(
    "a an the not no by is are be to with in on at from and or it this that can"
)
UNITS = words("kb mb gb tb pb kib mib gib tib kbps mbps gbps ms")
SENTENCE_END = tuple("。．.！!、，,：:;；")


def norm(text: str) -> str:
    """NFKC, collapsed spaces, case-folded: the form compared and hashed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def is_japanese(text: str) -> bool:
    """Mostly Japanese: a kana or kanji carries roughly the sense of three Latin letters."""
    ja = len(JAPANESE_CHAR.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return ja * 3 >= latin and ja > 0


def latin_words(text: str) -> list[str]:
    return LATIN_WORD.findall(text)


@lru_cache(maxsize=65536)
def tokens(text: str) -> frozenset[str]:
    """Significant words: Latin words, katakana runs and kanji runs, case-folded."""
    found = {_singular(w.casefold()) for w in LATIN_WORD.findall(text)}
    found -= GENERIC_LATIN
    found |= {k for k in KATAKANA.findall(text) if k not in GENERIC_KATAKANA}
    found |= set(KANJI.findall(text))
    return frozenset(found)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def has_token(text: str, token: str) -> bool:
    """Whether `token` (from `tokens`) occurs in `text` as a word, or as a Japanese run."""
    if LATIN_LETTER.match(token):
        pattern = rf"(?<![A-Za-z0-9]){re.escape(token)}s?(?![A-Za-z0-9])"
        return re.search(pattern, text, re.IGNORECASE) is not None
    return token in text


_GENERIC_GRAMS = frozenset(w[i : i + 4] for w in GENERIC_KATAKANA for i in range(len(w) - 3))


@lru_cache(maxsize=65536)
def kana_grams(text: str) -> frozenset[str]:
    """Four-katakana pieces: two compounds that share one share a part
    ("ライフサイクルルール", "ライフサイクルポリシー"), unless it is a generic word's."""
    grams = {run[i : i + 4] for run in KATAKANA.findall(text) for i in range(len(run) - 3)}
    return frozenset(grams - _GENERIC_GRAMS)


def overlaps(token: str, text: str) -> bool:
    """A Japanese word of `token` appears in `text`, whole or as a part of a compound
    ("レプリケーション" in "クロスリージョンレプリケーション")."""
    return token in text or bool(kana_grams(token) & kana_grams(text))


def _latin(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if LATIN_LETTER.match(t))


def related(a: str, b: str) -> bool:
    """Two titles name the same thing: a shared specific word or a shared katakana part."""
    return bool(_latin(a) & _latin(b)) or bool(kana_grams(a) & kana_grams(b))


def is_name_like(title: str) -> bool:
    """A title that names things: service names, katakana terms, joined by の/と/+/vs …,
    optionally closed by a heading word (の違い, とは, まとめ …) or a parenthesis."""
    if any(len(p) > 19 for p in PARENS.findall(title)):
        return False  # "ニアリアルタイム（数秒～数十秒単位でバッファリングして転送）" describes
    text = PARENS.sub(" ", title)
    text = strip_heading_word(text)
    if not text.strip() or not re.search(r"[A-Za-zァ-ヺ]", text):
        return False
    words = latin_words(text)
    lowercase = [w for w in words if w.islower() and w not in _EN_CONNECTORS]
    if lowercase:
        return False
    rest = LATIN_WORD.sub(" ", text)
    rest = re.sub(r"[ァ-ヺー]+|\d+", " ", rest)
    rest = _NAME_JOINERS.sub(" ", rest)
    rest = re.sub(r"[-=＝→]", " ", rest)
    return not rest.strip()


def display_name(title: str) -> str:
    """A title as an option: without a Japanese aside in brackets ("HTTP API（安い・速い・
    シンプル）" → "HTTP API"), keeping an alias ("許可の境界 (Permissions boundary)")."""

    def keep(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        return m.group(0) if LATIN_LETTER.search(inner) or not JAPANESE_CHAR.search(inner) else ""

    shown = re.sub(r"\s+", " ", PARENS.sub(keep, title)).strip()
    return shown or title


def without_remark(text: str) -> str:
    """An option without the author's remark in brackets ("Migration Hub (moves nothing
    itself)" → "Migration Hub"), keeping an acronym, a short qualifier or gloss ("(MGN)",
    "(ECS only)", "（送信）"): a remark sets the answer apart by its form."""

    def keep(m: re.Match[str]) -> str:
        inner = m.group(0)[1:-1]
        # "（送信）" glosses the term; "（新インスタンスに復元）" comments on it.
        japanese = JAPANESE_CHAR.search(inner) and len(inner) >= 6
        return "" if japanese or len(inner.split()) >= 3 else m.group(0)

    return _without_parens(text, keep) or text


def _without_parens(text: str, keep: object = " ") -> str:
    """`text` with its bracketed asides replaced by `keep` (a string or a function of the
    match), spaces collapsed, and no space left before a stop ("KDS (+ EFO …)." → "KDS.")."""
    shown = re.sub(r"\s+", " ", PARENS.sub(keep, text)).strip()
    return re.sub(r"\s+([.,;:。、])", r"\1", shown)


def even_asides(options: list[str]) -> list[str]:
    """The options with a bracketed aside removed where only one of them carries one
    ("Application Migration Service (MGN)" beside "DataSync", "DMS"): the one option with
    an aside is the one a test-wise learner picks. Unchanged if the bare texts collide."""
    with_aside = [i for i, o in enumerate(options) if PARENS.search(o)]
    if len(with_aside) != 1:
        return options
    i = with_aside[0]
    bare = _without_parens(options[i])
    shown = [*options[:i], bare, *options[i + 1 :]]
    if not bare or len({norm(o) for o in shown}) < len(shown):
        return options
    return shown


def strip_heading_word(title: str) -> str:
    text = title.strip()
    for word in HEADING_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return text[: -len(word)].strip()
    return text


def ends_with_heading_word(title: str) -> bool:
    text = title.strip().rstrip("？?")
    lower = text.casefold()
    return any(text.endswith(w) for w in HEADING_WORDS) or any(
        lower.endswith(w) for w in EN_HEADING_WORDS
    )


# A name phrase: capitalised words, acronyms and words with digits, joined by spaces, "-",
# "+" or "for"/"of" (e.g. "Amazon Managed Service for Apache Flink", "S3", "X-Ray").
_CAP = r"(?:[A-Z][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*|[a-z]+[0-9][a-z0-9]*)"
NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:for|of|on)\s+)?{_CAP})*")


def name_phrases(text: str) -> list[str]:
    return [m.group(0) for m in NAME.finditer(text)]


def is_acronym(term: str) -> bool:
    core = PARENS.sub("", term).strip()
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]{1,6}(?:[-/][A-Z0-9]+)?", core))


NUMBER = re.compile(
    r"(?:約|最大|最小|最低|up to\s+|~)?\s*(\d[\d,]*(?:\.\d+)?)\s*"
    r"(%|[A-Za-z]{1,7}\b|[日時間分秒個本回件倍年月週つ]{1,2})?"
)
_SETTING = re.compile(
    r"[a-z]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z0-9]+(?:[_.][a-z0-9]+)+"
)


def number_kind(text: str) -> str:
    """ "number:<unit>" when the text is a number with at most a unit ("30 日", "128 TiB")."""
    m = NUMBER.fullmatch(text.strip())
    return f"number:{(m.group(2) or '').casefold()}" if m else ""


def term_kind(term: str) -> str:
    """What a distractor must share with the answer: a number and its unit, a setting
    (SendMessage, max_receive_count), an acronym, a name, or a Japanese term's ending."""
    core = PARENS.sub("", term).strip()
    if number := number_kind(core):
        return number
    if _SETTING.fullmatch(core):
        return "setting"
    if is_acronym(core):
        return "acronym"
    if re.search(r"[ぁ-んァ-ヺ一-龯]", core):
        tail = re.findall(r"[一-龯々]+$|[ァ-ヺー]+$", core)
        return "ja:" + (tail[0][-2:] if tail else "")
    return "name"


_LEADING = frozenset({"or", "and", "also", "but", "then", "e.g.", "i.e.", "plus", "so"})


def is_term(text: str) -> bool:
    """Short enough and name-like enough to be the answer of a fill-in-the-blank."""
    core = text.strip().strip('「」"“”')
    if not core or len(PARENS.sub("", core)) > 40 or core.endswith(SENTENCE_END):
        return False
    if ":" in core or "：" in core:
        return False
    if QUOTES.search(text) or "→" in text:
        return False
    if core.split()[0] in _LEADING:  # "or DMS Serverless": a clause going on, not a term
        return False
    if is_name_like(core):
        return True
    # "cron方式", "Endpoint policy": a short noun phrase without particles or verbs.
    if JAPANESE_CHAR.search(core):
        return not re.search(r"[をがにでへはも]|から|まで", core) and len(core) <= 20
    words = core.split()
    return len(words) <= 3 and not {w.casefold() for w in words} & _FUNCTION_WORDS


def is_label_term(text: str) -> bool:
    """The left side of "Term: meaning": a name ("NAT gateway", "カスタマーマネージドキー"),
    not a label ("対象", "例") or a lowercase word ("stateful")."""
    if is_name_like(text):
        return True
    return not JAPANESE_CHAR.search(text) and bool(re.search(r"[A-Z0-9]", text)) and is_term(text)


def slug_words(text: str) -> list[str]:
    found = re.findall(r"[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*", unicodedata.normalize("NFKC", text))
    words = [w.casefold() for w in found]
    out = []
    for w in words:
        w = re.sub(r"[^a-z0-9]+", "-", w).strip("-")
        if w:
            out.append(w)
    return out
