"""A note saved as an HTML page, read as the Markdown it stands for, line for line:

    <h1>…<h6>                   → # … ######
    <ul>/<ol> with <li>, nested  → nested `-` and `1.` items
    <tr> of <th> / <td> cells     → a table, a row of <th> its header
    <details><summary>           → a heading one below the last one
    <b>/<strong>, <mark>, <i>, <code>, <br>, entities → Markdown; <head>, <script>,
    <style> and comments → nothing

A memo is an HTML page when it opens with `<!DOCTYPE html>` or `<html`, or three of its
lines open with a heading, list or paragraph tag and none is a Markdown heading or item.
The standard library's HTMLParser reads the tags and entities and says on which line each
one stands; what it lacks, and this module adds, is the Markdown each tag stands for on the
line it was written on, so that the questions name the memo's own line numbers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_OPENING = re.compile(r"^\s*<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"^\s*<(?:h[1-6]|ul|ol|li|p|table|tr|details)\b", re.IGNORECASE)
_MARKDOWN = re.compile(r"^\s*(?:#{1,6} |[-*+] |\d+\. )")
_SKIPPED = {"head", "script", "style", "title"}
_INLINE = {"b": "**", "strong": "**", "mark": "==", "i": "*", "em": "*", "code": "`"}


def is_html(lines: list[str]) -> bool:
    first = next((ln for ln in lines if ln.strip()), "")
    if _OPENING.match(first):
        return True
    # A Markdown memo may hold a <details> block or an HTML table: its own headings and
    # items say it is Markdown.
    markdown = any(_MARKDOWN.match(ln) for ln in lines)
    return not markdown and sum(bool(_BLOCK_TAG.match(ln)) for ln in lines) >= 3


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no HTML."""
    if not is_html(lines):
        return lines
    reader = _Reader(len(lines))
    reader.feed("\n".join(lines))
    reader.close()
    return reader.lines()


class _Reader(HTMLParser):
    def __init__(self, count: int) -> None:
        super().__init__(convert_charrefs=True)
        self.prefix = [""] * (count + 1)
        self.text: list[list[str]] = [[] for _ in range(count + 1)]
        self.lists: list[str] = []  # the open <ul> / <ol>, innermost last
        self.skip = 0
        self.heading = 0  # the level of the last heading, for a <summary> below it
        self.level = 0  # the level of the open heading
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None
        self.row = (0, False)  # the line a <tr> opened on, and whether it holds a <th>
        self.pre = False
        self.fences: set[int] = set()  # lines where a <pre> opens or closes

    def _line(self) -> int:
        return min(self.getpos()[0], len(self.prefix) - 1)

    def _put(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.text[self._line()].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self._line()
        if tag in _SKIPPED:
            self.skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.level = int(tag[1])
            self.prefix[line] = "#" * self.level + " "
        elif tag == "summary":
            self.prefix[line] = "#" * min(self.heading + 1, 6) + " "
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            depth = max(len(self.lists), 1)
            mark = "1. " if self.lists and self.lists[-1] == "ol" else "- "
            self.prefix[line] = "  " * (depth - 1) + mark
        elif tag == "tr":
            self.cells, self.row = [], (line, False)
        elif tag in ("td", "th") and self.cells is not None:
            self.cell = []
            if tag == "th":
                self.row = (self.row[0], True)
        elif tag == "pre":
            self.pre = True
            self.fences.add(line)
        elif tag == "br":
            self._put(" ")
        elif tag in _INLINE:
            self._put(_INLINE[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(self.skip - 1, 0)
        elif re.fullmatch(r"h[1-6]", tag):
            self.heading = self.level
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("td", "th") and self.cell is not None and self.cells is not None:
            self.cells.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            line, header = self.row
            cells = [c.replace("|", "/") for c in self.cells]
            row = "|| " + " || ".join(cells) + " ||" if header else "| " + " | ".join(cells) + " |"
            self.text[line] = [row]  # lines.py reads `||` cells as a header row
            self.cells = None
        elif tag == "pre":
            self.pre = False
            self.fences.add(self._line())
        elif tag in _INLINE:
            self._put(_INLINE[tag])

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = data.replace("\xa0", " ")
        if self.cell is not None:
            self.cell.append(data)
            return
        first = self._line()
        for offset, piece in enumerate(data.split("\n")):
            if first + offset < len(self.text) and (piece.strip() or self.pre):
                self.text[first + offset].append(piece)

    def lines(self) -> list[str]:
        out = []
        inside = False
        for no in range(1, len(self.prefix)):
            body = "".join(self.text[no])
            if no in self.fences:
                out.append("```")  # a code block is never a source of questions
                inside = not inside
            elif inside:
                out.append(body.rstrip())
            else:
                body = re.sub(r"[ \t]+", " ", body).strip()
                out.append(self.prefix[no] + body if body else "")
        return out
