"""Quiz repository: questions as sent (instances) and the answers given to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select, update

from storage.models import Answer, Chat, Learner, QuizInstance
from storage.records import InstanceRecord
from storage.upsert import prepared

_I = QuizInstance.__table__
_A = Answer.__table__
_C = Chat.__table__


def _create(insert):
    return insert(_I).returning(_I.c.id)


# The fields of an InstanceRecord, in order; the instance joined with its chat.
INSTANCE_COLUMNS = (
    _I.c.id,
    _I.c.chat_id,
    _I.c.question_key,
    _I.c.learner_id,
    _C.c.platform,
    _C.c.workspace,
    _C.c.external_id,
    _C.c.timezone,
    _I.c.answer_count,
    _I.c.option_order,
)


def _get(_insert):
    return (
        select(*INSTANCE_COLUMNS)
        .join(_C, _C.c.id == _I.c.chat_id)
        .where(_I.c.id == bindparam("instance_id"))
    )


def _answer(insert):
    # No RETURNING: the row count says whether the answer was new, without a result set.
    return insert(_A).on_conflict_do_nothing(index_elements=["instance_id", "learner_id"])


def _bump(_insert):
    return (
        update(_I)
        .where(_I.c.id == bindparam("instance_id"))
        .values(answer_count=_I.c.answer_count + 1)
        .returning(_I.c.answer_count)
    )


def create_instance(
    session: Connection,
    *,
    chat_id: int,
    question_key: str,
    learner_id: int | None,
    kind: str,
    now: datetime,
    option_order: str | None = None,
) -> int:
    params = {
        "chat_id": chat_id,
        "question_key": question_key,
        "learner_id": learner_id,
        "kind": kind,
        "created_at": now,
        "answer_count": 0,
        "option_order": option_order,
    }
    return (session.execute(prepared(session, _create), params)).scalar_one()


def get_instance(session: Connection, instance_id: int) -> InstanceRecord | None:
    params = {"instance_id": instance_id}
    row = (session.execute(prepared(session, _get), params)).one_or_none()
    return None if row is None else InstanceRecord(*row)


def record_answer(
    session: Connection,
    *,
    instance_id: int,
    learner_id: int,
    option_index: int,
    correct: bool,
    now: datetime,
    count: bool = True,
) -> int | None:
    """Store the learner's answer; None when this learner already answered this instance.

    The unique (instance, learner) key decides, so two processes racing on one double tap
    still record a single answer. Returns the instance's new answer count otherwise (with
    count=False, for a personal question nobody tallies, it returns 1 and skips the update).
    """
    params = {
        "instance_id": instance_id,
        "learner_id": learner_id,
        "option_index": option_index,
        "correct": correct,
        "answered_at": now,
    }
    if session.execute(prepared(session, _answer), params).rowcount == 0:
        return None
    if not count:
        return 1
    bumped = session.execute(prepared(session, _bump), {"instance_id": instance_id})
    return bumped.scalar_one()


def recorded_option(session: Connection, instance_id: int, learner_id: int) -> int | None:
    """The option this learner's stored answer chose (asked only after a repeated tap)."""
    return session.execute(
        select(_A.c.option_index).where(
            _A.c.instance_id == instance_id, _A.c.learner_id == learner_id
        )
    ).scalar_one_or_none()


def posted_keys(session: Connection, chat_id: int) -> dict[str, datetime]:
    """When each question was last posted in the chat."""
    rows = session.execute(
        select(QuizInstance.question_key, func.max(QuizInstance.created_at))
        .where(QuizInstance.chat_id == chat_id)
        .group_by(QuizInstance.question_key)
    )
    return {key: when for key, when in rows.all()}


def answerer_names(session: Connection, instance_id: int, limit: int = 50) -> list[str]:
    """Display names of who answered, first answer first (for a group's running tally)."""
    rows = session.scalars(
        select(Learner.display_name)
        .join(Answer, Answer.learner_id == Learner.id)
        .where(Answer.instance_id == instance_id)
        .order_by(Answer.answered_at, Answer.id)
        .limit(limit)
    )
    return list(rows.all())


def results(session: Connection, instance_id: int) -> list[tuple[str, bool]]:
    """(display name, answered right) for everyone who answered, first answer first."""
    rows = session.execute(
        select(Learner.display_name, Answer.correct)
        .join(Answer, Answer.learner_id == Learner.id)
        .where(Answer.instance_id == instance_id)
        .order_by(Answer.answered_at, Answer.id)
    )
    return [(name, bool(correct)) for name, correct in rows.all()]
