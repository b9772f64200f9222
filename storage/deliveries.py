"""Delivery repository: claiming question-of-the-day slots exactly once, and their outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, and_, bindparam, func, literal, select, true, update

from storage.models import Chat, Delivery, Learner, Subscription
from storage.records import DeliveryJob
from storage.upsert import insert_for, prepared


def slot_kinds(
    session: Connection, platforms: list[str], chat: str | None = None
) -> list[tuple[str, str]]:
    """The distinct (time zone, local time) pairs of active subscriptions on these platforms."""
    stmt = (
        select(Subscription.timezone, Subscription.local_time)
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(Subscription.active.is_(True), Chat.platform.in_(platforms))
        .distinct()
    )
    if chat is not None:
        stmt = stmt.where(Chat.external_id == chat)
    rows = session.execute(stmt)
    return [(tz, t) for tz, t in rows.all()]


def claim(
    session: Connection,
    *,
    timezone: str,
    local_time: str,
    local_date: date,
    due_at: datetime,
    now: datetime,
    platforms: list[str],
    state: str = "claimed",
    chat: str | None = None,
) -> list[int]:
    """Insert one row per subscription for this slot unless one exists; return the new ids.

    The unique (subscription, local date) key makes this the claim: of two processes running
    the same statement, each row goes to exactly one. A subscription set up after the slot's
    time waits for the next day.
    """
    chosen = (
        select(
            Subscription.id,
            literal(local_date),
            literal(state),
            literal(now, Delivery.claimed_at.type),
            literal(1),
        )
        .join(Chat, Chat.id == Subscription.chat_id)
        .where(
            Subscription.active.is_(True),
            Subscription.timezone == timezone,
            Subscription.local_time == local_time,
            Subscription.updated_at <= due_at,
            Chat.platform.in_(platforms),
            true(),  # SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT
        )
    )
    stmt = (
        insert_for(session, Delivery)
        .from_select(["subscription_id", "local_date", "state", "claimed_at", "attempts"], chosen)
        .on_conflict_do_nothing(index_elements=["subscription_id", "local_date"])
        .returning(Delivery.id)
    )
    return list((session.scalars(stmt)).all())


def reclaim_stale(
    session: Connection, *, older_than: datetime, now: datetime, limit: int = 1000
) -> list[int]:
    """Take over claims whose process stopped touching them (it crashed or was killed)."""
    stale = (
        select(Delivery.id)
        .where(Delivery.state == "claimed", Delivery.claimed_at < older_than)
        .limit(limit)
    )
    if session.dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    stmt = (
        update(Delivery)
        .where(
            Delivery.id.in_(stale.scalar_subquery()),
            Delivery.state == "claimed",
            Delivery.claimed_at < older_than,
        )
        .values(claimed_at=now, attempts=Delivery.attempts + 1)
        .returning(Delivery.id)
    )
    return list((session.scalars(stmt)).all())


def touch(session: Connection, ids: Sequence[int], now: datetime) -> None:
    """Renew our claims on deliveries still queued, so nobody takes them over."""
    for start in range(0, len(ids), 500):
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids[start : start + 500]), Delivery.state == "claimed")
            .values(claimed_at=now)
        )


def job(session: Connection, delivery_id: int) -> DeliveryJob | None:
    """Everything needed to send one delivery."""
    found = jobs(session, [delivery_id])
    return found[0] if found else None


def _jobs(_insert):
    return (
        select(
            Delivery.id,
            Delivery.subscription_id,
            Delivery.local_date,
            Delivery.state,
            Delivery.instance_id,
            Delivery.message_ref,
            Subscription.active,
            Subscription.timezone,
            Chat.platform,
            Chat.workspace,
            Chat.external_id,
            Chat.is_group,
            Chat.title,
            Learner.external_id,
            Learner.display_name,
            Learner.language,
            Chat.id,
            Learner.id,
        )
        .join(Subscription, Subscription.id == Delivery.subscription_id)
        .join(Chat, Chat.id == Subscription.chat_id)
        .outerjoin(Learner, Learner.id == Subscription.learner_id)
        .where(Delivery.id.in_(bindparam("ids", expanding=True)))
        .order_by(Delivery.id)
    )


def jobs(session: Connection, delivery_ids: Sequence[int]) -> list[DeliveryJob]:
    """Everything needed to send these deliveries, in id order (missing ids are left out)."""
    rows = session.execute(prepared(session, _jobs), {"ids": list(delivery_ids)})
    return [DeliveryJob(*row) for row in rows.all()]


def _set_instance(_insert):
    return (
        update(Delivery)
        .where(Delivery.id == bindparam("delivery_id"))
        .values(instance_id=bindparam("instance_id"))
    )


def set_instance(session: Connection, delivery_id: int, instance_id: int) -> None:
    params = {"delivery_id": delivery_id, "instance_id": instance_id}
    session.execute(prepared(session, _set_instance), params)


def finish(
    session: Connection,
    delivery_id: int,
    *,
    state: str,
    now: datetime,
    message_ref: str | None = None,
    reason: str | None = None,
) -> bool:
    """Move a claimed delivery to sent / failed / skipped; False if it was not claimed."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state == "claimed")
        .values(state=state, message_ref=message_ref, reason=reason, finished_at=now)
    )
    return result.rowcount > 0


@dataclass(frozen=True)
class Outcome:
    """How one send ended, to be recorded with others in one transaction."""

    delivery_id: int
    state: str
    message_ref: str | None = None
    reason: str | None = None
    unsubscribe: int | None = None  # the subscription to end: the platform says it is gone


def _finish_many(_insert):
    return (
        update(Delivery)
        .where(Delivery.id == bindparam("b_id"), Delivery.state == "claimed")
        .values(
            state=bindparam("b_state"),
            message_ref=bindparam("b_ref"),
            reason=bindparam("b_reason"),
            finished_at=bindparam("b_now"),
        )
    )


def finish_many(session: Connection, outcomes: Sequence[Outcome], now: datetime) -> None:
    """Record many outcomes at once (group commit); rows no longer claimed are left alone."""
    if not outcomes:
        return
    session.execute(
        prepared(session, _finish_many),
        [
            {
                "b_id": o.delivery_id,
                "b_state": o.state,
                "b_ref": o.message_ref,
                "b_reason": o.reason,
                "b_now": now,
            }
            for o in outcomes
        ],
    )
    for o in outcomes:
        if o.unsubscribe is not None:
            deactivate(session, o.unsubscribe, now)


def previous_sent(
    session: Connection, subscription_id: int, before: date
) -> tuple[int, str] | None:
    """The last delivered question before `before`: (instance id, platform message id)."""
    row = (
        session.execute(
            select(Delivery.instance_id, Delivery.message_ref)
            .where(
                and_(
                    Delivery.subscription_id == subscription_id,
                    Delivery.local_date < before,
                    Delivery.state == "sent",
                    Delivery.instance_id.is_not(None),
                    Delivery.message_ref.is_not(None),
                )
            )
            .order_by(Delivery.local_date.desc())
            .limit(1)
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def deactivate(session: Connection, subscription_id: int, now: datetime) -> None:
    """The platform says nobody can be reached there: stop sending, keep the history."""
    session.execute(
        update(Subscription)
        .where(Subscription.id == subscription_id)
        .values(active=False, updated_at=now)
    )


def states(session: Connection) -> dict[str, int]:
    """How many deliveries are in each state (for tests and the benchmark)."""
    rows = session.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
    return dict(rows.all())
