"""Read a memo into a section tree, for markdown headings and for memos with no markdown.

The layout rules are described in content/IMPORT.md; in short: markdown headings keep their
levels; a horizontal rule ends a topic; other title forms (`**bold line**`, `■ x`, `【x】`,
`1.2 x`) nest under whatever is open when they first appear; in plain text, a short line
that names something (service names, katakana terms) and is followed by content is a
title — a topic when it is unrelated to the open topic, a subsection when related — and so
is a short line ending in a heading word (…の違い, …とき, …ケース); a paragraph that opens
with an unrelated service name and は / = starts a topic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.importer import chat_log, dialects, terms
from content.importer.aligned import aligned_tables
from content.importer.html_tables import html_tables
from content.importer.lines import (
    Kind,
    Line,
    classify,
    indent_of,
    next_nonblank,
    table_cells,
)
from content.importer.memo_title import STRONG, names_memo
from content.importer.page_properties import front_matter_title
from content.importer.plain_titles import _ARROW_START, MAX_TITLE_LINE, PlainTitles
from content.importer.toggles import heads_notes, toggle_head
from content.importer.tree import Item, Memo, Section

_EXPLICIT = {Kind.HEADING, Kind.BOLD, Kind.MARKER, Kind.BRACKET}
# Lines that are never read: page properties, to-do items, a definition list's term (its
# meaning line carries it).
_UNREAD = {Kind.PROPERTY, Kind.TODO, Kind.TERM, Kind.CONT}
_TABLE_LINES = (Kind.TABLE, Kind.TABLE_SEP)
_LIST = {Kind.BULLET, Kind.NUMBERED}
_EXCLAIM = ("。", "！", "!")
OUTLINE_LINES = 30  # a single outline node over this many lines is a memo, not a topic


def _one_outline(topics: list[Section]) -> bool:
    """One bullet over a whole memo of several sections: a page of one thing (a Logseq
    page on KMS) stays one topic; a long outline under one node is many."""
    if len(topics) != 1 or topics[0].form != "toggle":
        return False
    lines = sum(1 for _ in topics[0].all_items())
    return len(topics[0].children) >= 3 and lines >= OUTLINE_LINES


def parse(text: str, fallback_title: str = "memo") -> Memo:
    """The memo's section tree; `fallback_title` names a memo without a title line."""
    raw_lines = text.split("\n")
    lines = [
        Line(ln.no, ln.raw, Kind.BLANK, "") if ln.kind in _UNREAD else ln
        for ln in aligned_tables(
            html_tables(classify(chat_log.without_chat_lines(dialects.as_markdown(raw_lines))))
        )
    ]
    return _Parser(lines, raw_lines, front_matter_title(raw_lines) or fallback_title).run()


