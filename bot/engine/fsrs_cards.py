"""Spaced repetition: FSRS reviews applied to stored card state (wrong → Again, right → Good)."""

from __future__ import annotations

from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from storage.records import CardRecord


def review(
    fsrs: Scheduler,
    previous: CardRecord | None,
    *,
    learner_id: int,
    question_key: str,
    correct: bool,
    now: datetime,
) -> CardRecord:
    """The card's state after one answer."""
    if previous is None:
        card = Card(card_id=0, due=now)
    else:
        card = Card(
            card_id=0,
            state=State(previous.state),
            step=previous.step,
            stability=previous.stability,
            difficulty=previous.difficulty,
            due=previous.due,
            last_review=previous.last_review,
        )
    card, _log = fsrs.review_card(card, Rating.Good if correct else Rating.Again, now)
    lapsed = not correct and previous is not None and previous.state == State.Review
    return CardRecord(
        learner_id=learner_id,
        question_key=question_key,
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
        reps=(previous.reps if previous else 0) + 1,
        lapses=(previous.lapses if previous else 0) + int(lapsed),
        last_correct=correct,
    )
