"""AsciiDoc memos, read as the Markdown they stand for, line for line:

    = Title / == Section / === Sub     → # / ## / ###
    :toc: and other attribute entries, [NOTE] / [source,bash] block attributes → (blank)
    * / ** / *** items, . / .. items   → nested `-` and `1.` items
    term:: definition                  → term: definition
    NOTE: / TIP: / IMPORTANT: … text   → a `>` callout
    ---- / .... blocks                 → a fenced code block; //// comments → (blank)
    |=== tables (a cell per `|`)       → one Markdown row per table row
    *bold*, _italic_, #mark#, link:url[text], <<id,text>> → Markdown or plain text

A memo is AsciiDoc when it opens with a `= Title` line or has two `==` section lines, and
shows something only AsciiDoc writes (`|===`, `term::`, `----` blocks, admonition lines,
attribute entries). The Python AsciiDoc tools render HTML from a whole document; none
hands back the text of each source line, and line numbers must stay those of the memo.
"""

from __future__ import annotations

import re

from content.importer.markup import wrapped_in

_SECTION = re.compile(r"^(={1,6})\s+(\S.*?)(?:\s+=+)?\s*$")
_ATTRIBUTE = re.compile(r"^:!?[\w-]+!?:(?:\s.*)?$")
_BLOCK_ATTRIBUTE = re.compile(r"^\[[^\]]*\]\s*$")
_BLOCK_TITLE = re.compile(r"^\.(?=[^\s.])\S.*$")
_MACRO = re.compile(r"^(?:image|include|toc|video|audio)::\S*\[.*\]\s*$")
_ITEM = re.compile(r"^\s*(\*{1,5}|-|\.{1,5})\s+(\S.*)$")
_TERM = re.compile(r"^\s*(\S[^:]*?)(:{2,4}|;;)(?:\s+(.*))?$")
_ADMONITION = re.compile(r"^(NOTE|TIP|IMPORTANT|WARNING|CAUTION):\s+(.*)$")
_TABLE = re.compile(r"^\s*[|!,:]===\s*$")
_DELIMITER = re.compile(r"^(-{4,}|\.{4,}|/{4,}|={4,}|\*{4,}|_{4,}|\+{4,}|--)\s*$")
_BREAK = re.compile(r"^(?:'{3,}|<{3})\s*$")
_SIGNS = (_TABLE, _TERM, _ADMONITION, _ATTRIBUTE, re.compile(r"^-{4,}\s*$"))

# link:url[text], xref:page.adoc[text], https://url[text]; "* [x] done" is a checklist item.
_LINK = re.compile(r"(?:\b(?:link|xref):\S*?|\bhttps?://[^\s\[]+)\[([^\]]*)\]")
_XREF = re.compile(r"<<[^,>]*,\s*([^>]*)>>|<<([^>]*)>>")
_INLINE_MACRO = re.compile(r"\b(?:footnote|kbd|btn|menu|pass|indexterm2?):[^\[\s]*\[[^\]]*\]")
_STRONG = wrapped_in("*")
_EMPHASIS = wrapped_in("_")
_MARK = wrapped_in("#")
_PASS = wrapped_in("+")


def is_asciidoc(lines: list[str]) -> bool:
    head = next((ln for ln in lines if ln.strip()), "")
    sections = sum(1 for ln in lines if (m := _SECTION.match(ln)) and len(m.group(1)) >= 2)
    if not (head.startswith("= ") or sections >= 2):
        return False
    return any(sign.match(ln) for ln in lines for sign in _SIGNS)


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no AsciiDoc."""
    if not is_asciidoc(lines):
        return lines
    out: list[str] = []
    block = ""  # the delimiter of the open block
    table: list[str] = []  # the lines of an open |=== table
    in_table = False
    for line in lines:
        if in_table:
            if _TABLE.match(line):
                if table:
                    out[-len(table) :] = _table(table)
                out.append("")
                in_table, table = False, []
            else:
                table.append(line)
                out.append("")
            continue
        if block:
            if line.strip() == block:
                out.append("```" if block[0] in "-." else "")
                block = ""
            elif block[0] == "/":
                out.append("")
            else:
                out.append(line if block[0] in "-." else _line(line))
            continue
        if _TABLE.match(line):
            in_table = True
            out.append("")
            continue
        if (delimiter := _DELIMITER.match(line)) and delimiter.group(1) != "--":
            block = delimiter.group(1)
            out.append("```" if block[0] in "-." else "")
            continue
        out.append(_line(line))
    if table:  # a table left open at the end of the memo
        out[-len(table) :] = _table(table)
    return out


def _line(line: str) -> str:
    if section := _SECTION.match(line):
        return "#" * len(section.group(1)) + " " + _inline(section.group(2))
    if (
        _ATTRIBUTE.match(line)
        or _BLOCK_ATTRIBUTE.match(line)
        or _BLOCK_TITLE.match(line)
        or _MACRO.match(line)
        or _BREAK.match(line)
        or line.strip() == "--"
        or line.startswith("//")
    ):
        return ""
    if admonition := _ADMONITION.match(line):
        return "> " + _inline(admonition.group(2))
    if item := _ITEM.match(line):
        mark, text = item.group(1), _inline(item.group(2))
        depth = len(mark) - 1 if mark[0] in "*." else 0
        return "  " * depth + ("1. " if mark[0] == "." else "- ") + _term(text)
    return _term(_inline(line))


def _term(text: str) -> str:
    """`term:: definition` as the `term: definition` line the reader knows."""
    if (term := _TERM.match(text)) and "://" not in text:
        rest = term.group(3) or ""
        return f"{term.group(1).strip()}: {rest}".rstrip() if rest else term.group(1) + ":"
    return text


def _inline(text: str) -> str:
    text = _INLINE_MACRO.sub("", text)
    text = _XREF.sub(lambda m: m.group(1) or m.group(2).split(",")[0], text)
    text = _LINK.sub(r"\1", text)
    text = _PASS.sub(r"\1", text)
    text = _MARK.sub(r"\1", text)
    text = _STRONG.sub(r"**\1**", text)
    return _EMPHASIS.sub(r"*\1*", text)


def _table(lines: list[str]) -> list[str]:
    """An AsciiDoc table's lines as Markdown rows: each row on the line of its first cell,
    a separator on the blank line after the first row (AsciiDoc's implicit header)."""
    out = [""] * len(lines)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return out
    columns = max(1, lines[first].count("|"))
    header = first + 1 < len(lines) and not lines[first + 1].strip()
    row: list[str] = []
    start = first
    for i, text in enumerate(lines):
        for cell in text.split("|")[1:] if text.strip().startswith("|") else ():
            if not row:
                start = i
            row.append(_inline(cell.strip()))
            if len(row) == columns:
                out[start] = "| " + " | ".join(row) + " |"
                row = []
    if header and columns > 1:
        out[first + 1] = "|" + "---|" * columns
    return out
