"""Plain values of the deck use cases: a deck added, the decks of a chat, reports, review."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

REASONS = ("wrong", "unclear", "typo")


@dataclass(frozen=True)
class DeckAdded:
    deck_id: str
    title: str
    topics: tuple[str, ...]  # topic titles
    questions: int
    doubted: int  # questions the importer was unsure of
    updated: bool = False  # the same file again: an update of the deck it made
    kept: int = 0  # questions carried over unchanged (with their history)
    retired: int = 0  # questions the new version no longer has
    unread: tuple[int, ...] = ()  # memo lines left out for markup the importer does not read


@dataclass(frozen=True)
class DeckRefused:
    """Nothing was stored; `key` is the catalogue message that says why."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DeckLine:
    deck_id: str
    title: str
    topics: int
    questions: int
    on: bool
    own: bool  # added from this chat (else built in)


class Change(Enum):
    DONE = "done"
    ALREADY = "already"  # nothing to change: already so (a stale button)
    UNKNOWN = "unknown"  # no such deck or question here (a forged button or a typo)
    NOT_ALLOWED = "not_allowed"  # only the chat's administrators may


class Reported(Enum):
    DONE = "done"
    ALREADY = "already"
    NOT_SEEN = "not_seen"  # the learner never answered that question here
    BAD_REASON = "bad_reason"


@dataclass(frozen=True)
class ReviewItem:
    key: str  # "deck/question"
    prompt: str
    reports: dict[str, int]  # reason → count
    doubted: bool

    @property
    def total(self) -> int:
        return sum(self.reports.values())


@dataclass(frozen=True)
class Review:
    allowed: bool
    items: tuple[ReviewItem, ...] = ()
