"""Classify each memo line by its shape (heading, bullet, table row, plain text …).

Besides markdown proper this knows the shapes note apps export: YAML front matter and page
properties (`Tags: …`, `Last edited: …`) before the body, Obsidian callouts
(`> [!note] Title`), to-do lists, definition lists (`Term` then `: meaning`), numbered
titles (`## 1. x`, `1) x`, `第1章 x`) and an author's self-quiz pairs (`Q.` / `A.`, `問` /
`答`). Which shapes make sections is parser.py's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from content.importer.markup import clean
from content.importer.page_properties import front_matter_end, is_diary_note, is_property

__all__ = [
    "Kind",
    "Line",
    "classify",
    "clean",
    "indent_of",
    "next_nonblank",
    "strip_numbering",
    "table_cells",
]


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
    TODO = "todo"  # - [ ] task: never a source of questions
    PROPERTY = "property"  # front matter, or a page property (Tags: …) before the body
    TERM = "term"  # "Term" of a definition list; its meaning follows as ": meaning"
    CALLOUT = "callout"  # > [!note] Title
    QUESTION = "question"  # Q. … (followed by an answer)
    ANSWER = "answer"  # A. … (after a question)
    CONT = "cont"  # the wrapped rest of the line above (joined to it)


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the memo
    raw: str
    kind: Kind
    text: str  # the content with its marker and inline markdown removed
    indent: int = 0
    level: int = 0  # heading level, or depth of a numbering such as 5.1 (= 2)
    marker: str = ""
    quoted: bool = False  # inside a callout's body
    end: int = 0  # the last memo line it takes (a wrapped paragraph spans several)
    term: str = ""  # the bold term of "**Term**: meaning"
    start: int = 0  # the first memo line it takes, when that is above it (a term line)

    @property
    def blank(self) -> bool:
        return self.kind is Kind.BLANK


_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FOOTNOTE_DEFINITION = re.compile(r"^\s*\[\^[^\]\s]+\]:")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*(?::?-{2,}:?\s*)?\|?\s*$")
_QUOTE = re.compile(r"^\s*>\s?(.*)$")
_CALLOUT = re.compile(r"^\s*>\s*\[!([A-Za-z-]+)\][+-]?\s*(.*)$")
# "- [ ] x", Logseq's task markers ("- TODO 調べる", "- DONE 確認した") and WorkFlowy's
# completed items ("- [COMPLETE] …", "- ✓ …").
_TODO = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\[[ xX]\]|\[COMPLETE\]|[✓✔]|\{\{\[\[(?:TODO|DONE)\]\]\}\}"
    r"|(?:TODO|DOING|DONE|LATER|NOW|WAITING|CANCEL+ED)(?=\s))\s*"
)
# `-`, `*` and `+` need a space after them (so that `**bold**` and `-1` stay text); the
# Japanese and typographic bullets do not.
# "\to x": the sub-bullet OneNote and Word leave as a letter o when a list is pasted as text.
_BULLET = re.compile(r"^(\s*)(?:([-*+])\s+|([・•●○◦▪▫‣⁃※])\s*|(?<=\s)(o)\s+)(\S.*)$")
# "1. x", "1) x", "5.1 x", "(1) x", "① x"; not "3 つ" or "1.5倍" (a number opening a sentence).
_NUMBERED = re.compile(
    r"^(\s*)(?:(\d{1,3}(?:[.)）](?!\d)|(?:\.\d{1,3})+\.?(?=\s)))\s*"
    r"|\((\d{1,3})\)\s*|([①-⑳])\s*)(\S.*)$"
)
_CHAPTER = re.compile(
    r"^\s*第\s*[0-9０-９一二三四五六七八九十]+\s*([章節部])\s*[:：.．]?\s*(\S.*)$"
)
# The numbering in front of a title: "1. ", "5.1 ", "1) ", "(2) ", "第1章 ", "Chapter 3: ".
NUMBERING = re.compile(
    r"^(?:第\s*[0-9０-９一二三四五六七八九十]+\s*[章節部回]\s*[:：.．]?\s*"
    r"|(?:Chapter|Section|Part|Step)\s+\d{1,3}\s*[.:：)-]?\s+"
    r"|\d{1,3}(?:\.\d{1,3})*[.)）:：]?\s+(?=[^\sぁ-ん])"
    r"|\d{1,3}[.)）](?=[^\d\s])"
    r"|[(（]\d{1,3}[)）]\s*|[①-⑳]\s*|[IVX]{1,4}\.\s+)"
)
_BOLD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*[:：]?\s*$")
# A wiki's collapsible section: "<details><summary>CloudWatch Alarms</summary> … </details>".
_SUMMARY = re.compile(r"^\s*(?:<details[^>]*>\s*)?<summary>(.*?)</summary>\s*$", re.IGNORECASE)
_DETAILS = re.compile(r"<(/?)details\b", re.IGNORECASE)
_CLOSE_DETAILS = re.compile(r"^\s*</details>\s*$", re.IGNORECASE)
# Scrapbox / Cosense headings: "[** 大見出し]", " [* 見出し]" (more stars, a bigger title).
_STARRED = re.compile(r"^\s*\[(\*{1,5})\s+([^\[\]]+)\]\s*$")
_MARKER = re.compile(r"^\s*([■□◆◇▼▽▶▷★☆◎])\s*(\S.*)$")
_BRACKET = re.compile(r"^\s*【([^】]{1,60})】\s*(.*)$")
_NOTE = re.compile(
    r"^\s*([\u274c\u2705\u2714\u2716\u2b55\u26a0\u27a1\u2b50\U0001f4a1\U0001f449\U0001f4dd"
    r"\u2757\u2753])\ufe0f?\s*(\S.*)$"
)
_QA = (
    r"^\s*(?:[-*+・]\s+)?(?:\*\*)?(?:{0})\s*\d{{0,3}}\s*(?:\*\*)?\s*[.:：．)）]"
    r"\s*(?:\*\*)?\s*(\S.*)$"
)
_QUESTION = re.compile(_QA.format("Q|Ｑ|Question|問|質問|問題"), re.IGNORECASE)
_ANSWER = re.compile(_QA.format("A|Ａ|Answer|答|答え|解答"), re.IGNORECASE)
_DEFINITION = re.compile(r"^\s{0,3}[:：]\s+(\S.*)$")
_BOLD_TERM = re.compile(r"^\s*(?:[-*+・]\s+)?(\*\*|__)([^*_]{1,60}?)\1\s*[:：]\s*\S")
# A code span holding a command ("aws ecr get-login-password | docker login …"): a line
# with one is a how-to, never a statement to quiz on.
_COMMAND = re.compile(r"`[^`]*(?:\s--?[A-Za-z]|\||\$\(|\S+\s+\S+\s+\S+)[^`]*`")
_SEE_ALSO = re.compile(r"\s+(?:→|->|⇒)\s+.*(?:\[\[|詳細|参照|\bsee\b).*$", re.IGNORECASE)
_SENTENCE_END = (".", "。", "!", "?", "！", "？", ":", "：")
_APP_MARK = re.compile(
    r"^\s*(?::::\s*(?:[\w-]+(?:\s+\S.*)?)?|\[(?:TOC|toc|\[_TOC_\])\]|\[\[_TOC_\]\])\s*$"
)
_TITLED = {Kind.HEADING, Kind.BOLD, Kind.MARKER, Kind.BRACKET, Kind.NOTE, Kind.TEXT}


def strip_numbering(title: str) -> str:
    """A title without the numbering in front of it: ids and options never carry it."""
    stripped = NUMBERING.sub("", title, count=1).strip()
    return stripped or title


def indent_of(raw: str) -> int:
    spaces = len(raw) - len(raw.lstrip(" \t\u3000"))
    return spaces + raw[:spaces].count("\t") * 3


def classify(lines: list[str]) -> list[Line]:
    """One `Line` per memo line, numbered from 1."""
    out: list[Line] = []
    in_fence = in_callout = False
    body = 0  # content lines so far: page properties come before the second
    front_end = front_matter_end(lines)
    details = 0  # how deep in <details> blocks: a summary titles a section at that depth
    for i, raw in enumerate(lines):
        no = i + 1
        raw = raw.rstrip("\r\n")
        change = sum(-1 if tag.group(1) else 1 for tag in _DETAILS.finditer(raw))
        summary = _SUMMARY.match(raw)
        if summary:
            title = clean(summary.group(1))
            out.append(Line(no, raw, Kind.BOLD, title, marker=f"details{details + change}"))
        closed = change < 0 and details + change <= 0 and _CLOSE_DETAILS.match(raw)
        details = max(0, details + change)
        if summary:
            continue
        if closed:  # the last open <details> ends: what follows is under none of them
            out.append(Line(no, raw, Kind.RULE, ""))
            continue
        if i < front_end:
            out.append(Line(no, raw, Kind.PROPERTY, ""))
            continue
        if not in_fence and _APP_MARK.match(
            raw
        ):  # HackMD's ":::info" … ":::", Zenn's ":::details 題", "[TOC]"
            out.append(Line(no, raw, Kind.BLANK, ""))
            continue
        if _FENCE.match(raw):
            in_fence = not in_fence
            out.append(Line(no, raw, Kind.FENCE, ""))
            continue
        if in_fence:
            out.append(Line(no, raw, Kind.CODE, raw.strip()))
            continue
        if m := _CALLOUT.match(raw):
            in_callout, body = True, 2
            title = clean(m.group(2)) or m.group(1).capitalize()
            out.append(Line(no, raw, Kind.CALLOUT, title, marker=m.group(1).casefold()))
            continue
        quoted = False
        if in_callout and (m := _QUOTE.match(raw)):
            raw, quoted = m.group(1), True
        elif raw.strip():
            in_callout = False
        if (body < 2 and is_property(raw)) or is_diary_note(raw):
            out.append(Line(no, raw, Kind.PROPERTY, ""))
            continue
        line = _pair(no, raw, out, lines, i) or _one(no, raw, out[-1] if out else None)
        if not line.text and line.kind in _TITLED:  # only emoji or markup: nothing to read
            line = Line(no, raw, Kind.BLANK, "")
        if quoted:
            line = replace(line, raw=raw, quoted=True)
        if line.kind in (Kind.TEXT, Kind.BULLET, Kind.NUMBERED):
            if _COMMAND.search(raw):
                line = replace(line, kind=Kind.CODE)
            elif m := _BOLD_TERM.match(raw):
                line = replace(line, term=clean(m.group(2)))
        if line.kind is Kind.SETEXT:  # the text line above the underline is the heading
            above = out[-1]
            out[-1] = Line(above.no, above.raw, Kind.HEADING, above.text, level=line.level)
        if line.kind not in (Kind.BLANK, Kind.HEADING, Kind.SETEXT, Kind.RULE):
            body += 1
        out.append(line)
    return _join_wrapped(_definition_lists(out))


def _last_nonblank(out: list[Line]) -> Line | None:
    return next((ln for ln in reversed(out) if not ln.blank), None)


def _pair(no: int, raw: str, out: list[Line], lines: list[str], i: int) -> Line | None:
    """A self-quiz question (followed by its answer) or the answer after one."""
    if m := _QUESTION.match(raw):
        following = next((ln for ln in lines[i + 1 : i + 3] if ln.strip()), "")
        if _ANSWER.match(following.lstrip("> ")):
            return Line(no, raw, Kind.QUESTION, clean(m.group(1)), indent_of(raw))
    prev = _last_nonblank(out)
    if (m := _ANSWER.match(raw)) and prev is not None and prev.kind is Kind.QUESTION:
        return Line(no, raw, Kind.ANSWER, clean(m.group(1)), indent_of(raw))
    return None


def _definition_lists(out: list[Line]) -> list[Line]:
    """`Term` then `: meaning` lines: each meaning becomes one `Term: meaning` line."""
    term: Line | None = None
    for index, line in enumerate(out):
        m = _DEFINITION.match(line.raw) if line.kind is Kind.TEXT else None
        if m is None:
            if not line.blank and line.kind is not Kind.TERM:
                term = None
            continue
        if term is None:
            above = _last_nonblank(out[:index])
            if above is None or above.kind not in (Kind.TEXT, Kind.BOLD) or len(above.text) > 60:
                continue
            term = Line(above.no, above.raw, Kind.TERM, above.text)
            out[above.no - 1] = term
        text = f"{term.text}: {clean(m.group(1))}"
        out[index] = replace(line, kind=Kind.TEXT, text=text, start=term.no, term=term.text)
    return out


def _join_wrapped(out: list[Line]) -> list[Line]:
    """A paragraph wrapped over several lines (or a bullet's hanging continuation) is one
    line: its first line carries the whole text, the others become CONT."""
    head_at = -1
    for index, line in enumerate(out):
        prev = out[index - 1] if index else None
        if prev is None or prev.blank or line.kind is not Kind.TEXT or head_at < 0:
            head_at = index if line.kind in (Kind.TEXT, Kind.BULLET, Kind.NUMBERED) else -1
            continue
        head = out[head_at]
        if line.text.startswith(("→", "->", "⇒")) or not _continues(head, prev, line):
            head_at = index
            continue
        out[head_at] = replace(head, text=f"{head.text} {line.text}", end=line.no)
        out[index] = replace(line, kind=Kind.CONT)
    return out


def _continues(head: Line, prev: Line, line: Line) -> bool:
    from content.importer.terms import is_japanese

    hanging = line.indent > head.indent and (
        head.kind is not Kind.TEXT or _DEFINITION.match(head.raw) is not None
    )
    if hanging and (len(head.text) >= 40 or head.text.endswith(_SENTENCE_END)):
        return True
    last = prev.raw.rstrip()
    # "…Fargate is a" / "place to run them": a wrapped English line goes on in lowercase;
    # "Transit Gateway = …" under "VPC peering = …" is a line of its own.
    first = line.text[:1]
    return (
        head.kind is Kind.TEXT
        and not is_japanese(last)
        and len(last) >= 60
        and not last.endswith(_SENTENCE_END)
        and (first.islower() or first in "(（0123456789" or last.endswith(","))
    )


def _one(no: int, raw: str, prev: Line | None) -> Line:
    if not raw.strip():
        return Line(no, raw, Kind.BLANK, "")
    if prev is not None and prev.kind is Kind.TEXT and (m := _SETEXT.match(raw)):
        return Line(no, raw, Kind.SETEXT, "", level=1 if m.group(1)[0] == "=" else 2)

    if _RULE.match(raw):
        return Line(no, raw, Kind.RULE, "")
    if m := _FOOTNOTE_DEFINITION.match(raw):
        # "[^1]: プライベートサブネットの EC2 は…": the note's text, without its mark.
        return Line(no, raw, Kind.TEXT, clean(raw[m.end() :]))
    if m := _HEADING.match(raw):
        title = strip_numbering(clean(_SEE_ALSO.sub("", m.group(2))))
        return Line(no, raw, Kind.HEADING, title, level=len(m.group(1)))
    if _TODO.match(raw):
        return Line(no, raw, Kind.TODO, "")
    if _TABLE_SEP.match(raw) and "|" in raw:
        return Line(no, raw, Kind.TABLE_SEP, "")
    if _TABLE.match(raw):
        # Confluence and Jira mark a header row with doubled bars: "||Name||Limit||".
        header = "header" if raw.lstrip().startswith("||") else ""
        return Line(no, raw, Kind.TABLE, clean(raw), marker=header)
    if m := _QUOTE.match(raw):
        return Line(no, raw, Kind.QUOTE, clean(m.group(1)))
    if m := _BOLD.match(raw):
        title = strip_numbering(clean(m.group(2)))
        return Line(no, raw, Kind.BOLD, title, indent=indent_of(raw))
    if m := _STARRED.match(raw):
        title = strip_numbering(clean(m.group(2)))
        return Line(no, raw, Kind.BOLD, title, indent=indent_of(raw), marker=m.group(1))
    if m := _CHAPTER.match(raw):
        marker = "第" + m.group(1)
        return Line(no, raw, Kind.MARKER, strip_numbering(clean(m.group(2))), marker=marker)
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
            no, raw, Kind.NUMBERED, clean(m.group(5)), indent_of(raw), level=depth, marker=number
        )
    if m := _BULLET.match(raw):
        return Line(
            no,
            raw,
            Kind.BULLET,
            clean(m.group(5)),
            indent=indent_of(raw),
            marker=m.group(2) or m.group(3) or m.group(4),
        )
    return Line(no, raw, Kind.TEXT, clean(raw), indent=indent_of(raw))


def table_cells(line: Line) -> tuple[str, ...]:
    """The cells of a table row, cleaned."""
    body = line.raw.strip().strip("|")
    bar = "||" if line.raw.lstrip().startswith("||") else "|"
    return tuple(clean(cell) for cell in body.split(bar))


def next_nonblank(lines: list[Line]) -> list[int | None]:
    """For each line, the index of the next non-blank line after it (linear time)."""
    out: list[int | None] = [None] * len(lines)
    following: int | None = None
    for idx in range(len(lines) - 1, -1, -1):
        out[idx] = following
        if not lines[idx].blank:
            following = idx
    return out
