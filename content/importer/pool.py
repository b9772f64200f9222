"""The memo's terms, by kind, from which fill-in-the-blank distractors are drawn.

Wrong options are of the answer's kind: an AWS name of the answer's category (the memo's
own, then the shipped vocabulary), a number with the same unit, a setting for a setting;
never an AWS name for an answer that is not one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from content.importer import terms, vocabulary
from content.importer.definitions import definition
from content.importer.tree import Memo

MAX_LOOK = 80  # candidates examined per question: keeps a huge memo linear


def _rank(text: str) -> int:
    return int.from_bytes(hashlib.sha1(terms.norm(text).encode("utf-8")).digest()[:8], "big")


@dataclass
class TermPool:
    # kind -> terms sorted by a hash of their text: a stable order in which a new term only
    # displaces its neighbours, so re-importing an edited memo keeps most distractors.
    defined: dict[str, list[str]] = field(default_factory=dict)
    mentioned: dict[str, list[str]] = field(default_factory=dict)
    named: dict[str, list[str]] = field(default_factory=dict)  # vocabulary category -> names
    numbers: dict[str, list[str]] = field(default_factory=dict)  # "number:<unit>" -> numbers
    homes: dict[str, set[int]] = field(default_factory=dict)  # defined term -> its topics
    title: str = ""  # the memo's title: names it puts together are one subject

    @classmethod
    def from_memo(cls, memo: Memo) -> TermPool:
        defined: dict[str, str] = {}
        mentioned: dict[str, str] = {}
        numbers: dict[str, str] = {}
        homes: dict[str, set[int]] = {}
        for topic in memo.topics:
            for section in topic.walk():
                subject = terms.display_name(subject_of(section.title))
                if subject and _proper(subject):
                    defined.setdefault(terms.norm(subject), subject)
                    homes.setdefault(terms.norm(subject), set()).add(id(topic))
                for item in section.items:
                    found = definition(item)
                    if found is not None and terms.is_term(found.left):
                        defined.setdefault(terms.norm(found.left), found.left)
                        homes.setdefault(terms.norm(found.left), set()).add(id(topic))
                    for name in terms.name_phrases(item.text):
                        if _mentionable(name):
                            mentioned.setdefault(terms.norm(name), name)
                    for m in terms.NUMBER.finditer(item.full):
                        number = m.group(0).strip()
                        if terms.number_kind(number):
                            numbers.setdefault(terms.norm(number), number)
        named: dict[str, list[str]] = {}
        for term in [*defined.values(), *mentioned.values()]:
            category = vocabulary.category(term)
            if category and len(term) <= 60:
                named.setdefault(category, []).append(term)
        return cls(
            _by_kind(defined.values()),
            _by_kind(mentioned.values()),
            {k: sorted(set(v), key=_rank) for k, v in named.items()},
            _by_kind(numbers.values()),
            homes,
            memo.title,
        )

    def defines(self, term: str) -> bool:
        """Whether the memo defines `term` or titles a section with it."""
        return terms.norm(term) in self.homes

    def distractors(
        self,
        answer: str,
        avoid_text: str,
        want: int,
        first: list[str] | None = None,
        topic: object | None = None,
    ) -> list[str]:
        """Up to `want` terms of the answer's kind that differ from it and from each other,
        are not contained in one another, and do not appear in `avoid_text`. An answer that
        is no AWS name takes them from its own `topic` only: another topic's terms are
        other kinds of thing ("Destinations" is no API type)."""
        category = vocabulary.category(answer)
        start = _rank(answer)
        if category:
            tiers = self._named_tiers(answer, category, start, first or [])
        else:
            tiers = self._kind_tiers(answer, start, first or [], topic)
        chosen: list[str] = []
        for tier in tiers:
            for candidate in tier:
                if len(chosen) >= want:
                    return chosen
                if _fits(candidate, answer, chosen, avoid_text):
                    chosen.append(candidate)
        return chosen

    def _named_tiers(
        self, answer: str, category: str, start: int, first: list[str]
    ) -> list[list[str]]:
        """An AWS name: the memo's names of its category, then the vocabulary's; for a
        service, then the memo's other services."""
        same = [t for t in first[:MAX_LOOK] if vocabulary.category(t) == category]
        tiers = [same, _window(self.named.get(category, []), start)]
        vocab = list(vocabulary.names(category))
        if _in_title(answer, self.title):
            # "RDS / Aurora": a memo about both never offers one as the other's wrong option.
            vocab = [n for n in vocab if not _in_title(n, self.title)]
        tiers.append(sorted(vocab, key=lambda n: _rank(f"{start}{n}")))
        if vocabulary.is_service(category):
            for other, found in sorted(self.named.items()):
                if other != category and vocabulary.same_family(other, category):
                    tiers.append(_window(found, start))
        return tiers

    def _kind_tiers(
        self, answer: str, start: int, first: list[str], topic: object | None
    ) -> list[list[str]]:
        """Not an AWS name: terms of the same kind, of the same topic, that are not AWS
        names either; never a name only mentioned in passing."""
        kind = terms.term_kind(answer)
        if kind.startswith("number:"):
            own = _plain([t for t in first if terms.term_kind(t) == kind])
            return [own, _window(self.numbers.get(kind, []), start)]
        defined = _window(self.defined.get(kind, []), start)
        if topic is not None:
            defined = [t for t in defined if id(topic) in self.homes.get(terms.norm(t), ())]
        # "Layer 4" for "Layer 7": a term sharing a word with the answer is the likelier slip.
        words = terms.tokens(answer)
        alike = [t for t in defined if terms.tokens(t) & words]
        return [_plain(tier) for tier in (first[:MAX_LOOK], alike, defined)]


