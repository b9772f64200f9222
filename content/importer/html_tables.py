"""HTML tables, as wiki exports and some note apps write them:

    <table>
    <tr><td><b>Service</b></td><td><b>Question it answers</b></td></tr>
    <tr><td>CloudTrail</td><td>Who called which API?</td></tr>
    </table>

Each `<tr>` on one line is read as a pipe table row, the first of its table as the header;
the tag lines around the rows are blank. Markdown readers parse HTML into a DOM for a
browser, not into rows a question can be made from.
"""

from __future__ import annotations

import re
from dataclasses import replace

from content.importer.lines import Kind, Line
from content.importer.markup import clean

_ROW = re.compile(r"^\s*<tr\b[^>]*>(.*)</tr>\s*$", re.IGNORECASE)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.IGNORECASE)
_OPEN = re.compile(r"^\s*<table\b[^>]*>\s*$", re.IGNORECASE)
_TAG_ONLY = re.compile(r"^\s*</?(?:table|thead|tbody|tfoot)\b[^>]*>\s*$", re.IGNORECASE)


def html_tables(lines: list[Line]) -> list[Line]:
    """`lines` with each one-line `<tr>` of a `<table>` as a table row (`marker` "header" on
    the table's first row); every other line as it was."""
    out = list(lines)
    first = False
    for at, line in enumerate(out):
        if line.kind in (Kind.CODE, Kind.FENCE):
            continue
        if _TAG_ONLY.match(line.raw):
            first = first or bool(_OPEN.match(line.raw))
            out[at] = replace(line, kind=Kind.BLANK, text="")
            continue
        row = _ROW.match(line.raw)
        cells = [clean(c) for c in _CELL.findall(row.group(1))] if row else []
        if len(cells) < 2:
            continue
        text = "| " + " | ".join(cells) + " |"
        marker = "header" if first else ""
        out[at] = replace(line, raw=text, kind=Kind.TABLE, text=text, marker=marker)
        first = False
    return out
