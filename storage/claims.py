"""Claiming question-of-the-day slots: one delivery row per (subscription, local date), ever.

The claim is an insert guarded by the unique (subscription, local date) key, so of two
processes claiming the same slot each row goes to exactly one; a claim whose process died is
taken over once it goes stale, or at once when its owner is known to be dead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    Connection,
    Date,
    String,
    bindparam,
    column,
    exists,
    literal,
    or_,
    select,
    text,
    update,
    values,
)
from sqlalchemy.exc import IntegrityError

from storage.models import CLAIMED, Chat, Delivery, Subscription, UtcDateTime
from storage.upsert import insert_for


def slot_kinds(
    session: Connection, platforms: list[str], chat: str | None = None
) -> list[tuple[str, str]]:
    """The distinct (time zone, local time) pairs of active subscriptions on these platforms."""
    stmt = (
        select(Subscription.timezone, Subscription.local_time)
        .where(Subscription.active.is_(True), Subscription.platform.in_(platforms))
        .distinct()
    )
    if chat is not None:
        stmt = stmt.join(Chat, Chat.id == Subscription.chat_id).where(Chat.external_id == chat)
    rows = session.execute(stmt)
    return [(tz, t) for tz, t in rows.all()]


# A slot to claim: (time zone, local time, local date, the instant it is due).
SlotKey = tuple[str, str, date, datetime]
_COLUMNS = ["subscription_id", "local_date", "state", "claimed_at", "attempts", "claimed_by"]
_SLOT_KEY = ["subscription_id", "local_date"]


def claim(
    session: Connection,
    slots: Sequence[SlotKey],
    *,
    now: datetime,
    platforms: list[str],
    state: str = "claimed",
    chat: str | None = None,
    shard: tuple[int, int] = (0, 1),
    owner: str | None = None,
) -> list[int]:
    """Insert a row in `state` per subscription of each slot unless one exists; the new ids.

    The unique (subscription, local date) key makes this the claim: of two processes claiming
    the same slot, each row goes to exactly one. A subscription set up after its slot's time
    waits for the next day. `shard` (k, n) takes only subscriptions whose id is k modulo n, so
    that n transactions can claim side by side. One statement for all the slots: per
    statement, planning and a commit cost PostgreSQL more than a thousand rows do.
    """
    if not slots:
        return []
    params = {
        "state": state,
        "now": now,
        "platforms": list(platforms),
        "chat": chat,
        "shard": shard[0],
        "shards": shard[1],
        "owner": owner,
    }
    if session.dialect.name == "postgresql":
        # ON CONFLICT inserts speculatively, which costs more per row on PostgreSQL, so rows there
        # already are left out by the query instead. Only another process claiming the same
        # slot at this very moment can collide, and then ON CONFLICT takes what is left.
        try:
            with session.begin_nested():
                found = session.scalars(_claim(session, slots, chat, on_conflict=False), params)
                return list(found)
        except IntegrityError:
            pass
    return list(session.scalars(_claim(session, slots, chat, on_conflict=True), params))


def _claim(session: Connection, slots: Sequence[SlotKey], chat: str | None, *, on_conflict: bool):
    slot = (
        values(
            column("timezone", String()),
            column("local_time", String()),
            column("local_date", Date()),
            column("due_at", UtcDateTime()),
            name="slot",
        )
        .data(list(slots))
        .cte("slot")
    )
    chosen = select(
        Subscription.id,
        slot.c.local_date,
        bindparam("state", type_=String()),
        bindparam("now", type_=UtcDateTime()),
        literal(1),
        bindparam("owner", type_=String()),
    ).where(
        Subscription.active.is_(True),
        Subscription.timezone == slot.c.timezone,
        Subscription.local_time == slot.c.local_time,
        Subscription.updated_at <= slot.c.due_at,
        Subscription.platform.in_(bindparam("platforms", expanding=True)),
        Subscription.id % bindparam("shards") == bindparam("shard"),
    )
    if chat is not None:
        chosen = chosen.join(Chat, Chat.id == Subscription.chat_id)
        chosen = chosen.where(Chat.external_id == bindparam("chat"))
    if not on_conflict:
        done = Delivery.__table__.alias("done")
        taken = select(done.c.id).where(
            done.c.subscription_id == Subscription.id, done.c.local_date == slot.c.local_date
        )
        chosen = chosen.where(~exists(taken))
    stmt = insert_for(session, Delivery).from_select(_COLUMNS, chosen)
    if on_conflict:
        stmt = stmt.on_conflict_do_nothing(index_elements=_SLOT_KEY)
    return stmt.returning(Delivery.id)


def claim_owners(session: Connection) -> list[str]:
    """The processes holding claims in flight (claims older than revision 0006 have none)."""
    rows = session.scalars(
        select(Delivery.claimed_by)
        .where(text(CLAIMED), Delivery.claimed_by.is_not(None))
        .distinct()
    )
    return list(rows.all())


def reclaim_stale(
    session: Connection,
    *,
    older_than: datetime,
    now: datetime,
    limit: int = 1000,
    owner: str | None = None,
    dead: Sequence[str] = (),
) -> list[int]:
    """Take over claims whose process stopped touching them (it crashed or was killed), or
    whose process is known to be dead (`dead` owners), at once."""
    in_flight = text(CLAIMED)  # literally the partial index's predicate, so it is used
    lapsed = Delivery.claimed_at < older_than
    if dead:
        lapsed = or_(lapsed, Delivery.claimed_by.in_(list(dead)))
    stale = select(Delivery.id).where(in_flight, lapsed).limit(limit)
    if session.dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    stmt = (
        update(Delivery)
        .where(Delivery.id.in_(stale.scalar_subquery()), in_flight, lapsed)
        .values(claimed_at=now, attempts=Delivery.attempts + 1, **_owned_by(owner))
        .returning(Delivery.id)
    )
    return list((session.scalars(stmt)).all())


def touch(
    session: Connection, ids: Sequence[int], now: datetime, owner: str | None = None
) -> None:
    """Renew our claims on deliveries still queued, so nobody takes them over."""
    for start in range(0, len(ids), 500):
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids[start : start + 500]), Delivery.state == "claimed")
            .values(claimed_at=now, **_owned_by(owner))
        )


def _owned_by(owner: str | None) -> dict:
    return {} if owner is None else {"claimed_by": owner}
