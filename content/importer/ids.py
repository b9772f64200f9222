"""Stable ids, and combining a fresh import with the deck it replaces or merges into.

A question id is `<topic id>-<kind letter>-<8 hex digits>`, the digits a hash of the
normalised source line(s) and the answer. Re-importing an edited memo gives an unchanged
line the same id, so learners keep its history; an id leaves the deck only when its line
changed or went away ("retired"), and the same id can only come back with the same line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from content.importer import terms
from content.schema import ID_PATTERN, Deck

KIND_LETTERS = {
    "which": "w",
    "row": "r",
    "subject": "s",
    "blank": "b",
    "truefalse": "t",
    "csv": "c",
    "qa": "a",
}
MAX_TOPIC_ID = 40
GENERIC_SLUG_WORDS = terms.words("aws amazon the of and vs for to in on a an with")
RETIRED_MARK = "# retired:"


def short_hash(text: str, size: int = 8) -> str:
    return hashlib.sha1(terms.norm(text).encode("utf-8")).hexdigest()[:size]


def slug(title: str) -> str:
    """Lowercase ASCII words of the title; a hash for a title without any (Japanese)."""
    words = terms.slug_words(title)
    specific = [w for w in words if w not in GENERIC_SLUG_WORDS] or words
    return joined(specific, MAX_TOPIC_ID - 8) or f"topic-{short_hash(title, 6)}"


def joined(words: list[str], limit: int) -> str:
    """The first words joined by "-", as many as fit in `limit` characters."""
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out


def topic_ids(
    titles: list[str], sections: list[str], reserved: dict[str, str] | None = None
) -> list[str]:
    """One id per title, unique: a later title with the same slug gets a hash suffix (of
    the title and, for a repeated title, of how many times it came before). `reserved`
    maps the topic ids of a deck being merged into to their source sections: a topic from
    another section never takes one of them, so merging never touches another memo's."""
    reserved = reserved or {}
    seen: set[str] = set()
    out = []
    for title, section in zip(titles, sections, strict=True):
        tid = base = slug(title)
        repeat = 0
        while tid in seen or _taken(reserved, tid, section):
            salt = title if repeat == 0 else f"{title}#{repeat}"
            tid = f"{base[: MAX_TOPIC_ID - 7]}-{short_hash(salt, 6)}"
            repeat += 1
        seen.add(tid)
        out.append(tid)
    return out


def _taken(reserved: dict[str, str], tid: str, section: str) -> bool:
    return tid in reserved and terms.norm(reserved[tid]) != terms.norm(section)


def question_id(topic_id: str, kind: str, key: str) -> str:
    return f"{topic_id}-{KIND_LETTERS.get(kind, 'q')}-{short_hash(key)}"


def valid_id(value: str, max_length: int) -> bool:
    return bool(re.match(ID_PATTERN, value)) and len(value) <= max_length


@dataclass
class Combined:
    data: dict[str, Any]
    retired: list[str] = field(default_factory=list)
    kept: int = 0  # questions carried over from the old deck as written


PARTS = ("topics", "questions", "pairs")  # written after the deck's own fields, in this order


def combine(
    new: dict[str, Any], old: Deck | None, merge: bool, old_retired: list[str]
) -> Combined:
    """The deck to write: `new` alone, `new` replacing the generated part of `old`
    (re-import), or `new`'s topics added to `old` (merge).

    Questions the author wrote or reviewed (`generated: false`) are always kept; generated
    questions of the re-imported topics are replaced, and those that do not come back are
    retired."""
    if old is None:
        return Combined(new)
    new_topics = {t["id"] for t in new["topics"]}
    replaced = (
        (lambda q: q.generated and q.topic in new_topics) if merge else (lambda q: q.generated)
    )
    kept = [q.model_dump(exclude_defaults=True) for q in old.questions if not replaced(q)]
    kept_ids = {q["id"] for q in kept}
    fresh = [q for q in new["questions"] if q["id"] not in kept_ids]
    if merge:
        head = {k: v for k, v in old.model_dump().items() if k not in PARTS}
        known = {t.id for t in old.topics}
        topics = [t.model_dump() for t in old.topics]
        topics += [t for t in new["topics"] if t["id"] not in known]
    else:
        head = {k: v for k, v in new.items() if k not in PARTS}
        still_used = {q["topic"] for q in kept}
        topics = list(new["topics"])
        topics += [t.model_dump() for t in old.topics if t.id in still_used - new_topics]
    order = {t["id"]: i for i, t in enumerate(topics)}
    questions = sorted([*kept, *fresh], key=lambda q: order.get(q["topic"], len(order)))
    active = {q["id"] for q in questions}
    dropped = {q.id for q in old.questions if replaced(q)} - active
    retired = sorted(dropped | (set(old_retired) - active))
    data = {**head, "topics": topics, "questions": questions}
    found = list(new.get("pairs", []))
    if merge:  # the old deck's pairs, then the new memo's
        known_pairs = {p.id for p in old.pairs}
        added = [p for p in found if p["id"] not in known_pairs]
        found = [p.model_dump() for p in old.pairs] + added
    if found := _answerable(found, active):
        data["pairs"] = found  # last, as a fresh import writes them
    return Combined(data, retired, kept=len(kept))


def _answerable(pairs: list[dict[str, Any]], active: set[str]) -> list[dict[str, Any]]:
    """The pairs with retired questions left out; a pair with an empty side goes."""
    kept = []
    for pair in pairs:
        sides = [
            {**side, "questions": [q for q in side["questions"] if q in active]}
            for side in pair["sides"]
        ]
        if all(s["questions"] for s in sides):
            kept.append({**pair, "sides": sides})
    return kept


def read_retired(text: str) -> list[str]:
    """Ids listed as retired in the comment header of a previously written deck."""
    found: list[str] = []
    in_list = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith(RETIRED_MARK):
            in_list = True
            continue
        if in_list and (m := re.match(r"#\s+-\s+(\S+)", line)):
            found.append(m.group(1))
    return found
