"""Checks across a deck that a field-by-field schema cannot express (ids, references, answers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from content.schema import MAX_OPTION_CHARS, MAX_OPTIONS, MIN_OPTIONS, Deck, Pair, Question

PAIR_SIDES = 2

Finding = tuple[tuple[Any, ...], str]


def check_deck(deck: Deck) -> list[Finding]:
    """Return (location, message) for every problem; an empty list means the deck is good."""
    findings: list[Finding] = []
    topic_ids: dict[str, int] = {}
    for i, topic in enumerate(deck.topics):
        if topic.id in topic_ids:
            findings.append((("topics", i, "id"), f"duplicate topic id '{topic.id}'"))
        topic_ids.setdefault(topic.id, i)
    question_ids: dict[str, int] = {}
    for i, question in enumerate(deck.questions):
        where = ("questions", i)
        if question.id in question_ids:
            findings.append(((*where, "id"), f"duplicate question id '{question.id}'"))
        question_ids.setdefault(question.id, i)
        if question.topic not in topic_ids:
            findings.append(((*where, "topic"), f"unknown topic '{question.topic}'"))
        findings.extend(((*where, *loc), msg) for loc, msg in _check_question(question))
    pair_ids: set[str] = set()
    for i, pair in enumerate(deck.pairs):
        if pair.id in pair_ids:
            findings.append((("pairs", i, "id"), f"duplicate pair id '{pair.id}'"))
        pair_ids.add(pair.id)
        pair_findings = _check_pair(pair, question_ids)
        findings.extend((("pairs", i, *loc), msg) for loc, msg in pair_findings)
    return findings


def _check_pair(pair: Pair, question_ids: dict[str, int]) -> Iterator[Finding]:
    if len(pair.sides) != PAIR_SIDES:
        yield (), f"pair '{pair.id}' has {len(pair.sides)} sides; a pair needs exactly 2"
    listed: set[str] = set()
    for s, side in enumerate(pair.sides):
        if not side.questions:
            yield ("sides", s, "questions"), f"side '{side.label}' lists no questions"
        for q, question_id in enumerate(side.questions):
            where = ("sides", s, "questions", q)
            if question_id not in question_ids:
                yield where, f"pair '{pair.id}' names unknown question '{question_id}'"
            if question_id in listed:
                yield where, f"question '{question_id}' is listed twice in pair '{pair.id}'"
            listed.add(question_id)


def _check_question(q: Question) -> Iterator[Finding]:
    if q.type == "true_false":
        if q.options is not None:
            yield ("options",), "a true_false question takes no options"
        if not isinstance(q.answer, bool):
            yield ("answer",), "a true_false answer must be true or false"
        return
    if q.options is None:
        yield ("options",), "a choice question needs options"
        return
    if not MIN_OPTIONS <= len(q.options) <= MAX_OPTIONS:
        yield (
            ("options",),
            f"{len(q.options)} options; a question needs {MIN_OPTIONS}–{MAX_OPTIONS}",
        )
    if isinstance(q.answer, bool):
        yield ("answer",), "a choice answer must be an option index (0-based), not true/false"
    elif not 0 <= q.answer < len(q.options):
        yield ("answer",), f"answer index {q.answer} is out of range 0–{len(q.options) - 1}"
    seen: set[str] = set()
    for j, option in enumerate(q.options):
        if option.casefold() in seen:
            yield ("options", j), f"duplicate option '{option}'"
        seen.add(option.casefold())
        if len(option) > MAX_OPTION_CHARS:
            yield ("options", j), f"option is {len(option)} characters; at most {MAX_OPTION_CHARS}"
