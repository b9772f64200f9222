"""Emacs Org-mode files, read as the Markdown they stand for, line for line:

    #+TITLE: Migration notes       → # Migration notes
    ** DONE Lab: DMS with CDC :lab: → ## Lab: DMS with CDC
    :PROPERTIES: … :END:, CLOSED:/DEADLINE:/SCHEDULED:, other #+ lines → (blank)
    #+BEGIN_SRC … #+END_SRC        → a fenced code block
    #+BEGIN_QUOTE … #+END_QUOTE    → `>` lines
    *bold*, /italic/, =verbatim=, ~code~ → Markdown emphasis and code
    |----+----|                    → |----|----|

A memo is an Org file when its first lines carry `#+KEY:` keywords, or it has `*`
headings with Org's drawers or planning lines: a Markdown `* item` is a bullet. No
maintained Python package turns Org into Markdown line for line (orgparse reads the
outline, not the text between), and line numbers must stay those of the memo.
"""

from __future__ import annotations

import re

_KEYWORD = re.compile(r"^\s*#\+(\w+):\s*(.*)$")
_HEADING = re.compile(r"^(\*+)\s+(.*)$")
_TODO = re.compile(r"^(?:TODO|DONE|NEXT|WAITING|CANCELLED|CANCELED)\s+")
_TAGS = re.compile(r"\s+:[\w@#%:]+:\s*$")
_PRIORITY = re.compile(r"^\[#[A-C]\]\s+")
_DRAWER = re.compile(r"^\s*:[A-Z_]+:\s*$")
_DRAWER_END = re.compile(r"^\s*:END:\s*$", re.IGNORECASE)
_PLANNING = re.compile(r"^\s*(?:CLOSED|DEADLINE|SCHEDULED):")
_BEGIN = re.compile(r"^\s*#\+BEGIN_(\w+)", re.IGNORECASE)
_END = re.compile(r"^\s*#\+END_(\w+)", re.IGNORECASE)
_RULE = re.compile(r"^\s*\|[-+|\s]+\|\s*$")
_EDGE = r"(?<![\w*/=~]){m}(?=\S)([^{c}\n]*?\S){m}(?![\w*/=~])"
_BOLD = re.compile(_EDGE.format(m=r"\*", c="*"))
_ITALIC = re.compile(_EDGE.format(m="/", c="/"))
_VERBATIM = re.compile(_EDGE.format(m="=", c="="))
_CODE = re.compile(_EDGE.format(m="~", c="~"))


def is_org(lines: list[str]) -> bool:
    head = [ln for ln in lines[:40] if ln.strip()][:5]
    if any(_KEYWORD.match(ln) for ln in head):
        return True
    headings = sum(bool(_HEADING.match(ln)) for ln in lines)
    org_only = sum(bool(_DRAWER.match(ln) or _PLANNING.match(ln)) for ln in lines)
    return headings >= 2 and org_only >= 1


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no Org file."""
    if not is_org(lines):
        return lines
    out: list[str] = []
    drawer = False
    block = ""
    for line in lines:
        if block:
            end = _END.match(line)
            if end and end.group(1).casefold() == block:
                out.append("```" if block == "src" or block == "example" else "")
                block = ""
            else:
                out.append(line if block in ("src", "example") else "> " + _inline(line))
            continue
        if drawer:
            drawer = not _DRAWER_END.match(line)
            out.append("")
            continue
        if begin := _BEGIN.match(line):
            block = begin.group(1).casefold()
            out.append("```" if block in ("src", "example") else "")
            continue
        if _DRAWER.match(line) and not _DRAWER_END.match(line):
            drawer = True
            out.append("")
            continue
        if keyword := _KEYWORD.match(line):
            name = keyword.group(1).casefold()
            out.append(f"# {keyword.group(2).strip()}" if name == "title" else "")
            continue
        if _PLANNING.match(line):
            out.append("")
            continue
        if heading := _HEADING.match(line):
            title = _PRIORITY.sub("", _TODO.sub("", _TAGS.sub("", heading.group(2))))
            out.append("#" * (len(heading.group(1)) + 1) + " " + _inline(title))
            continue
        if _RULE.match(line):
            out.append(line.replace("+", "|"))
            continue
        out.append(_inline(line))
    return out


def _inline(text: str) -> str:
    text = _VERBATIM.sub(r"`\1`", text)
    text = _CODE.sub(r"`\1`", text)
    text = _BOLD.sub(r"**\1**", text)
    return _ITALIC.sub(r"*\1*", text)
