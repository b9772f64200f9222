"""Confluence (and Jira) wiki markup, read as the Markdown it stands for, line for line:

    h1. Title … h6. Sub               → # … ######
    * / ** / *** items, # / ## items  → nested `-` and `1.` items
    ||head||head|| then |cell|cell|   → a table with its header row
    {info}…{info}, {note}, {warning}, {tip}, {panel}, {quote} → `>` callout lines
    {code}…{code}, {noformat}…        → a fenced code block
    *bold*, _italic_, {{mono}}, [text|url], {color:red}x{color}, !image.png! → Markdown

A memo is in wiki markup when two lines are `hN.` headings, or one is and a `{code}` /
`{info}` macro or a `||` header row is there too. The Python Confluence packages talk to
a Confluence server; none reads the wiki markup of a text file.
"""

from __future__ import annotations

import re

from content.importer.macros import with_macros
from content.importer.markup import wrapped_in

_HEADING = re.compile(r"^\s*h([1-6])\.\s+(.*)$")
_ITEM = re.compile(r"^\s*([*#-]{1,5})\s+(\S.*)$")
_HEADER_ROW = re.compile(r"^\s*\|\|.*\|\|\s*$")
_PANEL = re.compile(
    r"\{(info|note|warning|tip|panel|quote|expand|excerpt)(?::[^}]*)?\}", re.IGNORECASE
)
_CODE = re.compile(r"^\s*\{(code|noformat)(?::[^}]*)?\}(.*)$", re.IGNORECASE)
_RULE = re.compile(r"^\s*-{4,}\s*$")

_MONO = re.compile(r"\{\{(.+?)\}\}")
_LINK = re.compile(r"\[([^\]|]+)\|[^\]]+\]")
_BARE_LINK = re.compile(r"\[((?:https?|mailto):[^\]]+)\]")
_COLOR = re.compile(r"\{color(?::[^}]*)?\}", re.IGNORECASE)
_IMAGE = re.compile(r"![^!\s][^!]*\.(?:png|jpe?g|gif|svg)(?:\|[^!]*)?!", re.IGNORECASE)
_STRONG = wrapped_in("*")
_CITE = re.compile(r"\?\?(.+?)\?\?")


def is_confluence(lines: list[str]) -> bool:
    headings = sum(bool(_HEADING.match(ln)) for ln in lines)
    macros = any(_CODE.match(ln) or _PANEL.search(ln) or _HEADER_ROW.match(ln) for ln in lines)
    return headings >= 2 or (headings == 1 and macros)


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no wiki
    markup."""
    if not is_confluence(lines):
        return lines
    return with_macros(lines, _CODE, _closing, _PANEL, _line)


def _closing(opened: re.Match[str]) -> re.Pattern[str]:
    return re.compile(rf"^\s*\{{{opened.group(1)}\}}\s*$", re.IGNORECASE)


def _line(line: str) -> str:
    if heading := _HEADING.match(line):
        return "#" * int(heading.group(1)) + " " + _inline(heading.group(2))
    if _RULE.match(line):
        return ""
    if _HEADER_ROW.match(line):
        cells = [_inline(c.strip()) for c in line.strip().strip("|").split("||")]
        return "|| " + " || ".join(cells) + " ||"  # lines.py reads `||` cells as a header
    if item := _ITEM.match(line):
        mark, text = item.group(1), _inline(item.group(2))
        indent = "  " * (len(mark) - 1)
        return indent + ("1. " if mark[-1] == "#" else "- ") + text
    return _inline(line)


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _COLOR.sub("", text)
    text = _MONO.sub(r"`\1`", text)
    text = _LINK.sub(r"\1", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _CITE.sub(r"\1", text)
    return _STRONG.sub(r"**\1**", text)
