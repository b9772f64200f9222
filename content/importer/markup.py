"""Inline markup off a memo line: what is left is the text a learner reads.

Markdown, Obsidian and Notion exports mark text up in ways no single library strips to
plain reading text without also parsing block structure (which lines.py does itself):
links and wikilinks, `==highlight==`, emphasis, code spans, HTML tags, footnote marks,
#tags and emoji. The patterns here are the inline ones only.
"""

from __future__ import annotations

import re

_WIKILINK_ALIAS = re.compile(r"!?\[\[[^\]|]*\|([^\]]*)\]\]")
_WIKILINK = re.compile(r"!?\[\[([^\]#|]*)(?:#[^\]]*)?\]\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
_HIGHLIGHT = re.compile(r"(==|\^\^)(?=\S)(.+?)(?<=\S)\1")  # Obsidian's ==, Roam's ^^
# A Roam block reference "((k2Lx9PqTa))" points at another line: nothing to read here.
_BLOCK_REF = re.compile(r"\(\([\w-]{6,}\)\)")
_BRACKET_TAG = re.compile(r"(?<!\S)#\[\[[^\]]*\]\]")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_STAR = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_UNDERSCORE = re.compile(r"(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])")
_CODE_SPAN = re.compile(r"`([^`]*)`")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:br|b|i|u|s|em|strong|span|div|p|sup|sub|mark|a|img|font|code|aside|details|"
    r"summary|small|big|center|hr|kbd|del|ins)\b[^<>]*/?>",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"(?<!\S)#(?=[A-Za-zぁ-んァ-ヺ一-龯])[\w/-]+")
_COMMENT = re.compile(r"%%.*?%%")
# An outliner's @mention ("@模試で間違えた", "@来週"); "@timestamp" and "@connections" are
# names of things, kept.
_MENTION = re.compile(r"(?<!\S)@\S*[ぁ-んァ-ヺ一-龯]\S*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|=~>])")
# Pictographs, dingbats (✅ ❌ ⚠ ✨), arrows-as-emoji (➡ ⬆), keycaps, flags, the emoji
# variation selector and joiner. Plain arrows (→) and enclosed numbers (①) are text.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u26ff\u2700-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\ufe0f\u200d\u20e3\u200b\U0001f1e6-\U0001f1ff]"
)
# "…自動的に起動する ⚠️ 長期間止めたいなら…": a warning sign between two Japanese
# sentences ends the first one.
_SIGN_BETWEEN = re.compile(
    "(?<=[ぁ-んァ-ヺ一-龯])\\s*[\u26a0\u2757\u203c\u274c\u2705\u2b55]\ufe0f?\\s+(?=[ぁ-んァ-ヺ一-龯])"
)
# Emoji as chat apps and HackMD write them: ":warning:", ":white_check_mark:".
_SHORTCODE = re.compile(r"(?<![\w:]):(?=[a-z0-9_+-]*[a-z])[a-z0-9_+-]{2,40}:(?![\w:])")
_SPACES = re.compile(r"[ \t\u3000]+")
_SPACE_BEFORE = re.compile(r"\s+([、。，．,.:：;；!?！？)）」』])")


# Logseq's block property "料金:: 月額 + API 呼び出し" reads as "料金: …".
_BLOCK_PROPERTY = re.compile(r"^([^\s:：]{1,30})::\s+")
# An Org or wiki description list, "homogeneous :: same engine", reads as "homogeneous: …".
_DOUBLE_COLON = re.compile(r"\s+::\s+")


def wrapped_in(mark: str) -> re.Pattern[str]:
    """Text wrapped in one `mark` ("*bold*", "_italic_"), its first group the text; never a
    mark inside a word or a doubled one."""
    m = re.escape(mark)
    return re.compile(rf"(?<![\w{m}]){m}(?=\S)([^{m}\n]*?\S){m}(?![\w{m}])")


def clean(text: str) -> str:
    """Inline markup and emoji off, spaces collapsed: the text as a learner should read it."""
    text = _COMMENT.sub("", text)
    text = _BLOCK_REF.sub("", text)
    text = _BRACKET_TAG.sub("", text)
    text = _WIKILINK_ALIAS.sub(r"\1", text)
    text = _WIKILINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _CODE_SPAN.sub(r"\1", text)
    text = _BREAK.sub(" ", text)
    text = _TAG.sub("", text)
    text = _HIGHLIGHT.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _STAR.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _HASHTAG.sub("", text)
    text = _MENTION.sub("", text)
    text = _SIGN_BETWEEN.sub("。", text)
    text = _EMOJI.sub(" ", text)
    text = _SHORTCODE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _BLOCK_PROPERTY.sub(r"\1: ", text)
    text = _DOUBLE_COLON.sub(": ", text)
    return _SPACE_BEFORE.sub(r"\1", text)


def has_markup(text: str) -> bool:
    """Whether `text` still shows markup or emoji a learner should not see."""
    return bool(
        _EMOJI.search(text)
        or "**" in text
        or "==" in text
        or "[[" in text
        or "`" in text
        or _TAG.search(text)
        or _LINK.search(text)
    )
