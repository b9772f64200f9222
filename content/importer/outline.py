"""A mind map or outliner exported as plain text (XMind, MindNode, FreeMind, OPML to text):
one node a line, its depth told by tabs alone, no bullet marks. Read as the Markdown it
stands for, line for line:

    Root node              → # Root node
    <tab>Main branch       → ## Main branch
    <tab><tab>Node         → - Node
    <tab><tab><tab>Child   →   - Child   (a node with children is a section, toggles.py)

Without this the nodes read as plain lines, and a leaf that looks like a title ("EC2",
"Advanced") takes the lines after it.
"""

from __future__ import annotations

import re

_MARKED = re.compile(r"^\s*(?:[-*+•・●○◦▪■◆]\s|\d{1,2}[.)]\s|#)")


def is_outline(lines: list[str]) -> bool:
    """Most lines after the first are indented by tabs, at three depths or more, and next to
    none carries a bullet mark or a heading mark of its own."""
    body = [ln for ln in lines[1:] if ln.strip()]
    if len(body) < 6:
        return False
    tabbed = [ln for ln in body if ln.startswith("\t")]
    depths = {len(ln) - len(ln.lstrip("\t")) for ln in tabbed}
    marked = sum(bool(_MARKED.match(ln)) for ln in body)
    return 5 * len(tabbed) >= 4 * len(body) and len(depths) >= 3 and 10 * marked <= len(body)


def to_markdown(lines: list[str]) -> list[str]:
    """The outline as Markdown headings and nested bullets; `lines` unchanged when it is
    no tab-indented outline."""
    if not is_outline(lines):
        return lines
    out: list[str] = []
    for line in lines:
        text = line.strip()
        depth = len(line) - len(line.lstrip("\t"))
        if not text:
            out.append("")
        elif depth == 0:
            out.append(("# " if not out or not any(out) else "## ") + text)
        elif depth == 1:
            out.append("## " + text)
        else:
            out.append("  " * (depth - 2) + "- " + re.sub(r"^[-*]\s+", "", text))
    return out
