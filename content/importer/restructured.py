"""reStructuredText memos (Sphinx notes), read as the Markdown they stand for, line for line:

    Title under (and over) a line of one mark → `#` headings, a level per mark in the order
                                              the memo first uses them
    .. note:: / .. warning:: … (indented)     → `>` callout lines
    .. code-block:: / .. image:: / comments   → (blank), with their indented block
    a paragraph ending in `::`                → its indented literal block blank
    :Field: value                             → Field: value
    term, then an indented definition         → term, then `: definition` (joined)
    +----+----+ grid tables                   → one Markdown row per table row
    ``literal``, `text <url>`_, :role:`text`  → code spans and plain text

A memo is reStructuredText when a title is underlined (or over- and underlined) by a run of
one mark and the memo shows something Markdown does not write: a `.. directive::`, a
``double-backquoted`` literal, a `:field:` line, an overline or an underline of `~ ^ " ' +`.
docutils parses such a file into a document tree, but the text of each source line and
Sphinx's own directives (which docutils reports as errors) are what is needed here, with
line numbers those of the memo.
"""

from __future__ import annotations

import re

_ADORNMENT = re.compile(r"^([=\-~^\"'`+*#:._])\1{2,}\s*$")
_DIRECTIVE = re.compile(r"^(\s*)\.\.\s+([\w:-]+)::\s*(.*)$")
_COMMENT = re.compile(r"^(\s*)\.\.(?:\s|$)")
_CALLOUTS = {"note", "warning", "tip", "important", "caution", "attention", "hint", "danger"}
_CALLOUTS |= {"seealso", "admonition", "topic", "error"}
_FIELD = re.compile(r"^(\s*):([^\s:`](?:[^:`]*[^\s:`])?):\s+(.*)$")
_GRID_RULE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_GRID_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LIST = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#\.)\s")

_LITERAL = re.compile(r"``(.+?)``")
_LINK = re.compile(r"`([^`<]+?)\s*<[^>]+>`_{1,2}")
_REFERENCE = re.compile(r"`([^`]+)`_{1,2}")
_ROLE = re.compile(r":[\w:-]+:`([^`<]*?)(?:\s*<[^>]*>)?`")
_SUBSTITUTION = re.compile(r"\|[\w -]+\|_{0,2}")


def _underlines(lines: list[str]) -> list[int]:
    """Indices of the lines that underline a title (a text line as long or shorter)."""
    found = []
    for i in range(1, len(lines)):
        title = lines[i - 1].rstrip()
        if (
            _ADORNMENT.match(lines[i])
            and title.strip()
            and not _ADORNMENT.match(title)
            and not title.startswith(" ")
            and len(lines[i].rstrip()) >= len(title) * 0.8
        ):
            found.append(i)
    return found


