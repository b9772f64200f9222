"""Which plain-text lines are titles, in memos with no markdown headings (Apple Notes,
OneNote pastes, slide notes): a short line that names something and is followed by
content is a title — a topic when it is unrelated to the open topic, a subsection when
related — and so is a short line ending in a heading word (…の違い, …とき, …ケース); a
line alone after a blank line over its bullets is a topic when the open topic's title was
one too; a paragraph that opens with an unrelated service name and は / = starts a topic.

The reader's state (the open sections, the topic's titles) lives in parser._Parser, which
takes these rules as a base class.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import terms
from content.importer.definitions import defined_term
from content.importer.lines import Kind, Line, indent_of

if TYPE_CHECKING:
    from content.importer.tree import Section

MAX_TITLE_LINE = 40  # a plain line longer than this is content, never a title
_SUBJECT = re.compile(
    rf"^(?P<subject>{terms.NAME.pattern}(?:\s*[（(][^（）()]*[）)])?)\s*"
    r"(?P<particle>自体は|とは|には|は[、,\s]|は(?=[^ぁ-ん])|[=＝]\s)"
)
_ARROW_START = re.compile(r"^\s*(→|⇒|->|=>)")
_NOT_TITLE_START = tuple("「『(（→⇒※例*")


class PlainTitles:
    lines: list[Line]
    nexts: list[int | None]
    stack: list[Section]
    label: str
    soft_rank: int
    topic_rank: int
    topic_items: int
    topic_titles: list[str]
    spaced_topic: bool
    pending_spaced: bool

    def _next(self, idx: int) -> Line | None:
        nxt = self.nexts[idx]
        return self.lines[nxt] if nxt is not None else None

    def _plain_heading(self, idx: int, line: Line) -> tuple[int, str, str, str] | None:
        text = line.text
        sentence = self._sentence_topic(idx, line)
        if sentence is not None:
            return sentence
        nxt = self._next(idx)
        if nxt is None or nxt.kind is Kind.RULE:
            return None
        if line.indent > 0 and self.stack[-1].form == "numbered" and nxt.indent < line.indent:
            return None  # the last indented line under "② …", before the next bullet
        if not self._titleish(line) or _ARROW_START.match(nxt.raw) or defined_term(text):
            return None  # "NLB - Layer 4 (TCP, UDP, TLS)" over its points defines a term
        top = self.stack[-1]
        # A title straight after an empty title is its first subsection ("X の違い", "X").
        under_label = top.form in ("soft", "note", "numbered") and not top.items
        if under_label and not top.children:
            sub = top.rank + 1
        else:  # the next subsection of the same list keeps the rank of the one before
            sub = self.soft_rank or self.topic_rank + 1
        spaced = self._spaced(idx, line)
        if spaced and self.spaced_topic and not self.label and (top.items or top.children):
            self.pending_spaced = True
            return self.topic_rank, "soft", text, text
        if not self.label and terms.is_name_like(text):
            if not under_label and not self._related(text):
                self.pending_spaced = spaced
                return self.topic_rank, "soft", text, text
        elif not (
            len(text) <= 32 and (terms.ends_with_heading_word(text) or self._bullets_follow(line))
        ):
            return None
        self.soft_rank = sub
        return sub, "soft", text, text

    def _titleish(self, line: Line) -> bool:
        text = line.text
        return (
            0 < len(text) <= MAX_TITLE_LINE
            and not text.endswith(terms.SENTENCE_END)
            and not text.startswith(_NOT_TITLE_START)
            and "→" not in text
            and "->" not in text
            and (
                terms.is_name_like(text)
                or terms.ends_with_heading_word(text)
                or self._bullets_follow(line)
            )
        )

    def _spaced(self, idx: int, line: Line) -> bool:
        """A title line alone after a blank line, flush left, with bullets straight under it."""
        after_blank = idx > 0 and self.lines[idx - 1].blank
        return after_blank and not indent_of(line.raw) and self._bullets_follow(line)

    def _bullets_follow(self, line: Line) -> bool:
        return line.no < len(self.lines) and self.lines[line.no].kind is Kind.BULLET

    def _sentence_topic(self, idx: int, line: Line) -> tuple[int, str, str, str] | None:
        if self.label or self.topic_items < 3 or (idx and not self.lines[idx - 1].blank):
            return None
        m = _SUBJECT.match(line.text)
        if not m:
            return None
        subject = m.group("subject")
        if m.group("particle").strip() in ("=", "＝"):
            # "A = …" opens a topic only when it names a service (two words or more) and is
            # not one of a run of definitions ("Transit Gateway = …", "VPC peering = …").
            following = self._next(self._after_continuations(idx))
            if len(subject.split()) < 2 or (
                following is not None and re.search(r"\s[=＝]\s", following.text)
            ):
                return None
        if self._related(subject):
            return None
        return self.topic_rank, "sentence", subject, line.text

    def _after_continuations(self, idx: int) -> int:
        while (nxt := self.nexts[idx]) is not None and _ARROW_START.match(self.lines[nxt].text):
            idx = nxt
        return idx

    def _related(self, text: str) -> bool:
        return any(terms.related(text, title) for title in self.topic_titles[-60:])
