"""Confusable pairs for /drill, from the sibling sections the importer already compares.

A group of exactly two sibling sections (SQS beside SNS, Data Firehose beside Data Streams)
is what a memo sets side by side because learners confuse them. Each becomes a pair when both
of its sections gave questions: each side lists the questions drawn from its own lines and
says what it is for with its first line; the clue puts the two uses side by side.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from content.importer import ids, terms, wording
from content.importer.groups import Group, Member, sibling_groups
from content.importer.tree import Section
from content.schema import MAX_LINE_CHARS, MAX_TITLE_CHARS

if TYPE_CHECKING:
    from content.importer.generators import Draft

MAX_SIDE_ID = 18  # two sides and "-vs-" stay within the schema's 40 characters


def pairs(topics: list[Section], placed: list[tuple[str, Draft]], language: str) -> list[dict]:
    """The deck's `pairs` entries, in memo order, each pair once."""
    by_item: dict[int, list[str]] = {}  # a line may give several questions (which, swap …)
    for qid, draft in placed:
        if draft.item is not None:
            by_item.setdefault(id(draft.item), []).append(qid)
    found: list[dict[str, Any]] = []
    taken: set[str] = set()
    for topic in topics:
        for group in sibling_groups(topic):
            pair = _pair(group, by_item, language)
            if pair is not None and pair["id"] not in taken:
                taken.add(pair["id"])
                found.append(pair)
    return found


def _pair(group: Group, by_item: dict[int, list[str]], language: str) -> dict[str, Any] | None:
    if len(group.members) != 2:
        return None
    sides = []
    listed: set[str] = set()
    for member in group.members:
        questions = []
        for item, _section in member.clues:
            for qid in by_item.get(id(item), ()):
                if qid not in listed:
                    listed.add(qid)
                    questions.append(qid)
        if not questions:
            return None
        use = wording.shorten(_without_name(member.clues[0][0].full, member), MAX_LINE_CHARS)
        label = wording.shorten(member.name, MAX_TITLE_CHARS)
        sides.append({"label": label, "use": use, "questions": questions})
    first, second = group.members
    joiner = " と " if language == "ja" else " vs "
    return {
        "id": _pair_id(first, second),
        "title": wording.shorten(f"{first.name}{joiner}{second.name}", MAX_TITLE_CHARS),
        "clue": _clue(sides, language),
        "sides": sides,
    }


def _clue(sides: list[dict[str, Any]], language: str) -> str:
    """Each side's use, side by side: what the memo says each one is for."""
    glue = "／" if language == "ja" else " / "
    text = glue.join(f"{s['label']}: {s['use']}" for s in sides)
    return wording.shorten(text, MAX_LINE_CHARS)


def _without_name(line: str, member: Member) -> str:
    """ "SQS = a queue that …" → "a queue that …": the side's label already names it."""
    for name in sorted(member.names, key=len, reverse=True):
        head = re.match(rf"{re.escape(name)}\s*(?:=|:|：|は|とは|—|-)\s*", line)
        if head and line[head.end() :].strip():
            return line[head.end() :].strip()
    return line


def _pair_id(first: Member, second: Member) -> str:
    """ "sqs-vs-sns"; words both names share are left out ("firehose-vs-streams" for the two
    Kinesis services); a name without Latin words gives a hash of both."""
    one, two = terms.slug_words(first.name), terms.slug_words(second.name)
    shared = set(one) & set(two)
    left = ids.joined([w for w in one if w not in shared] or one, MAX_SIDE_ID)
    right = ids.joined([w for w in two if w not in shared] or two, MAX_SIDE_ID)
    if not left or not right or left == right:
        return f"pair-{ids.short_hash(first.name + '|' + second.name)}"
    return f"{left}-vs-{right}"
