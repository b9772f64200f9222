"""Learner repository: identity, preferences, streak and answer counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Learner
from storage.records import LearnerRecord
from storage.upsert import insert_for

_COLUMNS = (
    Learner.id,
    Learner.display_name,
    Learner.language,
    Learner.timezone,
    Learner.answered,
    Learner.correct,
    Learner.current_streak,
    Learner.best_streak,
    Learner.last_active_date,
)


async def ensure_learner(
    session: AsyncSession,
    platform: str,
    workspace: str,
    external_id: str,
    display_name: str,
    now: datetime,
) -> LearnerRecord:
    """Return the learner, creating it on first sight and refreshing its display name."""
    stmt = insert_for(session, Learner).values(
        platform=platform,
        workspace=workspace,
        external_id=external_id,
        display_name=display_name,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "workspace", "external_id"],
        set_={"display_name": stmt.excluded.display_name} if display_name else {"active": True},
    ).returning(*_COLUMNS)
    row = (await session.execute(stmt)).one()
    return LearnerRecord(*row)


async def find_learner(
    session: AsyncSession, platform: str, workspace: str, external_id: str
) -> LearnerRecord | None:
    row = (
        await session.execute(
            select(*_COLUMNS).where(
                Learner.platform == platform,
                Learner.workspace == workspace,
                Learner.external_id == external_id,
            )
        )
    ).one_or_none()
    return None if row is None else LearnerRecord(*row)


async def set_preferences(
    session: AsyncSession,
    learner_id: int,
    *,
    language: str | None = None,
    timezone: str | None = None,
) -> None:
    values = {}
    if language is not None:
        values["language"] = language
    if timezone is not None:
        values["timezone"] = timezone
    if values:
        await session.execute(update(Learner).where(Learner.id == learner_id).values(**values))


async def record_activity(
    session: AsyncSession,
    learner_id: int,
    *,
    correct: bool,
    current_streak: int,
    best_streak: int,
    active_date: date,
) -> None:
    """Count one answer and store the streak the engine computed for it."""
    await session.execute(
        update(Learner)
        .where(Learner.id == learner_id)
        .values(
            answered=Learner.answered + 1,
            correct=Learner.correct + int(correct),
            current_streak=current_streak,
            best_streak=best_streak,
            last_active_date=active_date,
        )
    )


async def delete_learner(session: AsyncSession, learner_id: int) -> None:
    """Remove the learner; cards, answers and scores go with it (ON DELETE CASCADE)."""
    await session.execute(delete(Learner).where(Learner.id == learner_id))


async def set_active(
    session: AsyncSession, platform: str, workspace: str, external_id: str, active: bool
) -> bool:
    """Mark a learner reachable or not (e.g. after "bot was blocked by the user")."""
    result = await session.execute(
        update(Learner)
        .where(
            Learner.platform == platform,
            Learner.workspace == workspace,
            Learner.external_id == external_id,
        )
        .values(active=active)
    )
    return result.rowcount > 0
