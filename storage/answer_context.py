"""Everything an answer needs to be checked and scored, read in one statement.

An answer used to start with three look-ups (the question as sent with its chat, the learner,
the learner's card); on the hottest path in the bot each statement's overhead counts, so they
are one query with outer joins.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, select

from storage.cards import _COLUMNS as CARD_COLUMNS
from storage.learners import _COLUMNS as LEARNER_COLUMNS
from storage.models import Card, Chat, Learner, QuizInstance
from storage.quizzes import INSTANCE_COLUMNS
from storage.records import CardRecord, InstanceRecord, LearnerRecord
from storage.upsert import prepared

_I, _C, _L, _K = (m.__table__ for m in (QuizInstance, Chat, Learner, Card))


@dataclass(frozen=True)
class AnswerContext:
    instance: InstanceRecord
    learner: LearnerRecord | None  # None: never seen on this platform
    card: CardRecord | None  # None: first answer to this question
    display_name: str  # as stored, to tell whether it needs refreshing


def _build(_insert):
    learner = _L.alias("learner")
    card = _K.alias("card")
    learner_cols = [learner.c[c.key] for c in LEARNER_COLUMNS]
    card_cols = [card.c[c.key] for c in CARD_COLUMNS]
    return (
        select(*INSTANCE_COLUMNS, *learner_cols, *card_cols)
        .join(_C, _C.c.id == _I.c.chat_id)
        .outerjoin(
            learner,
            and_(
                learner.c.platform == bindparam("platform"),
                learner.c.workspace == bindparam("workspace"),
                learner.c.external_id == bindparam("external_id"),
            ),
        )
        .outerjoin(
            card,
            and_(card.c.learner_id == learner.c.id, card.c.question_key == _I.c.question_key),
        )
        .where(_I.c.id == bindparam("instance_id"))
    )


def load(
    session: Connection, instance_id: int, platform: str, workspace: str, external_id: str
) -> AnswerContext | None:
    params = {
        "instance_id": instance_id,
        "platform": platform,
        "workspace": workspace,
        "external_id": external_id,
    }
    row = session.execute(prepared(session, _build), params).one_or_none()
    if row is None:
        return None
    n_inst, n_learner = len(INSTANCE_COLUMNS), len(LEARNER_COLUMNS)
    instance = InstanceRecord(*row[:n_inst])
    learner_part = row[n_inst : n_inst + n_learner]
    card_part = row[n_inst + n_learner :]
    learner = LearnerRecord(*learner_part) if learner_part[0] is not None else None
    card = CardRecord(*card_part) if card_part[0] is not None else None
    return AnswerContext(instance, learner, card, learner.display_name if learner else "")
