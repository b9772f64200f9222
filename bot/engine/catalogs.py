"""The catalog each chat sees — the built-in decks plus its own, minus the decks it switched off
and the questions it retired — cached by the chat's catalog version.

Two views of the same questions:
- `for_chat(conn, chat_id)` is what may be *asked* in a chat. It costs one indexed read of the
  chat's version per question asked; the catalog itself is rebuilt only when that version
  moves, so every process sees a deck added through another at its next question.
- The registry (`question`, `topic`) resolves any key ever asked anywhere, for answers and
  summaries: a question already sent stays answerable after its deck is switched off or the
  question retired. A key from a deck this process has not loaded yet is read on first use.
"""

from __future__ import annotations

import logging
from collections import ChainMap, Counter
from dataclasses import replace
from itertools import zip_longest

import yaml
from pydantic import ValidationError

from bot.engine.views import TopicNotFound
from content.catalog import Catalog, CatalogPair, CatalogQuestion, CatalogTopic, named
from content.chat_import import with_id
from content.schema import Deck
from storage import chat_decks
from storage.db import Connection
from storage.records import DeckRecord

log = logging.getLogger(__name__)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Chats whose catalog differs from the built-in one, kept per process; each holds references
# to shared question objects, so the cost is the key tables only.
MAX_CACHED_CHATS = 4096


class Catalogs:
    def __init__(self, builtin: Catalog) -> None:
        self.builtin = builtin
        self.builtin_ids = frozenset(t.deck_id for t in builtin.topics.values())
        # The built-in decks first, then those of every chat met so far.
        self.questions = ChainMap[str, CatalogQuestion](builtin.questions, {})
        self.topics = ChainMap[str, CatalogTopic](builtin.topics, {})
        self.pairs = ChainMap[str, CatalogPair](builtin.pairs, {})
        self._chats: dict[int, tuple[int, Catalog]] = {}
        self._decks: dict[tuple[int, int], Catalog | None] = {}  # by (row id, version)

    # -- the registry: every question by key, for answers -------------------------------------

    def question(self, key: str) -> CatalogQuestion | None:
        return self.questions.get(key)

    def topic(self, key: str) -> CatalogTopic:
        return self.topics[key]

    def find_pairs(self, name: str) -> list[CatalogPair]:
        """Pairs of every deck loaded so far that match a user's word (Catalog.find_pairs)."""
        return named(self.pairs.values(), name)

    def find(self, conn: Connection, key: str) -> CatalogQuestion | None:
        """A question by key, reading its deck from the database when this process has not
        met it yet (a deck added through another process)."""
        found = self.questions.get(key)
        if found is not None:
            return found
        row = chat_decks.by_deck_id(conn, key.partition("/")[0])
        if row is not None:
            self.deck(row)
        return self.questions.get(key)

    @property
    def new_order(self) -> tuple[str, ...]:
        return self.builtin.new_order

    # -- what a chat may be asked -------------------------------------------------------------

    def for_chat(self, conn: Connection, chat_id: int) -> Catalog:
        version = chat_decks.catalog_version(conn, chat_id)
        if version == 0:
            return self.builtin
        cached = self._chats.get(chat_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        catalog = self.build(conn, chat_id)
        if len(self._chats) >= MAX_CACHED_CHATS:
            self._chats.pop(next(iter(self._chats)))
        self._chats[chat_id] = (version, catalog)
        return catalog

    def build(self, conn: Connection, chat_id: int) -> Catalog:
        off = chat_decks.switched_off(conn, chat_id)
        retired = chat_decks.retired(conn, chat_id)
        own = [self.deck(row) for row in chat_decks.of_chat(conn, chat_id)]
        return merged([self.builtin, *(c for c in own if c is not None)], off, retired)

    def deck(self, row: DeckRecord) -> Catalog | None:
        """The stored deck parsed (once per version), its questions added to the registry."""
        key = (row.id, row.version)
        if key not in self._decks:
            deck = parse(row)
            self._decks[key] = Catalog([deck]) if deck is not None else None
            if deck is not None:
                self.questions.maps[1].update(self._decks[key].questions)
                self.topics.maps[1].update(self._decks[key].topics)
                self.pairs.maps[1].update(self._decks[key].pairs)
        return self._decks[key]


def parse(row: DeckRecord) -> Deck | None:
    """A stored deck (checked when it was imported) through the same schema as the loader."""
    try:
        return with_id(Deck.model_validate(yaml.load(row.yaml_text, Loader=_LOADER)), row.deck_id)
    except (yaml.YAMLError, ValidationError, ValueError):
        # Only a hand-edited row gets here; the chat then studies the rest of its decks.
        log.error("stored deck %s does not load; it is left out", row.deck_id)
        return None


def merged(parts: list[Catalog], off: set[str], retired: set[str]) -> Catalog:
    """One catalog of the parts' topics and questions, leaving out decks switched off and
    retired questions; new questions rotate through all topics as in Catalog."""
    out = Catalog([])
    for part in parts:
        for key, topic in part.topics.items():
            if topic.deck_id in off:
                continue
            kept = tuple(k for k in topic.question_keys if k not in retired)
            out.topics[key] = replace(topic, question_keys=kept) if retired else topic
            out.questions.update((k, part.questions[k]) for k in kept)
        # A pair stays while its deck is on; drills check that both sides can still be asked.
        out.pairs.update((k, p) for k, p in part.pairs.items() if p.deck_id not in off)
    rounds = zip_longest(*(t.question_keys for t in out.topics.values()))
    out.new_order = tuple(k for row in rounds for k in row if k)
    out.rank = {key: i for i, key in enumerate(out.new_order)}
    return out


def shown_ids(catalog: Catalog) -> dict[str, str]:
    """Topic key → the id people type: the bare id, or "deck/topic" where decks share it."""
    count = Counter(t.id for t in catalog.topics.values())
    return {k: (t.key if count[t.id] > 1 else t.id) for k, t in catalog.topics.items()}


def choose_topics(catalog: Catalog, name: str) -> set[str] | TopicNotFound:
    """The question keys of the topic a person named, or why there is none to choose."""
    found = catalog.find_topics(name) or [
        t for t in catalog.topics.values() if t.deck_id == name.strip()
    ]  # a deck's id: every topic of that deck
    if not found:
        ids = shown_ids(catalog)
        return TopicNotFound(
            query=name, valid=tuple((ids[t.key], t.title) for t in catalog.topics.values())
        )
    if len({t.deck_id for t in found}) > 1:
        candidates = tuple((t.key, t.title) for t in found)
        return TopicNotFound(query=name, valid=candidates, ambiguous=True)
    return {k for t in found for k in t.question_keys}