def _in_title(name: str, title: str) -> bool:
    core = re.escape(vocabulary.core(name))
    return re.search(rf"(?<![\w-]){core}(?![\w-])", vocabulary.core(title)) is not None


def _plain(found: list[str]) -> list[str]:
    return [t for t in found if not vocabulary.category(t)]


def _proper(title: str) -> bool:
    """A section title that is a name worth offering: an AWS name, an acronym or a name
    with capitals or digits inside ("Redis OSS"), not a plain word such as "Limits"."""
    core = terms.PARENS.sub("", title).strip()
    return bool(
        vocabulary.category(title)
        or terms.is_acronym(core)
        or re.search(r"\S[A-Z0-9]", core)
        or terms.JAPANESE_CHAR.search(core)
    )


def _by_kind(found: Iterable[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for term in found:
        if len(term) <= 60:
            out.setdefault(terms.term_kind(term), []).append(term)
    return {kind: sorted(items, key=_rank) for kind, items in out.items()}


def _mentionable(name: str) -> bool:
    """A name in passing that can stand as a wrong option: not a unit or a stray letter."""
    return (
        len(name) >= 3
        and bool(terms.tokens(name))
        and terms.norm(name) not in terms.UNITS
        and not name.isdigit()
    )


def _window(items: list[str], start: int) -> list[str]:
    """MAX_LOOK items of the stable order, starting at a place chosen by the answer."""
    if not items:
        return items
    at = start % len(items)
    return [items[(at + k) % len(items)] for k in range(min(MAX_LOOK, len(items)))]


def _inside(part: str, whole: str) -> bool:
    """`part` appears in `whole`, not as the tail of a longer Latin word: "synchronous" is
    no part of "asynchronous", "s3 standard" is of "s3 standard-ia"."""
    return any(
        not re.match(r"[a-z]", whole[m.start() - 1 : m.start()])
        for m in re.finditer(re.escape(part), whole)
    )


def contained(a: str, b: str) -> bool:
    """One holds the other once asides in brackets go: "Fargate (with ECS …)" beside "ECS
    task on Fargate" are the same answer."""
    bare_a, bare_b = (terms.norm(terms.PARENS.sub(" ", x)) for x in (a, b))
    return bool(bare_a and bare_b) and (_inside(bare_a, bare_b) or _inside(bare_b, bare_a))


def _fits(candidate: str, answer: str, chosen: list[str], avoid_text: str) -> bool:
    c, a = terms.norm(candidate), terms.norm(answer)
    if not c or c == a or _inside(c, a) or _inside(a, c) or contained(candidate, answer):
        return False
    if vocabulary.kin(answer, candidate):
        return False  # ElastiCache for DAX: both would be right
    same = {vocabulary.core(n) for n in vocabulary.other_names(answer)}
    if vocabulary.core(candidate) in same:  # "DynamoDB Accelerator" is "DAX": a second right
        return False
    if any(contained(candidate, x) or _one_name(candidate, x) for x in chosen):
        return False  # "MGN" beside "Application Migration Service": one option twice
    if c in terms.norm(avoid_text):
        return False
    words = terms.tokens(candidate)
    return not words or not words <= terms.tokens(avoid_text)


def _one_name(a: str, b: str) -> bool:
    return vocabulary.core(b) in {vocabulary.core(n) for n in vocabulary.other_names(a)}


def subject_of(title: str) -> str:
    """The one thing a title names ("Amazon IVS とは" → "Amazon IVS"), or "" if it names
    several things or none."""
    text = terms.strip_heading_word(title.strip()).strip()
    inner = re.fullmatch(r"([^（(]{1,20})[（(]([^（）()]+)[）)]", text)
    if inner and terms.JAPANESE_CHAR.search(inner.group(1)):
        # "可視化（QuickSight）": a Japanese heading over the one service it is about.
        named = inner.group(2).strip()
        if vocabulary.is_service(vocabulary.category(named)):
            return named
    if not text or len(text) > 60 or not terms.is_name_like(text):
        return ""
    core = terms.PARENS.sub(" ", text)
    if any(sep in core for sep in ("の", "と", "/", "／", "、", "+", "＋", "&", "・")):
        return ""
    if any(w in core.split() for w in ("vs", "VS", "vs.", "versus", "and", "or")):
        return ""
    return text
