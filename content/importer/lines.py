"""Classify each memo line by its shape (heading, bullet, table row, plain text …)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    BLANK = "blank"
    RULE = "rule"
    HEADING = "heading"  # markdown `#` heading (level in Line.level)
    SETEXT = "setext"  # `===` / `---` under a text line
    FENCE = "fence"
    CODE = "code"
    TABLE = "table"
    TABLE_SEP = "table_sep"
    QUOTE = "quote"
    BULLET = "bullet"
    NUMBERED = "numbered"
    BOLD = "bold"  # a whole line in **bold**
    MARKER = "marker"  # ■ Title, ◆ Title …
    BRACKET = "bracket"  # 【Title】
    NOTE = "note"  # ❌ / ✅ / ⚠ … lines
    TEXT = "text"


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the memo
    raw: str
    kind: Kind
    text: str  # the content with its marker and inline markdown removed
    indent: int = 0
    level: int = 0  # heading level, or depth of a numbering such as 5.1 (= 2)
    marker: str = ""

    @property
    def blank(self) -> bool:
        return self.kind is Kind.BLANK


_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?\|?\s*$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
# `-`, `*` and `+` need a space after them (so that `**bold**` and `-1` stay text); the
# Japanese and typographic bullets do not.
_BULLET = re.compile(r"^(\s*)(?:([-*+])\s+|([・•●○◦▪▫‣⁃※])\s*)(\S.*)$")
# "1. x", "1) x", "5.1 x", "(1) x", "① x"; not "3 つ" or "1.5倍" (a number opening a sentence).
_NUMBERED = re.compile(
    r"^(\s*)(?:(\d{1,3}(?:[.)）](?!\d)|(?:\.\d{1,3})+\.?(?=\s)))\s*"
    r"|\((\d{1,3})\)\s*|([①-⑳])\s*)(\S.*)$"
)
_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*[:：]?\s*$")
_MARKER = re.compile(r"^\s*([■□◆◇▼▽▶▷★☆◎])\s*(\S.*)$")
_BRACKET = re.compile(r"^\s*【([^】]{1,60})】\s*(.*)$")
_NOTE = re.compile(
    r"^\s*([\u274c\u2705\u2714\u2716\u2b55\u26a0\u27a1\u2b50\U0001f4a1\U0001f449\U0001f4dd"
    r"\u2757\u2753])\ufe0f?\s*(\S.*)$"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(.+?)\1")
_CODE_SPAN = re.compile(r"`([^`]*)`")
_SPACES = re.compile(r"[ \t\u3000]+")


def clean(text: str) -> str:
    """Inline markdown off, spaces collapsed: the text as a learner should read it."""
    text = _LINK.sub(r"\1", text)
    text = _CODE_SPAN.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _SPACES.sub(" ", text).strip()


def _indent(raw: str) -> int:
    spaces = len(raw) - len(raw.lstrip(" \t\u3000"))
    return spaces + raw[:spaces].count("\t") * 3


def classify(lines: list[str]) -> list[Line]:
    """One `Line` per memo line, numbered from 1."""
    out: list[Line] = []
    in_fence = False
    for i, raw in enumerate(lines):
        no = i + 1
        raw = raw.rstrip("\r\n")
        if _FENCE.match(raw):
            in_fence = not in_fence
            out.append(Line(no, raw, Kind.FENCE, ""))
            continue
        if in_fence:
            out.append(Line(no, raw, Kind.CODE, raw.strip()))
            continue
        line = _one(no, raw, out[-1] if out else None)
        if line.kind is Kind.SETEXT:  # the text line above the underline is the heading
            above = out[-1]
            out[-1] = Line(above.no, above.raw, Kind.HEADING, above.text, level=line.level)
        out.append(line)
    return out


def _one(no: int, raw: str, prev: Line | None) -> Line:
    if not raw.strip():
        return Line(no, raw, Kind.BLANK, "")
    if prev is not None and prev.kind is Kind.TEXT and (m := _SETEXT.match(raw)):
        return Line(no, raw, Kind.SETEXT, "", level=1 if m.group(1)[0] == "=" else 2)

    if _RULE.match(raw):
        return Line(no, raw, Kind.RULE, "")
    if m := _HEADING.match(raw):
        return Line(no, raw, Kind.HEADING, clean(m.group(2)), level=len(m.group(1)))
    if _TABLE_SEP.match(raw) and "|" in raw:
        return Line(no, raw, Kind.TABLE_SEP, "")
    if _TABLE.match(raw):
        return Line(no, raw, Kind.TABLE, clean(raw))
    if m := _QUOTE.match(raw):
        return Line(no, raw, Kind.QUOTE, clean(m.group(1)))
    if m := _BOLD.match(raw):
        return Line(no, raw, Kind.BOLD, clean(m.group(2)), indent=_indent(raw))
    if m := _MARKER.match(raw):
        return Line(no, raw, Kind.MARKER, clean(m.group(2)), marker=m.group(1))
    if (m := _BRACKET.match(raw)) and len(m.group(2)) <= 20:
        title = clean(m.group(1) + (" " + m.group(2) if m.group(2) else ""))
        return Line(no, raw, Kind.BRACKET, title, marker="【】")
    if m := _NOTE.match(raw):
        return Line(no, raw, Kind.NOTE, clean(m.group(2)), marker=m.group(1))
    if m := _NUMBERED.match(raw):
        number = (m.group(2) or m.group(3) or m.group(4)).rstrip(".)）")
        depth = number.count(".") + 1
        return Line(
            no, raw, Kind.NUMBERED, clean(m.group(5)), _indent(raw), level=depth, marker=number
        )
    if m := _BULLET.match(raw):
        return Line(
            no,
            raw,
            Kind.BULLET,
            clean(m.group(4)),
            indent=_indent(raw),
            marker=m.group(2) or m.group(3),
        )
    return Line(no, raw, Kind.TEXT, clean(raw), indent=_indent(raw))


def table_cells(line: Line) -> tuple[str, ...]:
    """The cells of a table row, cleaned."""
    body = line.raw.strip().strip("|")
    return tuple(clean(cell) for cell in body.split("|"))
