"""The markup languages read as Markdown before a memo's lines are classified.

Each module turns one language into the Markdown it stands for, line for line (so that
line numbers stay the memo's), and hands back a memo in any other language as it was.
"""

from __future__ import annotations

from content.importer import (
    asciidoc,
    backlog,
    confluence,
    email_thread,
    html_notes,
    mediawiki,
    orgmode,
    outline,
    restructured,
)

_READERS = (
    email_thread.to_markdown,
    html_notes.to_markdown,
    orgmode.to_markdown,
    asciidoc.to_markdown,
    restructured.to_markdown,
    confluence.to_markdown,
    mediawiki.to_markdown,
    backlog.to_markdown,
    outline.to_markdown,
)


def as_markdown(lines: list[str]) -> list[str]:
    """The memo as Markdown, read by the first reader that knows its language."""
    for read in _READERS:
        markdown = read(lines)
        if markdown is not lines:
            return markdown
    return lines
