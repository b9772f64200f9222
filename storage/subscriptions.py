"""Subscription repository: who gets a question of the day, where, and at what local time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update

from storage.models import Chat, Subscription
from storage.records import SubscriptionRecord
from storage.upsert import insert_for

_COLUMNS = (
    Subscription.id,
    Subscription.chat_id,
    Subscription.learner_id,
    Subscription.local_time,
    Subscription.timezone,
    Subscription.active,
)


def subscribe(
    session: Connection,
    *,
    chat_id: int,
    learner_id: int | None,
    local_time: str,
    timezone: str,
    now: datetime,
) -> SubscriptionRecord:
    """Create or replace the chat's subscription (one per chat) and make it active."""
    stmt = insert_for(session, Subscription).values(
        chat_id=chat_id,
        learner_id=learner_id,
        local_time=local_time,
        timezone=timezone,
        platform=select(Chat.platform).where(Chat.id == chat_id).scalar_subquery(),
        active=True,
        created_at=now,
        updated_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["chat_id"],
        set_={
            "learner_id": stmt.excluded.learner_id,
            "local_time": stmt.excluded.local_time,
            "timezone": stmt.excluded.timezone,
            "active": True,
            "updated_at": stmt.excluded.updated_at,
        },
    ).returning(*_COLUMNS)
    return SubscriptionRecord(*(session.execute(stmt)).one())


def unsubscribe(session: Connection, chat_id: int, now: datetime) -> bool:
    """Deactivate the chat's subscription; False when there was none active."""
    result = session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.active.is_(True))
        .values(active=False, updated_at=now)
    )
    return result.rowcount > 0


def for_chat(session: Connection, chat_id: int) -> SubscriptionRecord | None:
    row = (session.execute(select(*_COLUMNS).where(Subscription.chat_id == chat_id))).one_or_none()
    return None if row is None else SubscriptionRecord(*row)


def set_timezone_for_learner(
    session: Connection, learner_id: int, timezone: str, now: datetime
) -> None:
    """A learner who moves time zone keeps their local time of day in the new zone."""
    session.execute(
        update(Subscription)
        .where(Subscription.learner_id == learner_id)
        .values(timezone=timezone, updated_at=now)
    )
