"""Markup that is still there after reading: the last check before a question is kept.

The reader knows the layouts of many note apps (lines.py, markup.py and the pre-passes),
but a new app brings syntax it has never seen, and one misread layout used to put its
marks into every question of a memo. No library tells "some markup, of any syntax" from
prose, so this module looks for what prose in a study memo does not contain: braces,
doubled brackets, pipes, runs of one punctuation mark, words wrapped in marks, `::`,
heading marks at the start of a line, anchors and tags, macros and web addresses. A
question showing any of them is left out and named in the quality report, so an author
learns that part of the memo was not understood instead of finding it in a quiz.
"""

from __future__ import annotations

import re

# A fill-in blank and an ARN ("arn:aws:iam::123456789012:role/x") are no markup.
_ALLOWED = re.compile(r"_{3,}|＿{2,}|\barn:[\w:/*.+=,@-]+")

_SIGNS = (
    re.compile(r"[{}]"),
    re.compile(r"\[\[|\]\]|\(\([\w-]{6,}\)\)"),
    re.compile(r"\|"),
    re.compile(r"([-=~^+*#_])\1\1"),
    re.compile(r"\^\^|~~|\*\*|==|''|__"),
    re.compile(r"`"),
    # A word wrapped in one mark: =MGN=, /Snowcone/, ~code~, +struck+, *bold*, _it_.
    re.compile(r"(?<![\w/])([=~^+/*_])(?=[^\s=~^+/*_])[^=~^+/*_\n]*?(?<=\S)\1(?![\w/])"),
    re.compile(r"::"),
    re.compile(r"#\+|(?<!\w):[A-Z]{3,}:(?!\w)"),
    # Heading and list marks at the start of a line or of a quoted line.
    # A straight quote opens a quotation only after a space: `call" = Advanced` closes one.
    re.compile(
        r"(?:^|\n|[「“（(]|(?<!\S)\")\s*(?:h[1-6]\.|#{1,6}|={1,6}|\.\.|\*{1,3})\s", re.MULTILINE
    ),
    # A field name between colons opening a line: ":Write per shard: 1 MB/s".
    re.compile(r"(?:^|\n|[「“\"（(])\s*:[^\s:][^:\n]{0,30}:\s", re.MULTILINE),
    # A caret is a table cell or a highlight mark unless it raises a number (2^10).
    re.compile(r"(?<!\d)\^|\^(?!\d)"),
    re.compile(r"<<|>>|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"),
    re.compile(r"\b[a-z]+:\[|https?://|\bwww\."),
)


def leftover(text: str) -> str | None:
    """The first markup left in `text`, with a few characters around it; None if none."""
    text = _ALLOWED.sub("x", text)
    for sign in _SIGNS:
        found = sign.search(text)
        if found:
            start, end = max(0, found.start() - 12), min(len(text), found.end() + 12)
            return " ".join(text[start:end].split())
    return None


def in_question(texts: list[str]) -> str | None:
    """The first markup left in any text a learner would read of one question."""
    for text in texts:
        found = leftover(text)
        if found is not None:
            return found
    return None
