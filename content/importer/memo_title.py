"""Whether a memo's first line, written in a title form, names the memo rather than its
first topic ("【AWS ネットワーク入門セミナー】メモ 2025/02/18" above "■ VPC の基本")."""

from __future__ import annotations

import re

from content.importer.lines import Kind, Line

STRONG = (Kind.BOLD, Kind.MARKER, Kind.BRACKET)
_TITLES = (Kind.HEADING, *STRONG)
_DATE = re.compile(r"\b\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\b")


def names_memo(first: Line, lines: list[Line]) -> bool:
    """A first line in a form no later title uses, or dated, or with words after its
    bracket, names the memo, provided other titles follow."""
    later = [ln for ln in lines if ln.kind in _TITLES and ln is not first]
    form = (first.kind, first.marker)
    named = (
        _DATE.search(first.text)
        or (first.kind is Kind.BRACKET and not first.raw.rstrip().endswith("】"))
        or all((ln.kind, ln.marker) != form for ln in later)
    )
    return bool(later and named)
