"""Card repository: per-learner spaced-repetition state of each question."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from storage.models import Card
from storage.records import CardRecord
from storage.upsert import prepared

_T = Card.__table__
_COLUMNS = (
    _T.c.learner_id,
    _T.c.question_key,
    _T.c.state,
    _T.c.step,
    _T.c.stability,
    _T.c.difficulty,
    _T.c.due,
    _T.c.last_review,
    _T.c.reps,
    _T.c.lapses,
    _T.c.last_correct,
)


def _get(_insert):
    return select(*_COLUMNS).where(
        _T.c.learner_id == bindparam("learner_id"), _T.c.question_key == bindparam("key")
    )


def _save(insert):
    stmt = insert(_T)
    kept = ("learner_id", "question_key")
    updates = {c.key: stmt.excluded[c.key] for c in _COLUMNS if c.key not in kept}
    return stmt.on_conflict_do_update(index_elements=list(kept), set_=updates)


def get_card(session: Connection, learner_id: int, key: str) -> CardRecord | None:
    params = {"learner_id": learner_id, "key": key}
    row = (session.execute(prepared(session, _get), params)).one_or_none()
    return None if row is None else CardRecord(*row)


def save_card(session: Connection, card: CardRecord) -> None:
    values = {c.key: getattr(card, c.key) for c in _COLUMNS}
    session.execute(prepared(session, _save), values)


def _by_due(due_by: bool, keys: bool):
    def build(_insert):
        stmt = select(_T.c.question_key).where(_T.c.learner_id == bindparam("learner_id"))
        if due_by:
            stmt = stmt.where(_T.c.due <= bindparam("due_by"))
        if keys:
            stmt = stmt.where(_T.c.question_key.in_(bindparam("keys", expanding=True)))
        order = stmt.order_by(_T.c.due, _T.c.question_key)
        return order.limit(bindparam("limit")).offset(bindparam("offset"))

    return build


# One builder per filter shape, so each statement is built once per backend.
_BY_DUE = {(d, k): _by_due(d, k) for d in (False, True) for k in (False, True)}


def keys_by_due(
    session: Connection,
    learner_id: int,
    *,
    due_by: datetime | None,
    keys: Collection[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[str]:
    """Question keys of the learner's cards, earliest due first (only those due by `due_by`)."""
    build = _BY_DUE[(due_by is not None, keys is not None)]
    params = {"learner_id": learner_id, "limit": limit, "offset": offset}
    if due_by is not None:
        params["due_by"] = due_by
    if keys is not None:
        params["keys"] = list(keys)
    return list(session.scalars(prepared(session, build), params).all())


def _seen(_insert):
    return select(_T.c.question_key).where(_T.c.learner_id == bindparam("learner_id"))


def seen_keys(session: Connection, learner_id: int) -> set[str]:
    rows = session.scalars(prepared(session, _seen), {"learner_id": learner_id})
    return set(rows.all())


def last_results(session: Connection, learner_id: int) -> dict[str, bool]:
    """Whether each reviewed question was answered right at its last review."""
    rows = session.execute(
        select(Card.question_key, Card.last_correct).where(Card.learner_id == learner_id)
    )
    return dict(rows.all())


def due_keys(session: Connection, learner_id: int, now: datetime) -> list[str]:
    rows = session.scalars(
        select(Card.question_key).where(Card.learner_id == learner_id, Card.due <= now)
    )
    return list(rows.all())
