"""Backlog wiki markup (Backlog記法), read as the Markdown it stands for, line for line:

    * Title / ** Heading / *** Sub    → # / ## / ###
    - / -- / --- items, + / ++ items  → nested `-` and `1.` items
    |head|head|h then |cell|cell|     → a table with its header row
    {code}…{/code}                    → a fenced code block
    {quote}…{/quote}, > quote         → `>` callout lines
    ''bold'', '''italic''', %%struck%%, &br;, &color(red){x}, [[label>url]] → Markdown

A memo is in Backlog markup when a line is a `* ` heading and a sign only Backlog writes is
there too: a `|…|h` header row, `&br;`, `{/code}` or `''bold''`. Markdown's `* item` lists
have none of these. No Python package reads Backlog's markup; its API
returns a wiki page's text as written.
"""

from __future__ import annotations

import re

from content.importer.macros import with_macros

_HEADING = re.compile(r"^\*{1,6}(?= \S)")
_ITEM = re.compile(r"^([-+]{1,5}) (\S.*)$")
_WIKI_HEADING = re.compile(r"^\s*=+[^=]+=+\s*$")
_HEADER_ROW = re.compile(r"^\|.*\|h\s*$")
_CODE_OPEN = re.compile(r"^\s*\{code(?::[^}]*)?\}\s*$")
_CODE_CLOSE = re.compile(r"^\s*\{/code\}\s*$")
_QUOTE = re.compile(r"\{/?quote\}")
_SIGNS = (
    _HEADER_ROW,
    re.compile(r"&br;"),
    _CODE_CLOSE,
    re.compile(r"''[^'\s][^']*''"),
)

_ITALIC = re.compile(r"'''([^']+)'''")
_BOLD = re.compile(r"''([^']+)''")
_STRUCK = re.compile(r"%%([^%]+)%%")
_COLOR = re.compile(r"&color\([^)]*\)\s*\{([^}]*)\}")
_LINK = re.compile(r"\[\[([^\]>:]+)(?:[>:][^\]]*)?\]\]")
_MACRO = re.compile(r"#(?:image|thumbnail|attach|contents|rev)\([^)]*\)|#contents\b")


def is_backlog(lines: list[str]) -> bool:
    if not any(_HEADING.match(ln) for ln in lines) or any(_WIKI_HEADING.match(ln) for ln in lines):
        return False  # MediaWiki also writes `* item` and `''bold''`, under `== … ==`
    return any(sign.search(ln) for sign in _SIGNS for ln in lines)


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no Backlog
    markup."""
    if not is_backlog(lines):
        return lines
    return with_macros(lines, _CODE_OPEN, lambda _: _CODE_CLOSE, _QUOTE, _line)


def _line(line: str) -> str:
    if heading := _HEADING.match(line):
        return "#" * len(heading.group(0)) + " " + _inline(line[heading.end() :].strip())
    if _HEADER_ROW.match(line):
        cells = [_inline(c.strip()) for c in line.strip()[:-1].strip("|").split("|")]
        return "|| " + " || ".join(cells) + " ||"  # lines.py reads `||` cells as a header
    if item := _ITEM.match(line):
        mark, text = item.group(1), _inline(item.group(2))
        indent = "  " * (len(mark) - 1)
        return indent + ("1. " if mark[-1] == "+" else "- ") + text
    return _inline(line)


def _inline(text: str) -> str:
    text = text.replace("&br;", "").rstrip()
    text = _MACRO.sub("", text)
    text = _COLOR.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _STRUCK.sub(r"~~\1~~", text)
    text = _ITALIC.sub(r"*\1*", text)
    return _BOLD.sub(r"**\1**", text)
