"""Question and explanation wording in the deck's language, and hiding a name in a clue."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from content.importer import leaks, terms

TEMPLATES = {
    "ja": {
        "which": "「{context}」: 次の説明に当てはまるのはどれ？\n「{clue}」",
        "subject": "次の説明に当てはまるのはどれ？\n「{clue}」",
        "row": "「{context}」: {column}が「{cell}」なのはどれ？",
        "row_plain": "「{context}」: 「{cell}」に当てはまるのはどれ？",
        "blank": "空欄に入るのはどれ？\n「{clue}」",
        "truefalse": "正しい？ 誤り？\n「{statement}」",
        "about": "{subject}: {clue}",
        "row_statement": "{context}: {first}「{name}」の{column}は「{cell}」",
        "row_statement_plain": "{context}: 「{name}」は「{cell}」",
        "column_statement": "{context}: {name}の{column}は「{cell}」",
        "answer": "正解: {answer}。",
        "true": "正しい。",
        "false": "誤り。正しくは「{right}」。",
        "memo": "メモ（{section}）: 「{line}」",
        "blank_mark": "＿＿＿",
        "hidden": "〇〇",
        "ask": "{q} — どれ？",
        "yes": "はい",
        "no": "いいえ",
    },
    "en": {
        "which": "{context}: which one does this describe?\n“{clue}”",
        "subject": "Which one does this describe?\n“{clue}”",
        "row": "{context} — {column}: “{cell}”. Which one?",
        "row_plain": "{context}: “{cell}”. Which one?",
        "blank": "Fill in the blank:\n“{clue}”",
        "truefalse": "True or false?\n“{statement}”",
        "about": "{subject}: {clue}",
        "row_statement": "{context} — {first} ‘{name}’: {column} ‘{cell}’",
        "row_statement_plain": "{context} — ‘{name}’: ‘{cell}’",
        "column_statement": "{context} — {name}: {column} ‘{cell}’",
        "answer": "Answer: {answer}.",
        "true": "True.",
        "false": "False: it is “{right}”.",
        "memo": "Memo ({section}): “{line}”",
        "blank_mark": "_____",
        "hidden": "[…]",
        "ask": "{q} — which one?",
        "yes": "Yes",
        "no": "No",
    },
}

_PHRASE_END = ("なら", "なら？", "とき", "場合", "では", "には", "?", "？")
# "こういう時", "どんなとき": a header that points at its cells asks; it names no aspect.
_PHRASE_START = ("こういう", "こんな", "そういう", "どういう", "どんな")


# Columns of remarks name no aspect: "メモが「…」なのはどれ？" says nothing "「…」" does not.
_REMARK_HEADERS = frozenset(
    {"メモ", "備考", "補足", "コメント", "ポイント", "ひとこと", "一言"}
    | {"note", "notes", "memo", "remarks", "comment", "comments"}
)


# A Japanese header ending in a noun names an aspect even with a verb inside it ("つながる
# 先", "管理するもの"); one ending in a verb or an adjective ("何をする") does not.
_NOUN_END = re.compile(r"(?:[\u4e00-\u9fff\u30a0-\u30ffA-Za-z0-9）)]|もの|こと|ところ|どころ)$")


def names_aspect(header: str) -> bool:
    """A column header that names an aspect ("料金", "Max duration") reads in "{column}が
    「…」なのはどれ？"; a phrase ("こういうキーワードなら") or a remark column does not."""
    japanese = bool(terms.JAPANESE_CHAR.search(header)) and bool(_NOUN_END.search(header.strip()))
    return (
        bool(header)
        and header.strip().casefold() not in _REMARK_HEADERS
        and len(header) <= 15
        and (terms.is_term(header) or japanese)
        and not header.endswith(_PHRASE_END)
        and not header.startswith(_PHRASE_START)
    )


def context(section: object, options: list[str] | tuple[str, ...]) -> str:
    """The heading a prompt names as its context: not one that names some of the options
    and not the others ("ゲートウェイエンドポイント" over ゲートウェイ型 / インターフェイス
    型 points at one of them). Such a heading still gives what the options are, once the
    option's part is taken off ("エンドポイント"); else its parent's, or none."""
    node = section
    while node is not None and getattr(node, "form", "root") != "root":
        title = node.shown_title
        named = _names(title, options)
        if all(named) or not any(named):
            return title
        kind = _without_option(title, [o for o, n in zip(options, named, strict=True) if n])
        if kind and not any(_names(kind, options)):
            return kind
        node = node.parent
    return ""


