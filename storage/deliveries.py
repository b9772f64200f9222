"""Delivery repository: what a claimed delivery needs to be sent, its outcome, and clean-up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    exists,
    func,
    select,
    update,
)

from storage.models import Chat, Delivery, Learner, Subscription
from storage.records import DeliveryJob, Outcome
from storage.upsert import prepared


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


def delete_of(session: Connection, subscriptions) -> None:
    """Delete the deliveries of the subscriptions matching this condition, before they go."""
    chosen = select(Subscription.id).where(subscriptions)
    session.execute(delete(Delivery).where(Delivery.subscription_id.in_(chosen)))


def drop_orphans(session: Connection, delivery_ids: Sequence[int]) -> int:
    """Delete these deliveries if their subscription was deleted while they were claimed."""
    gone = ~exists(select(Subscription.id).where(Subscription.id == Delivery.subscription_id))
    result = session.execute(delete(Delivery).where(Delivery.id.in_(list(delivery_ids)), gone))
    return result.rowcount


def states(session: Connection) -> dict[str, int]:
    """How many deliveries are in each state (for tests and the benchmark)."""
    rows = session.execute(select(Delivery.state, func.count()).group_by(Delivery.state))
    return dict(rows.all())