@dataclass
class _Parser(PlainTitles):
    lines: list[Line]
    raw_lines: list[str]
    fallback_title: str
    stack: list[Section] = field(default_factory=list)
    strong_ranks: dict[str, int] = field(default_factory=dict)
    topic_titles: list[str] = field(default_factory=list)
    topic_items: int = 0
    label: str = ""  # an open "…:" list in plain text
    bullet_labels: list[tuple[int, str]] = field(default_factory=list)
    header: tuple[str, ...] = ()
    shift: int = 0
    soft_rank: int = 0  # rank of the last plain-text subsection in the open topic
    # The open topic's plain title stood alone after a blank line over its list: so does
    # the next topic's, whatever it names ("DAX について" after "GSIとLSI").
    spaced_topic: bool = False
    pending_spaced: bool = False
    after_rule: bool = False
    toggles: list[tuple[int, Section]] = field(default_factory=list)  # (indent, section)
    callout: Section | None = None
    question: Line | None = None  # a self-quiz question waiting for its answer
    numbered_at: int = 0  # the indent of the last numbered title

    def run(self) -> Memo:
        self.nexts = next_nonblank(self.lines)
        headings = [ln for ln in self.lines if ln.kind is Kind.HEADING]
        title_line = self._doc_title(headings)
        title = title_line.text if title_line else self.fallback_title
        levels = [ln.level for ln in headings if ln is not title_line]
        self.topic_rank = min(levels) if levels else 1
        self.multi_numbering = any(
            ln.kind is Kind.NUMBERED and ln.level >= 2 and len(ln.text) <= MAX_TITLE_LINE
            for ln in self.lines
        )
        self.root = Section(self.fallback_title, "", 0, 0, "root")
        self.stack = [self.root]
        self.strong_ranks = self._marks_directly_over()
        for idx, line in enumerate(self.lines):
            if line is title_line or line.kind in (Kind.BLANK, Kind.FENCE, Kind.SETEXT):
                continue
            self._line(idx, line)
        # A title with nothing under it (a chapter line before its first heading) is no
        # topic: it would only take the id its heading should have.
        topics = [t for t in self.root.children if t.items or t.children]
        if title_line is None and _one_outline(topics):
            # An outliner's export of one node (WorkFlowy, Dynalist): its bullet names the
            # memo and the bullets under it are the topics.
            outer = topics[0]
            title = outer.title
            self.root.items = outer.items + self.root.items
            self.root.children = topics = [c for c in outer.children if c.items or c.children]
            for topic in topics:
                topic.parent = self.root
        if self.root.items and sum(i.kind != "code" for i in self.root.items) >= 2:
            intro = Section(title, title, self.root.items[0].no, self.topic_rank, "root")
            intro.items = self.root.items
            topics.insert(0, intro)
        language = "ja" if terms.is_japanese("\n".join(self.raw_lines[:20000])) else "en"
        return Memo(title[:100], language, topics, self.raw_lines)

    def _doc_title(self, headings: list[Line]) -> Line | None:
        h1 = [ln for ln in headings if ln.level == 1]
        if len(h1) == 1 and headings[0] is h1[0]:
            return h1[0]
        first = next((ln for ln in self.lines if not ln.blank), None)
        if first is not None and first.kind in STRONG:
            return first if names_memo(first, self.lines) else None
        if first is None or first.kind is not Kind.TEXT or (headings and first is headings[0]):
            return None
        if len(first.text) > 60 or first.text.endswith(terms.SENTENCE_END):
            return None
        nxt = self.nexts[first.no - 1]
        follower = self.lines[nxt] if nxt is not None else None
        # A first line followed straight by another title names the memo, not a topic.
        if follower is not None and (
            follower.kind in (*_EXPLICIT, Kind.NUMBERED)
            or (follower.kind is Kind.TEXT and self._titleish(follower))
        ):
            return first
        return None

    # -- one line -------------------------------------------------------------------------

    def _line(self, idx: int, line: Line) -> None:
        self.current = line
        kind = line.kind
        if self.callout is not None and not line.quoted:
            self._close(self.callout)
            self.callout = None
        if kind is Kind.CALLOUT:
            self._close_toggles(-1)
            section = self._child(line.text, line.no, "callout")
            self.callout = section
            return
        if kind is Kind.QUESTION:
            self.question = line
            return
        if kind is Kind.ANSWER and self.question is not None:
            q = self.question
            self.question = None
            self._add(Item(q.no, "qa", q.text, end=line.no, answer=line.text))
            return
        indent = indent_of(line.raw)
        self._close_toggles(indent)
        if self.toggles and kind not in (Kind.HEADING, Kind.RULE):
            self._content(idx, line)  # inside a toggle: its content, never a title
            return
        if kind is Kind.RULE:
            del self.stack[1:]
            self.after_rule, self.shift, self.label = True, 0, ""
            self.topic_titles, self.topic_items, self.soft_rank = [], 0, 0
            return
        if kind is Kind.HEADING:
            level = line.level
            if self.after_rule and level > self.topic_rank:
                self.shift = self.topic_rank - level
            rank = max(min(level, self.topic_rank), level + self.shift)
            self._open(rank, line.text, line.text, line.no, "md")
            self.after_rule = False
            return
        self.after_rule = False
        self._leave_indented_numbered(line, indent)
        heading = self._heading(idx, line)
        if heading is not None:
            rank, form, title, raw = heading
            self._open(rank, title, raw, line.no, form)
            if form == "numbered":
                self.numbered_at = indent
            if form == "sentence":
                self._add(Item(line.no, "text", line.text))
            return
        self._content(idx, line)

    def _leave_indented_numbered(self, line: Line, indent: int) -> None:
        """ "③ SageMaker Savings Plans" over indented lines, then a bullet at the numbered
        line's own indent: that bullet is the outer section's again."""
        top = self.stack[-1]
        if line.kind is not Kind.BULLET or top.form != "numbered" or not top.items:
            return
        deeper = all(self.lines[i.no - 1].indent > self.numbered_at for i in top.items)
        if deeper and indent <= self.numbered_at and len(self.stack) > 2:
            self.stack.pop()

    def _heading(self, idx: int, line: Line) -> tuple[int, str, str, str] | None:
        kind, text = line.kind, line.text
        if kind in (Kind.BOLD, Kind.MARKER, Kind.BRACKET):
            if kind is Kind.MARKER and text.endswith(_EXCLAIM):
                return None  # "◎「パブリックかどうか」は…で決まる！": a note, not a title
            return self._strong(f"{kind.value}:{line.marker}", text)
        if kind is Kind.NUMBERED and self._numbered_heading(idx, line):
            if self.multi_numbering:
                return self._strong(f"num:{line.level}", text)
            return self._weak_numbered(), "numbered", text, line.raw.strip()
        if kind is Kind.NOTE and self._note_heading(idx, line):
            return self.topic_rank + 1, "note", text, line.raw.strip()
        if kind is Kind.TEXT:
            return self._plain_heading(idx, line)
        return None

    def _marks_directly_over(self) -> dict[str, int]:
        """Ranks for two kinds of title mark when one title of the kind seen second stands
        directly over one of the first ("◆専有ホスト vs 専有インスタンス" then "【専有ホスト】"):
        the kind seen first opened an overview, not the memo's top level. Empty otherwise,
        and the first kind seen is the higher."""
        marks = (Kind.BOLD, Kind.MARKER, Kind.BRACKET)
        seen: list[str] = []
        over: set[tuple[str, str]] = set()
        for idx, line in enumerate(self.lines):
            if line.kind not in marks:
                continue
            form = f"{line.kind.value}:{line.marker}"
            seen += [form] if form not in seen else []
            nxt = self.nexts[idx]
            below = self.lines[nxt] if nxt is not None else None
            if below is not None and below.kind in marks:
                under = f"{below.kind.value}:{below.marker}"
                if under != form:
                    over.add((form, under))
        if len(seen) == 2 and (seen[1], seen[0]) in over and (seen[0], seen[1]) not in over:
            return {seen[1]: self.topic_rank, seen[0]: self.topic_rank + 1}
        return {}

    def _strong(self, form: str, text: str) -> tuple[int, str, str, str]:
        if form not in self.strong_ranks:
            self.strong_ranks[form] = max(self.stack[-1].rank + 1, self.topic_rank)
        return self.strong_ranks[form], form.split(":")[0], text, text

    def _weak_numbered(self) -> int:
        top = self.stack[-1]
        if top.form not in ("numbered", "root") and not top.items and not top.children:
            return top.rank + 1  # "適している処理" followed by "1. …", "2. …"
        for section in reversed(self.stack):
            if section.form == "numbered":
                return section.rank
        return self.topic_rank + 1

    def _numbered_heading(self, idx: int, line: Line) -> bool:
        if len(line.text) > 60 or line.text.endswith(("。", ".")):
            return False
        prev = self.lines[idx - 1] if idx else None
        if prev is not None and prev.kind is Kind.NUMBERED:
            return False  # the second item of a list
        nxt = self._next(idx)
        if nxt is None or nxt.kind in (Kind.RULE, Kind.HEADING):
            return False
        if nxt.kind in _LIST and indent_of(nxt.raw) > indent_of(line.raw):
            return False  # "1. Pilot Light" over indented points: a toggle, closed by a dedent
        return not (nxt.kind is Kind.NUMBERED and nxt.level == line.level)

    def _note_heading(self, idx: int, line: Line) -> bool:
        nxt = self._next(idx)
        prev = self.lines[idx - 1] if idx else None
        return (
            len(line.text) <= 30
            and nxt is not None
            and nxt.kind in (Kind.TEXT, Kind.BULLET, Kind.NUMBERED)
            and not (prev is not None and prev.kind is Kind.NOTE)
        )

    # -- building -------------------------------------------------------------------------

    def _open_rank(self, rank: int) -> None:
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()

    def _close(self, section: Section) -> None:
        if section in self.stack:
            del self.stack[max(1, self.stack.index(section)) :]

    def _close_toggles(self, indent: int) -> None:
        """End the toggles at `indent` or deeper: a line that is not inside them came."""
        while self.toggles and self.toggles[-1][0] >= indent:
            self._close(self.toggles.pop()[1])

    def _child(self, title: str, no: int, form: str) -> Section:
        """A section one level under the open one (a toggle, a callout)."""
        parent = self.stack[-1]
        section = Section(title, title, no, parent.rank + 1, form, parent)
        parent.children.append(section)
        self.stack.append(section)
        if parent is self.root:
            self.topic_titles, self.topic_items, self.soft_rank = [], 0, 0
        self.topic_titles.append(title)
        self.header, self.bullet_labels = (), []
        return section

    def _open(self, rank: int, title: str, raw: str, no: int, form: str) -> None:
        self._close_toggles(-1)
        self._open_rank(rank)
        parent = self.stack[-1]
        section = Section(title or raw, raw, no, rank, form, parent)
        parent.children.append(section)
        self.stack.append(section)
        if parent is self.root:
            self.topic_titles, self.topic_items, self.soft_rank = [], 0, 0
            self.spaced_topic, self.pending_spaced = self.pending_spaced, False
        self.topic_titles.append(title)
        self.label, self.header, self.bullet_labels = "", (), []

    def _add(self, item: Item) -> None:
        line = self.current
        if item.no == line.no:  # a wrapped paragraph ends further down; a bold term
            item.end = max(item.end, line.end)
            item.term = line.term
            item.no = line.start or item.no
        self.stack[-1].items.append(item)
        self.topic_items += 1

    def _content(self, idx: int, line: Line) -> None:
        kind, text = line.kind, line.text
        section = self.stack[-1]
        last = section.items[-1] if section.items else None
        if kind is Kind.TEXT and _ARROW_START.match(text) and last is not None:
            last.cont.append(text)
            last.end = line.no
            return
        if kind is Kind.TABLE:
            nxt = line.no < len(self.lines) and self.lines[line.no].kind is Kind.TABLE_SEP
            # A rule line after a row inside a table (MediaWiki's `|-`) only separates rows.
            first = line.no < 2 or self.lines[line.no - 2].kind not in _TABLE_LINES
            if (nxt and first) or line.marker == "header":
                self.header = table_cells(line)
            else:
                self._add(Item(line.no, "row", text, cells=table_cells(line), header=self.header))
            return
        if kind in (Kind.TABLE_SEP, Kind.CODE):
            if kind is Kind.TABLE_SEP and last is not None and last.kind == "row":
                last.end = line.no  # the next row still belongs to this table
            if kind is Kind.CODE:
                self._add(Item(line.no, "code", text))
            return
        if kind in (Kind.QUOTE, Kind.NOTE):
            self._add(Item(line.no, kind.value, text))
            return
        label = text.endswith((":", "：")) and len(text) <= 40
        if kind in _LIST:
            if not label and heads_notes(line, self._next(idx)):
                title, form, keep = toggle_head(text)
                if keep:
                    self._bullet(line, False)
                section = self._child(title, line.no, form)
                self.toggles.append((indent_of(line.raw), section))
                return
            self._bullet(line, label)
            return
        if label:
            self.label = text.rstrip(":：").strip()
            self._add(Item(line.no, "label", self.label))
            return
        if len(text) > MAX_TITLE_LINE or text.endswith("。"):
            self.label = ""  # a sentence ends the list a "…:" line opened
        self._add(Item(line.no, "text", text, label=self.label))

    def _bullet(self, line: Line, label: bool) -> None:
        while self.bullet_labels and self.bullet_labels[-1][0] >= line.indent:
            self.bullet_labels.pop()
        context = self.bullet_labels[-1][1] if self.bullet_labels else self.label
        kind = "bullet" if line.kind is Kind.BULLET else "item"
        if label:
            self.bullet_labels.append((line.indent, line.text.rstrip(":：").strip()))
            self._add(Item(line.no, "label", line.text.rstrip(":：").strip(), line.indent))
            return
        self._add(Item(line.no, kind, line.text, line.indent, label=context))
