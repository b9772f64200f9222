"""Card repository: per-learner spaced-repetition state of each question."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Card
from storage.records import CardRecord
from storage.upsert import insert_for

_COLUMNS = (
    Card.learner_id,
    Card.question_key,
    Card.state,
    Card.step,
    Card.stability,
    Card.difficulty,
    Card.due,
    Card.last_review,
    Card.reps,
    Card.lapses,
    Card.last_correct,
)


async def get_card(session: AsyncSession, learner_id: int, key: str) -> CardRecord | None:
    row = (
        await session.execute(
            select(*_COLUMNS).where(Card.learner_id == learner_id, Card.question_key == key)
        )
    ).one_or_none()
    return None if row is None else CardRecord(*row)


async def save_card(session: AsyncSession, card: CardRecord) -> None:
    values = {c.key: getattr(card, c.key) for c in _COLUMNS}
    stmt = insert_for(session, Card).values(**values)
    updates = {k: stmt.excluded[k] for k in values if k not in ("learner_id", "question_key")}
    await session.execute(
        stmt.on_conflict_do_update(index_elements=["learner_id", "question_key"], set_=updates)
    )


async def keys_by_due(
    session: AsyncSession,
    learner_id: int,
    *,
    due_by: datetime | None,
    keys: Collection[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[str]:
    """Question keys of the learner's cards, earliest due first (only those due by `due_by`)."""
    stmt = select(Card.question_key).where(Card.learner_id == learner_id)
    if due_by is not None:
        stmt = stmt.where(Card.due <= due_by)
    if keys is not None:
        stmt = stmt.where(Card.question_key.in_(keys))
    stmt = stmt.order_by(Card.due, Card.question_key).limit(limit).offset(offset)
    return list((await session.scalars(stmt)).all())


async def seen_keys(session: AsyncSession, learner_id: int) -> set[str]:
    return set(
        (
            await session.scalars(select(Card.question_key).where(Card.learner_id == learner_id))
        ).all()
    )


async def last_results(session: AsyncSession, learner_id: int) -> dict[str, bool]:
    """Whether each reviewed question was answered right at its last review."""
    rows = await session.execute(
        select(Card.question_key, Card.last_correct).where(Card.learner_id == learner_id)
    )
    return dict(rows.all())


async def due_keys(session: AsyncSession, learner_id: int, now: datetime) -> list[str]:
    rows = await session.scalars(
        select(Card.question_key).where(Card.learner_id == learner_id, Card.due <= now)
    )
    return list(rows.all())


async def count_cards(session: AsyncSession, learner_id: int) -> int:
    return (
        await session.scalar(
            select(func.count()).select_from(Card).where(Card.learner_id == learner_id)
        )
        or 0
    )
