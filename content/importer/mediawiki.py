"""MediaWiki markup (a page copied out of a team wiki), read as the Markdown it stands for:

    == Title == … ====== Sub ======    → ## … ######
    * / ** items, # / ## items          → nested `-` and `1.` items
    ; term : meaning, or ; term then : → `term: meaning` definition lines
    {| … |} tables with ! / !! headers  → a Markdown table with its header row
    {{Note|…}} and other boxes          → `>` callout lines; any other template goes
    '''bold''', ''italic'', [[link|text]], [url text], <ref>…</ref> → text, no footnotes

mwparserfromhell reads the inline markup (links, templates, tags, entities); it has no
notion of a line, so the block structure (headings, items, table rows) is read here,
line for line (a table's `|-` lines become Markdown rule lines, which continue it).
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, HTMLEntity, Tag, Template, Text, Wikilink

_HEADING = re.compile(r"^(={1,6})\s*([^=].*?[^=\s]|[^=\s])\s*\1\s*$")
_ITEM = re.compile(r"^([*#]+)\s*(.*)$")
_TERM = re.compile(r"^;\s*(.+?)(?:\s+:\s*(.+))?$")
_INDENT = re.compile(r"^(:+)\s*(.*)$")
_MAGIC = re.compile(r"^\s*(?:__[A-Z]+__|</?references\s*/?>)\s*$", re.IGNORECASE)
_BOXES = frozenset({"note", "notice", "tip", "info", "warning", "caution", "important", "memo"})
_BOX_LINE = re.compile(r"^\s*\{\{\s*([^|{}]+?)\s*\|(.*)\}\}\s*$", re.DOTALL)
_CODE_OPEN = re.compile(r"^\s*<(pre|syntaxhighlight|source)\b[^>]*>\s*$", re.IGNORECASE)


def is_mediawiki(lines: list[str]) -> bool:
    """Two `== Title ==` headings, or one beside a `{|` table: a `==highlight==` line of
    Obsidian has no spaces inside its marks and comes with Markdown headings. DokuWiki
    writes headings the same way but the other way up (`====== Page ======` on top)."""
    levels = [len(m.group(1)) for ln in lines if (m := re.match(r"^(={2,6}) \S.*\S \1\s*$", ln))]
    tables = any(ln.lstrip().startswith("{|") for ln in lines)
    markdown = any(re.match(r"^#{2,6} \S", ln) for ln in lines)
    if markdown or not levels or levels[0] > min(levels):
        return False
    return len(levels) >= 2 or tables


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, as many as there were; `lines` unchanged when it is
    no MediaWiki page."""
    if not is_mediawiki(lines):
        return lines
    out: list[str] = []
    table: list[str] | None = None  # the open {| … |} block's lines
    code = ""
    for line in lines:
        if code:
            closed = re.match(rf"^\s*</{code}>\s*$", line, re.IGNORECASE)
            out.append("```" if closed else line)
            code = "" if closed else code
        elif table is not None:
            table.append(line)
            if line.lstrip().startswith("|}"):
                out.extend(_table(table))
                table = None
        elif line.lstrip().startswith("{|"):
            table = [line]
        elif opened := _CODE_OPEN.match(line):
            code = opened.group(1).casefold()
            out.append("```")
        else:
            out.append(_line(line))
    if table is not None:
        out.extend(_table(table))
    return out


def _line(line: str) -> str:
    if _MAGIC.match(line) or re.match(r"^\s*-{4,}\s*$", line):
        return ""
    if heading := _HEADING.match(line):
        return "#" * len(heading.group(1)) + " " + _inline(heading.group(2))
    if box := _BOX_LINE.match(line):
        if box.group(1).strip().casefold() in _BOXES:
            return "> " + _inline(box.group(2).split("|")[-1])
        return ""
    if term := _TERM.match(line):
        left, right = _inline(term.group(1)), term.group(2)
        return f"{left}: {_inline(right)}" if right else left
    if indent := _INDENT.match(line):
        return ": " + _inline(indent.group(2))  # "Term" then ": meaning", or a note
    if item := _ITEM.match(line):
        marks, text = item.group(1), _inline(item.group(2))
        return "  " * (len(marks) - 1) + ("1. " if marks[-1] == "#" else "- ") + text
    return _inline(line)


def _table(block: list[str]) -> list[str]:
    """A `{| … |}` block as a Markdown table, line for line: each row on the line where it
    starts, its other lines (`|-`, a cell on a line of its own) as rule lines."""
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    header_at = -1
    fresh = True  # a `|-` came: the next cell line starts a row
    for at, line in enumerate(block[1:], start=1):
        text = line.strip()
        if text.startswith("|}"):
            break
        if text.startswith("|-"):
            fresh = True
        elif text.startswith("!"):
            header_at = at if header_at < 0 else header_at
            header.extend(_cells(text[1:], "!!"))
        elif text.startswith("|") and not text.startswith("|+"):
            if fresh or not rows:
                rows.append((at, []))
                fresh = False
            rows[-1][1].extend(_cells(text[1:], "||"))
        elif rows and text and not text.startswith("|+"):
            rows[-1][1][-1] = f"{rows[-1][1][-1]} {_inline(text)}".strip()
    rows = [(at, cells) for at, cells in rows if any(cells)]
    if not header and rows:
        header_at, header = rows.pop(0)
    out = [""] * len(block)
    if not header:
        return out
    width = len(header)
    rule = "|" + "---|" * width
    for at in range(header_at + 1, len(block) - 1):
        out[at] = rule
    out[header_at] = _row(header)
    for at, cells in rows:
        out[at] = _row((cells + [""] * width)[:width])
    return out


def _cells(text: str, separator: str) -> list[str]:
    cells = []
    for cell in text.split(separator):
        # `style="…" | text`: the attributes go, the text stays.
        if "|" in cell and "=" in cell.split("|")[0]:
            cell = cell.split("|", 1)[1]
        cells.append(_inline(cell.strip()))
    return cells


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"


def _inline(text: str) -> str:
    """The text a reader sees of one line of wiki text."""
    return re.sub(r"\s{2,}", " ", _nodes(mwparserfromhell.parse(text).nodes)).strip()


def _nodes(nodes: list[object]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(str(node))
        elif isinstance(node, Wikilink):
            out.append(_nodes((node.text or node.title).nodes))
        elif isinstance(node, ExternalLink):
            out.append(_nodes(node.title.nodes) if node.title else str(node.url))
        elif isinstance(node, HTMLEntity):
            out.append(node.normalize())
        elif isinstance(node, Tag):
            out.append(_tag(node))
        elif isinstance(node, Template) and str(node.name).strip().casefold() in _BOXES:
            out.append(_nodes(node.params[-1].value.nodes) if node.params else "")
        elif not isinstance(node, Comment | Template):
            out.append(str(node))
    return "".join(out)


def _tag(tag: Tag) -> str:
    name = str(tag.tag).casefold()
    if name == "ref" or tag.contents is None:
        return " " if name == "br" else ""
    inner = _nodes(tag.contents.nodes)
    if tag.wiki_markup == "'''" or name in ("b", "strong"):
        return f"**{inner}**"  # a bold term opens a definition: "**Term**: meaning"
    if name == "code":
        return f"`{inner}`"
    return inner
