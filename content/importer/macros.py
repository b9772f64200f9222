"""The block macros wiki markups share: a code macro read as a fenced block, and a panel
or quote macro read as `>` callout lines. Confluence writes `{code}…{code}` and `{info}…
{info}`, Backlog `{code}…{/code}` and `{quote}…{/quote}`; each reader says its own."""

from __future__ import annotations

import re
from collections.abc import Callable


def with_macros(
    lines: list[str],
    opens: re.Pattern[str],
    closer: Callable[[re.Match[str]], re.Pattern[str]],
    panels: re.Pattern[str],
    read: Callable[[str], str],
) -> list[str]:
    """The lines as Markdown, one for one: inside a code macro as written, inside a panel as
    callout lines, every other line as `read` makes it."""
    out: list[str] = []
    close: re.Pattern[str] | None = None  # what ends the open code macro
    inside = False  # within a panel
    for line in lines:
        if close is not None:
            ended = close.match(line)
            out.append("```" if ended else line)
            close = None if ended else close
            continue
        if opened := opens.match(line):
            close = closer(opened)
            out.append("```")
            continue
        marks = len(panels.findall(line))
        text = panels.sub("", line)
        if marks or inside:
            out.append("> " + read(text).lstrip() if text.strip() else "")
            inside = inside != (marks % 2 == 1)
            continue
        out.append(read(line))
    return out
