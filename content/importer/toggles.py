"""Bullets with lines indented under them (Notion toggles, outliners, pasted lists): whether
a bullet heads the lines under it, and what section it makes."""

from __future__ import annotations

import re

from content.importer.definitions import defined_term, states_fact
from content.importer.lines import Kind, Line, indent_of

_HOLDS = (Kind.BULLET, Kind.NUMBERED, Kind.TEXT, Kind.TABLE, Kind.QUOTE, Kind.QUESTION)
_ARROW_START = re.compile(r"^\s*(→|⇒|->|=>)")


def heads_notes(line: Line, nxt: Line | None) -> bool:
    """A short bullet, or a definition, with lines indented under it heads them."""
    if nxt is None or indent_of(nxt.raw) <= indent_of(line.raw) or nxt.kind not in _HOLDS:
        return False
    if nxt.kind is Kind.TEXT and _ARROW_START.match(nxt.text):
        return False  # "　→ 後から追加できる" goes on with the line: no notes under it
    if defined_term(line.text):
        return True  # its notes go under its term, however long the line
    return 0 < len(line.text) <= 60 and not line.text.endswith(("。", ".", "、", ","))


def toggle_head(text: str) -> tuple[str, str, bool]:
    """The section a heading bullet makes: (title, form, whether the bullet also stays a
    line of the list it is in)."""
    if own := defined_term(text):
        # "Memory: 128 MB to 10,240 MB" with notes under it: the line keeps its fact in the
        # list it belongs to, and heads its notes by its term.
        return own, "toggle", True
    if states_fact(text):
        # "KMS で直接暗号化できるのは 4 KB まで" over its notes: a fact of the list, and a
        # point whose notes are never an alternative to its siblings.
        return text, "point", True
    return text, "toggle", False
