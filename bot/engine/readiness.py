"""Readiness: the mean FSRS retrievability of a topic's questions at an instant (unseen: 0),
for one learner or across the members of a channel. The forgetting curve is the `fsrs`
package's own (Scheduler.get_card_retrievability), not a formula of ours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from fsrs import Card, Scheduler

from content.catalog import Catalog, CatalogTopic

# (learner, question key, stability, last review, last answer right), as storage reads them.
Memory = tuple[int, str, float | None, datetime | None, bool]

_SCHEDULER = Scheduler()  # retrievability depends on the model's weights only, not on fuzzing


def recall(stability: float | None, last_review: datetime | None, at: datetime) -> float:
    """The probability of recalling a card at `at` (0 for a card never reviewed)."""
    if stability is None or last_review is None:
        return 0.0
    card = Card(card_id=0, stability=stability, last_review=last_review, due=last_review)
    return float(_SCHEDULER.get_card_retrievability(card, at))


def by_key(rows: Iterable[Memory], at: datetime) -> dict[tuple[int, str], float]:
    return {(who, key): recall(s, last, at) for who, key, s, last, _ok in rows}


def topic_means(
    topics: Sequence[CatalogTopic], recalls: dict[tuple[int, str], float], members: Sequence[int]
) -> dict[str, float]:
    """Each topic's readiness: its questions' mean recall over `members` (unseen count 0)."""
    means = {}
    for t in topics:
        size = len(t.question_keys) * len(members)
        total = sum(recalls.get((m, k), 0.0) for m in members for k in t.question_keys)
        means[t.key] = total / size if size else 0.0
    return means


def overall(topics: Sequence[CatalogTopic], means: dict[str, float]) -> float:
    """Readiness over every question (a big topic weighs more than a small one)."""
    size = sum(len(t.question_keys) for t in topics)
    return sum(means[t.key] * len(t.question_keys) for t in topics) / size if size else 0.0


def weakest_first(catalog: Catalog, means: dict[str, float]) -> list[CatalogTopic]:
    """Topics from the lowest readiness up; ties in deck order."""
    order = list(catalog.topics.values())
    return sorted(order, key=lambda t: (means.get(t.key, 0.0), order.index(t)))