def _names(title: str, options: list[str] | tuple[str, ...]) -> list[bool]:
    # Naming an option is saying all its words: "共有ファイルストレージ" names no "FSx for
    # Windows File Server", "S3 の取り出し" no "S3 Standard".
    words = leaks.content_words(title)
    return [bool(w := leaks.content_words(o)) and w <= words for o in options]


_MIN_SHARED = 3
_JOINS_ON = re.compile(r"[\u3041-\u3096]|(?:of|and|or|vs|the|for|to|in)\b", re.IGNORECASE)


def _without_option(title: str, named: list[str]) -> str:
    """The title with the run it begins or ends with in common with the named options taken
    off, when what is left is a word of its own: the kind of thing the options are. A run
    inside the title leaves two pieces ("RCU / の計算"), no word."""
    rest = title.strip()
    for option in named:
        match = SequenceMatcher(None, rest.casefold(), option.casefold()).find_longest_match()
        if match.size < _MIN_SHARED:
            return ""
        if match.a == 0:
            rest = rest[match.size :]
        elif match.a + match.size == len(rest):
            rest = rest[: match.a]
        else:
            return ""
        rest = rest.strip(" ・/／,、:：-—")
    if _JOINS_ON.match(rest):
        return ""  # "の計算", "of the units": the end of a phrase, not a word
    return rest if len(rest) >= _MIN_SHARED and leaks.content_words(rest) else ""


MAX_CLUE = 300  # a longer line is a paragraph: too much to read on a button screen
MAX_EXPLANATION_LINE = 600


_QUOTED = ("「」", "『』", "“”", '""')


def unquote(text: str) -> str:
    """A cell or line quoted as a whole loses its quotes: the templates quote it again."""
    text = text.strip()
    for pair in _QUOTED:
        inner = text[1:-1]
        if (
            len(text) > 2
            and text[0] == pair[0]
            and text[-1] == pair[1]
            and pair[0] not in inner
            and pair[1] not in inner
        ):
            return inner.strip()
    return text


_DOUBLE_STOP = re.compile(r"([.。!?！？])[.。](?=\s|$)")


def say(language: str, key: str, **fields: str) -> str:
    template = TEMPLATES[language][key]
    if fields.get("context") == "":  # no heading fits as context: the prompt goes without
        template = re.sub(r"^「?\{context\}」?(?::| —) ", "", template)
    if fields.get("subject") == "":  # "2026/12/01（火）: …": a date names no subject
        template = template.replace("{subject}: ", "")
    text = template.format(**{k: unquote(v) for k, v in fields.items()})
    # An answer that ends its own sentence ("… size brokers.") takes no second stop.
    return _DOUBLE_STOP.sub(r"\1", text)


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut between words (never inside one)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    # Latin text is cut at a space; Japanese has none, so a punctuation mark or the end of a
    # run of Latin letters (never inside a word) is the boundary.
    spaces = [i for i, ch in enumerate(cut) if ch in " 、。，,／/・"]
    if spaces and spaces[-1] >= limit // 2:
        cut = cut[: spaces[-1]]
    else:
        while (
            cut and re.match(r"[A-Za-z0-9]", cut[-1]) and re.match(r"[A-Za-z0-9]", text[len(cut)])
        ):
            cut = cut[:-1]
    cut = cut.rstrip(" 、，,／/・") or text[: limit - 1]  # one long word: cut it after all
    return cut + "…"


def explanation(language: str, verdict: str, line: str, section: str) -> str:
    bare = line.strip()
    if bare.startswith("|") and bare.endswith("|"):  # a table row reads without its pipes
        line = " — ".join(c.strip() for c in bare.strip("|").split("|") if c.strip())
    line = shorten(line, MAX_EXPLANATION_LINE)
    space = " " if language == "en" else ""
    return f"{verdict}{space}{say(language, 'memo', section=section, line=line)}"


def hide(text: str, names: list[str], token_set: frozenset[str], mark: str) -> str:
    """`text` with each name (and each Latin word of `token_set`) replaced by `mark`."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", mark, text, flags=re.I)
    for token in sorted(token_set, key=len, reverse=True):
        if terms.LATIN_LETTER.match(token):
            text = re.sub(rf"(?<![\w-]){re.escape(token)}s?(?![\w-])", mark, text, flags=re.I)
    mark_re = re.escape(mark)
    return re.sub(rf"{mark_re}(?:[\s/・]*{mark_re})+", mark, text)


def visible_chars(text: str, mark: str) -> int:
    """How much of a clue is left once hidden names are taken out."""
    return len(re.sub(r"[\s、。,.]", "", text.replace(mark, "")))
