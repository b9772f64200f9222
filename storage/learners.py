"""Learner repository: identity, preferences, streak and answer counters."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, bindparam, delete, select, update

from storage import deliveries
from storage.models import Learner, Subscription
from storage.records import LearnerRecord
from storage.upsert import prepared

_T = Learner.__table__
_COLUMNS = (
    _T.c.id,
    _T.c.display_name,
    _T.c.language,
    _T.c.timezone,
    _T.c.answered,
    _T.c.correct,
    _T.c.current_streak,
    _T.c.best_streak,
    _T.c.last_active_date,
    _T.c.exam_date,
    _T.c.freezes_held,
    _T.c.freezes_used,
)


def _upsert(insert, refresh_name: bool):
    stmt = insert(_T).values(
        platform=bindparam("platform"),
        workspace=bindparam("workspace"),
        external_id=bindparam("external_id"),
        display_name=bindparam("display_name"),
        created_at=bindparam("now", type_=_T.c.created_at.type),
    )
    # An empty name (a forged or partial update) must not wipe the stored one.
    keep = {"display_name": stmt.excluded.display_name} if refresh_name else {"active": True}
    return stmt.on_conflict_do_update(
        index_elements=["platform", "workspace", "external_id"], set_=keep
    ).returning(*_COLUMNS)


def _upsert_named(insert):
    return _upsert(insert, True)


def _upsert_unnamed(insert):
    return _upsert(insert, False)


def _find(_insert):
    return select(*_COLUMNS).where(
        _T.c.platform == bindparam("platform"),
        _T.c.workspace == bindparam("workspace"),
        _T.c.external_id == bindparam("external_id"),
    )


def ensure_learner(
    session: Connection,
    platform: str,
    workspace: str,
    external_id: str,
    display_name: str,
    now: datetime,
) -> LearnerRecord:
    """Return the learner, creating it on first sight and refreshing its display name."""
    stmt = prepared(session, _upsert_named if display_name else _upsert_unnamed)
    params = {
        "platform": platform,
        "workspace": workspace,
        "external_id": external_id,
        "display_name": display_name,
        "now": now,
    }
    row = (session.execute(stmt, params)).one()
    return LearnerRecord(*row)


def find_learner(
    session: Connection, platform: str, workspace: str, external_id: str
) -> LearnerRecord | None:
    params = {"platform": platform, "workspace": workspace, "external_id": external_id}
    row = (session.execute(prepared(session, _find), params)).one_or_none()
    return None if row is None else LearnerRecord(*row)


def set_preferences(
    session: Connection,
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
        session.execute(update(Learner).where(Learner.id == learner_id).values(**values))


def record_activity(
    session: Connection,
    learner_id: int,
    *,
    correct: bool,
    current_streak: int,
    best_streak: int,
    active_date: date,
    freezes_held: int = 0,
    freezes_spent: int = 0,
) -> None:
    """Count one answer and store the streak (and its freezes) the engine computed for it."""
    params = {
        "learner_id": learner_id,
        "right": int(correct),
        "current": current_streak,
        "best": best_streak,
        "day": active_date,
        "held": freezes_held,
        "spent": freezes_spent,
    }
    session.execute(prepared(session, _activity), params)


def _activity(_insert):
    return (
        update(_T)
        .where(_T.c.id == bindparam("learner_id"))
        .values(
            answered=_T.c.answered + 1,
            correct=_T.c.correct + bindparam("right"),
            current_streak=bindparam("current"),
            best_streak=bindparam("best"),
            last_active_date=bindparam("day"),
            freezes_held=bindparam("held"),
            freezes_used=_T.c.freezes_used + bindparam("spent"),
        )
    )


def delete_learner(session: Connection, learner_id: int) -> None:
    """Remove the learner; cards, answers, scores and subscriptions go with it (ON DELETE
    CASCADE), and the deliveries of those subscriptions are deleted first."""
    deliveries.delete_of(session, Subscription.learner_id == learner_id)
    session.execute(delete(Learner).where(Learner.id == learner_id))


def set_active(
    session: Connection, platform: str, workspace: str, external_id: str, active: bool
) -> bool:
    """Mark a learner reachable or not (e.g. after "bot was blocked by the user")."""
    result = session.execute(
        update(Learner)
        .where(
            Learner.platform == platform,
            Learner.workspace == workspace,
            Learner.external_id == external_id,
        )
        .values(active=active)
    )
    return result.rowcount > 0
