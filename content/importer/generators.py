"""Generate draft questions from a memo's structure (no language model), kind by kind.

Kinds: `which` (a line from one sibling section; the siblings are the options), `row` (the
same for table rows), `subject` (a line from a topic that names one thing; other such topics
are the options), `blank` (fill in the key term of a definition line) and `truefalse` (a
sibling line, definition or table cell, true as written or with a term swapped).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from content.importer import blanks, columns, figures, selfquiz, swaps, which, wording
from content.importer.groups import hedged, points_elsewhere
from content.importer.pool import TermPool
from content.importer.tree import Item, Memo, Section

KIND_ORDER = ("qa", "blank", "which", "row", "subject", "truefalse")
KIND_NAMES = {
    "qa": "the author's own Q. / A. pairs",
    "which": "which one (sibling sections)",
    "row": "which one (table rows)",
    "subject": "which one (memo topics)",
    "blank": "fill in the blank",
    "truefalse": "true/false (term swapped or kept)",
}


@dataclass
class Draft:
    topic: Section
    kind: str
    prompt: str
    options: tuple[str, ...] | None
    answer: int | bool
    explanation: str
    first: int
    last: int
    key: str  # the source text and the answer: what the question id is derived from
    item: Item | None = None
    doubts: list[str] = field(default_factory=list)
    clue: str = ""  # what the learner reads as the clue (the statement for true/false)


@dataclass
class Context:
    memo: Memo
    pool: TermPool
    used_choice: set[int] = field(default_factory=set)
    used_truefalse: set[int] = field(default_factory=set)
    unfair: set[int] = field(default_factory=set)  # lines a group could not ask fairly

    @property
    def language(self) -> str:
        return self.memo.language

    def say(self, key: str, **fields: str) -> str:
        return wording.say(self.language, key, **fields)

    def claim(self, item: Item, truefalse: bool = False) -> bool:
        """Each memo line gives at most one choice and one true/false question."""
        used = self.used_truefalse if truefalse else self.used_choice
        if id(item) in used:
            return False
        used.add(id(item))
        return True


def stable_hash(*parts: str) -> int:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def generate(memo: Memo) -> list[Draft]:
    """Every draft question for the memo, in topic order, then by memo line, then by kind."""
    ctx = Context(memo, TermPool.from_memo(memo))
    drafts: list[Draft] = []
    for topic in memo.topics:
        drafts.extend(blanks.generate(ctx, topic))
        drafts.extend(which.siblings(ctx, topic))
        drafts.extend(which.rows(ctx, topic))
        drafts.extend(columns.generate(ctx, topic))
    drafts.extend(which.subjects(ctx, memo.topics))
    drafts.extend(selfquiz.generate(ctx, memo))
    for topic in memo.topics:
        drafts.extend(swaps.generate(ctx, topic))
    asked = {id(d.item) for d in drafts if d.item is not None}
    drafts.extend(figures.generate(ctx, memo, asked))
    position = {id(t): i for i, t in enumerate(memo.topics)}
    drafts = [
        d
        for d in drafts
        if d.item is None or not (hedged(d.item.full) or points_elsewhere(d.item.full))
    ]
    drafts = _one_per_line(drafts)
    drafts.sort(key=lambda d: (position[id(d.topic)], d.first, KIND_ORDER.index(d.kind)))
    return list(_unique(drafts))


def _one_per_line(drafts: list[Draft]) -> list[Draft]:
    """A line that gives both a choice and a true/false question keeps one of them: about a
    third become true/false. The choice depends on the line alone, so editing one line never
    changes which question another line gives."""
    by_line: dict[int, list[Draft]] = {}
    for draft in drafts:
        by_line.setdefault(id(draft.item), []).append(draft)
    keep: list[Draft] = []
    for group in by_line.values():
        if len(group) == 1 or group[0].item is None:
            keep.extend(group)
            continue
        if any(d.kind == "blank" for d in group):
            # A definition line: its blank asks the term itself; a swapped meaning risks
            # landing on one that fits the other term too (instance store is block storage).
            keep.extend(d for d in group if d.kind != "truefalse")
            continue
        truefalse = stable_hash("one-per-line", group[0].item.full) % 3 == 0
        keep.extend(d for d in group if (d.kind == "truefalse") == truefalse)
    return keep


def _unique(drafts: list[Draft]) -> Iterator[Draft]:
    seen: set[tuple[str, str]] = set()
    for draft in drafts:
        mark = (draft.kind, draft.key)
        if mark not in seen:
            seen.add(mark)
            yield draft
