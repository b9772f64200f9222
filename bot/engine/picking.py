"""Which question comes next, given what a learner or a chat has already seen."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime


def first_new(
    order: Sequence[str], seen: Collection[str], allowed: Collection[str] | None
) -> str | None:
    """The first question in the interleaved order that the learner has never answered."""
    for key in order:
        if key not in seen and (allowed is None or key in allowed):
            return key
    return None


def for_chat(
    order: Sequence[str], posted: Mapping[str, datetime], allowed: Collection[str] | None
) -> str | None:
    """A question never posted in the chat, else the one posted longest ago."""
    fresh = first_new(order, posted, allowed)
    if fresh is not None:
        return fresh
    candidates = [k for k in order if allowed is None or k in allowed]
    if not candidates:
        return None
    return min(candidates, key=lambda k: posted[k])