def is_rst(lines: list[str]) -> bool:
    underlines = _underlines(lines)
    if len(underlines) < 2:
        return False
    marks = {lines[i].strip()[0] for i in underlines}
    overlined = any(i >= 2 and lines[i - 2].strip() == lines[i].strip() for i in underlines)
    signs = sum(
        bool(_DIRECTIVE.match(ln) or _LITERAL.search(ln) or _FIELD.match(ln)) for ln in lines
    )
    return overlined or bool(marks - {"=", "-"}) or signs >= 2


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no rST."""
    if not is_rst(lines):
        return lines
    out = [_inline(ln) for ln in lines]
    styles: list[tuple[str, bool]] = []  # (mark, overlined) in the order first used
    for i in _underlines(lines):
        mark = lines[i].strip()[0]
        over = i >= 2 and lines[i - 2].strip() == lines[i].strip()
        if (mark, over) not in styles:
            styles.append((mark, over))
        level = min(6, styles.index((mark, over)) + 1)
        out[i - 1] = "#" * level + " " + _inline(lines[i - 1].strip())
        out[i] = ""
        if over:
            out[i - 2] = ""
    _blocks(lines, out)
    _docinfo(lines, out)
    _definitions(lines, out)
    _grid_tables(lines, out)
    return out


def _indented_after(lines: list[str], i: int, indent: int) -> range:
    """The lines of the block indented deeper than `indent` that follows line `i`."""
    end = i + 1
    last = i
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if len(line) - len(line.lstrip()) <= indent:
                break
            last = end
        end += 1
    return range(i + 1, last + 1)


def _blocks(lines: list[str], out: list[str]) -> None:
    """Directives and literal blocks: callouts become `>` lines, the rest is left out."""
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _DIRECTIVE.match(line)
        literal = line.rstrip().endswith("::") and not directive and line.strip() != "::"
        if not (directive or _COMMENT.match(line) or literal or line.strip() == "::"):
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        block = _indented_after(lines, i, indent)
        if directive and directive.group(2).casefold() in _CALLOUTS:
            out[i] = "> " + _inline(directive.group(3)) if directive.group(3) else ""
            for j in block:
                out[j] = "> " + _inline(lines[j].strip()) if lines[j].strip() else ">"
        elif literal:
            out[i] = _inline(line.rstrip()[:-1].rstrip(": ") + ":")
            for j in block:
                out[j] = ""
        else:
            for j in [i, *block]:
                out[j] = ""
        i = block.stop if block else i + 1


def _docinfo(lines: list[str], out: list[str]) -> None:
    """Fields above the first section (":Author:", ":Updated:") describe the document."""
    headings = [i for i, text in enumerate(out) if text.startswith("#")]
    titled = sum(text.startswith("# ") for text in out) == 1 and out[headings[0]][1] == " "
    below = headings[1:] if titled else headings
    for i in range(below[0] if below else len(out)):
        if _FIELD.match(lines[i]):
            out[i] = ""


def _definitions(lines: list[str], out: list[str]) -> None:
    """A term line with an indented definition under it, as `term` then `: definition`;
    field lines (`:Limit: 5`) as `Limit: 5`."""
    for i, line in enumerate(lines):
        if out[i] != _inline(line) or not line.strip():
            continue  # already a heading, a callout or left out
        if field := _FIELD.match(line):
            out[i] = f"{field.group(1)}{field.group(2)}: {_inline(field.group(3))}"
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        indent = len(line) - len(line.lstrip())
        deeper = len(nxt) - len(nxt.lstrip()) > indent
        if not (nxt.strip() and deeper) or _LIST.match(line) or _LIST.match(nxt):
            continue
        block = list(_indented_after(lines, i, indent))
        if any(out[j] != _inline(lines[j]) for j in block):
            continue
        out[block[0]] = ": " + _inline(" ".join(lines[j].strip() for j in block))
        for j in block[1:]:
            out[j] = ""


def _grid_tables(lines: list[str], out: list[str]) -> None:
    """Grid tables: each row joined onto its first line (the header onto its last, so that
    the `+===+` rule under it becomes the Markdown separator); rules left out."""
    row: list[int] = []
    for i, line in enumerate(lines):
        if _GRID_RULE.match(line):
            if row:
                target = row[-1] if "=" in line else row[0]
                cells = _cells([lines[j] for j in row])
                for j in row:
                    out[j] = ""
                out[target] = "| " + " | ".join(cells) + " |"
                row = []
            columns = line.strip().count("+") - 1
            out[i] = "|" + "---|" * columns if "=" in line else ""
        elif _GRID_ROW.match(line) and (row or (i > 0 and _GRID_RULE.match(lines[i - 1]))):
            row.append(i)


def _cells(row_lines: list[str]) -> list[str]:
    columns: list[list[str]] = []
    for line in row_lines:
        parts = line.strip().strip("|").split("|")
        for k, part in enumerate(parts):
            if k == len(columns):
                columns.append([])
            if part.strip():
                columns[k].append(part.strip())
    return [_inline(" ".join(words)) for words in columns]


def _inline(text: str) -> str:
    text = _LITERAL.sub(r"`\1`", text)
    text = _LINK.sub(r"\1", text)
    text = _ROLE.sub(r"\1", text)
    text = _REFERENCE.sub(r"\1", text)
    return _SUBSTITUTION.sub("", text) if "|" in text and not _GRID_ROW.match(text) else text
