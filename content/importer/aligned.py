"""Tables lined up with spaces, as notes taken from slides write them:

    SG　　　　　　NACL
    ステートフル　　◯　　　　　　×（戻りの通信も許可が必要）
    許可ルール　　　◯　　　　　　◯

A block of at least three lines whose cells are parted by two spaces, a full-width space or
a tab, each with the same number of cells, is read as a pipe table: its first line is the
header (one cell short and indented: the top-left cell is empty), the others are its rows.
Markdown readers know only pipe tables; plain-text and slide notes have none.
"""

from __future__ import annotations

import re
from dataclasses import replace

from content.importer.lines import Kind, Line

_GAP = re.compile(r"[ \t]{2,}|[\u3000\t]+")
MIN_LINES = 3
MAX_CELL = 40


def aligned_tables(lines: list[Line]) -> list[Line]:
    """`lines` with each space-aligned block turned into table rows (`marker` "header"
    on its first line); every other line as it was."""
    out = list(lines)
    i = 0
    while i < len(out):
        block = _block(out, i)
        if block:
            for at, cells in block:
                row = "| " + " | ".join(cells) + " |"
                marker = "header" if at == block[0][0] else ""
                out[at] = replace(out[at], raw=row, kind=Kind.TABLE, text=row, marker=marker)
            i = block[-1][0] + 1
        else:
            i += 1
    return out


def _cells(line: Line) -> list[str]:
    if line.kind is not Kind.TEXT:
        return []
    cells = [c for c in _GAP.split(line.raw.strip()) if c]
    if len(cells) < 2 or any(len(c) > MAX_CELL for c in cells):
        return []
    return cells


def _block(lines: list[Line], start: int) -> list[tuple[int, list[str]]]:
    """The aligned block starting at `start`, or [] when there is none."""
    head = _cells(lines[start])
    if not head:
        return []
    indented = lines[start].raw[:1] in (" ", "\u3000", "\t")
    rows: list[tuple[int, list[str]]] = []
    at = start + 1
    while at < len(lines) and (cells := _cells(lines[at])):
        rows.append((at, cells))
        at += 1
    width = len(head) + 1 if indented else len(head)
    rows = _same_width(rows, width)
    if len(rows) + 1 < MIN_LINES:
        return []
    header = ["", *head] if indented else head
    return [(start, header), *rows]


def _same_width(rows: list[tuple[int, list[str]]], width: int) -> list[tuple[int, list[str]]]:
    """The rows up to the first one of another width."""
    kept = []
    for at, cells in rows:
        if len(cells) != width:
            break
        kept.append((at, cells))
    return kept
