"""The questions the bot serves, flattened from every loaded deck into ready-to-ask form."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import TypeVar

from content.loader import load_decks
from content.schema import Deck

TRUE_FALSE_OPTIONS = {"ja": ("正しい", "誤り"), "en": ("True", "False")}


@dataclass(frozen=True)
class CatalogQuestion:
    key: str  # "deck/question": what storage records, stable forever
    deck_id: str
    topic_key: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    source_section: str
    source: str
    kind: str
    generated: bool


@dataclass(frozen=True)
class CatalogTopic:
    key: str  # "deck/topic"
    id: str
    deck_id: str
    title: str
    summary: str
    question_keys: tuple[str, ...]


@dataclass(frozen=True)
class CatalogPairSide:
    label: str
    use: str  # what this side is for, one line
    question_keys: tuple[str, ...]  # "deck/question"


@dataclass(frozen=True)
class CatalogPair:
    key: str  # "deck/pair"
    id: str
    deck_id: str
    title: str
    clue: str  # the one line that tells the two sides apart
    sides: tuple[CatalogPairSide, CatalogPairSide]


class Catalog:
    """Every question and topic by key, plus the order in which new questions are introduced."""

    def __init__(self, decks: Iterable[Deck]) -> None:
        self.questions: dict[str, CatalogQuestion] = {}
        self.topics: dict[str, CatalogTopic] = {}
        self.pairs: dict[str, CatalogPair] = {}
        for deck in decks:
            self._add(deck)
        # New cards rotate through topics (question 1 of every topic, then question 2 …) so a
        # learner meets the whole memo early instead of drilling one section at a time.
        rounds = zip_longest(*(t.question_keys for t in self.topics.values()))
        self.new_order: tuple[str, ...] = tuple(k for row in rounds for k in row if k)
        self.rank = {key: i for i, key in enumerate(self.new_order)}

    @classmethod
    def from_paths(cls, paths: Iterable[Path]) -> Catalog:
        return cls(item.deck for item in load_decks(paths))

    def _add(self, deck: Deck) -> None:
        by_topic: dict[str, list[str]] = {t.id: [] for t in deck.topics}
        for q in deck.questions:
            key = f"{deck.id}/{q.id}"
            if q.type == "true_false":
                options = TRUE_FALSE_OPTIONS[deck.language]
                answer = 0 if q.answer else 1
            else:
                options, answer = tuple(q.options or ()), int(q.answer)
            self.questions[key] = CatalogQuestion(
                key=key,
                deck_id=deck.id,
                topic_key=f"{deck.id}/{q.topic}",
                prompt=q.prompt,
                options=options,
                answer=answer,
                explanation=q.explanation,
                source_section=q.source_section,
                source=deck.source,
                kind=q.type,
                generated=q.generated,
            )
            by_topic[q.topic].append(key)
        for t in deck.topics:
            key = f"{deck.id}/{t.id}"
            self.topics[key] = CatalogTopic(
                key=key,
                id=t.id,
                deck_id=deck.id,
                title=t.title,
                summary=t.summary,
                question_keys=tuple(by_topic[t.id]),
            )
        for p in deck.pairs:
            key = f"{deck.id}/{p.id}"
            first, second = (
                CatalogPairSide(
                    label=side.label,
                    use=side.use,
                    question_keys=tuple(f"{deck.id}/{q}" for q in side.questions),
                )
                for side in p.sides
            )
            self.pairs[key] = CatalogPair(
                key=key,
                id=p.id,
                deck_id=deck.id,
                title=p.title,
                clue=p.clue,
                sides=(first, second),
            )

    def question(self, key: str) -> CatalogQuestion | None:
        return self.questions.get(key)

    def topic(self, key: str) -> CatalogTopic:
        return self.topics[key]

    def find_pairs(self, name: str) -> list[CatalogPair]:
        """Pairs matching a user's word: the pair id, "deck/pair", or the exact title."""
        return named(self.pairs.values(), name)

    def find_topics(self, name: str) -> list[CatalogTopic]:
        """Topics matching a user's words: the topic whose id, "deck/topic" or title it is;
        else every topic whose title or id contains it (any letter case or width), so
        `/quiz dynamodb` asks across all the DynamoDB topics."""
        spelled = named(self.topics.values(), name)
        wanted = _folded(name)
        if spelled or not wanted:
            return spelled
        return [
            t
            for t in self.topics.values()
            if wanted in _folded(t.title) or wanted in _folded(t.id)
        ]


Named = TypeVar("Named", CatalogTopic, CatalogPair)


def named(items: Iterable[Named], name: str) -> list[Named]:
    """The items whose id, deck-qualified key or title is `name` (any letter case or width)."""
    wanted = _folded(name)
    if not wanted:
        return []
    return [x for x in items if wanted in (_folded(x.id), _folded(x.key), _folded(x.title))]


def _folded(text: str) -> str:
    """Text as a search compares it: full-width letters narrowed (NFKC), case folded."""
    return unicodedata.normalize("NFKC", text).strip().casefold()
