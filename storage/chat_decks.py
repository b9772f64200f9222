"""Deck repository: decks added from chats, the decks a chat switched off, the questions it
retired, the reports on questions, and the per-chat version that tells caches to rebuild."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from storage.models import (
    Answer,
    ChatCatalog,
    ChatDeck,
    DeckSwitch,
    QuestionReport,
    QuizInstance,
    RetiredQuestion,
)
from storage.records import DeckRecord
from storage.upsert import insert_for, prepared

_D = ChatDeck
_COLUMNS = (
    _D.id,
    _D.deck_id,
    _D.chat_id,
    _D.owner_id,
    _D.file_name,
    _D.title,
    _D.yaml_text,
    _D.doubted,
    _D.version,
)


def _version(_insert):
    return select(ChatCatalog.version).where(ChatCatalog.chat_id == bindparam("chat_id"))


def catalog_version(session: Connection, chat_id: int) -> int:
    """0 for a chat that never changed what it studies (the built-in decks, all on).

    Read before every question asked, so the statement is built once (storage/upsert.py)."""
    found = session.execute(prepared(session, _version), {"chat_id": chat_id}).scalar()
    return found or 0


def bump(session: Connection, chat_id: int) -> None:
    stmt = insert_for(session, ChatCatalog).values(chat_id=chat_id, version=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["chat_id"], set_={"version": ChatCatalog.version + 1}
    )
    session.execute(stmt)


def of_chat(session: Connection, chat_id: int) -> list[DeckRecord]:
    rows = session.execute(select(*_COLUMNS).where(_D.chat_id == chat_id).order_by(_D.id))
    return [DeckRecord(*row) for row in rows]


def by_deck_id(session: Connection, deck_id: str) -> DeckRecord | None:
    row = session.execute(select(*_COLUMNS).where(_D.deck_id == deck_id)).one_or_none()
    return None if row is None else DeckRecord(*row)


def by_file(session: Connection, chat_id: int, file_name: str) -> DeckRecord | None:
    row = session.execute(
        select(*_COLUMNS).where(_D.chat_id == chat_id, _D.file_name == file_name)
    ).one_or_none()
    return None if row is None else DeckRecord(*row)


def taken_ids(session: Connection, stem: str) -> set[str]:
    """Deck ids in use that start with `stem`, to pick a free one."""
    return set(session.execute(select(_D.deck_id).where(_D.deck_id.startswith(stem))).scalars())


def add(
    session: Connection,
    *,
    deck_id: str,
    chat_id: int,
    owner_id: int | None,
    file_name: str,
    title: str,
    yaml_text: str,
    doubted: str,
    now: datetime,
) -> None:
    session.execute(
        insert(_D).values(
            deck_id=deck_id,
            chat_id=chat_id,
            owner_id=owner_id,
            file_name=file_name,
            title=title,
            yaml_text=yaml_text,
            doubted=doubted,
            version=1,
            created_at=now,
            updated_at=now,
        )
    )


def replace(
    session: Connection, row_id: int, *, title: str, yaml_text: str, doubted: str, now: datetime
) -> None:
    session.execute(
        update(_D)
        .where(_D.id == row_id)
        .values(
            title=title,
            yaml_text=yaml_text,
            doubted=doubted,
            version=_D.version + 1,
            updated_at=now,
        )
    )


def remove(session: Connection, chat_id: int, deck_id: str) -> bool:
    gone = session.execute(delete(_D).where(_D.chat_id == chat_id, _D.deck_id == deck_id))
    session.execute(
        delete(DeckSwitch).where(DeckSwitch.chat_id == chat_id, DeckSwitch.deck_id == deck_id)
    )
    return gone.rowcount > 0


def switched_off(session: Connection, chat_id: int) -> set[str]:
    return set(
        session.execute(select(DeckSwitch.deck_id).where(DeckSwitch.chat_id == chat_id)).scalars()
    )


def switch(session: Connection, chat_id: int, deck_id: str, on: bool) -> bool:
    """Switch a deck on or off here; False when it already was."""
    if on:
        done = session.execute(
            delete(DeckSwitch).where(DeckSwitch.chat_id == chat_id, DeckSwitch.deck_id == deck_id)
        )
    else:
        stmt = insert_for(session, DeckSwitch).values(chat_id=chat_id, deck_id=deck_id)
        done = session.execute(stmt.on_conflict_do_nothing())
    return done.rowcount > 0


def retired(session: Connection, chat_id: int) -> set[str]:
    return set(
        session.execute(
            select(RetiredQuestion.question_key).where(RetiredQuestion.chat_id == chat_id)
        ).scalars()
    )


def retire(session: Connection, chat_id: int, question_key: str, now: datetime) -> bool:
    """Retire a question in a chat; False when it already was."""
    stmt = insert_for(session, RetiredQuestion).values(
        chat_id=chat_id, question_key=question_key, retired_at=now
    )
    return session.execute(stmt.on_conflict_do_nothing()).rowcount > 0


def answered_instance(
    session: Connection, instance_id: int, learner_id: int
) -> tuple[int, str] | None:
    """(chat id, question key) of a question this learner answered, or None."""
    row = session.execute(
        select(QuizInstance.chat_id, QuizInstance.question_key)
        .join(Answer, Answer.instance_id == QuizInstance.id)
        .where(QuizInstance.id == instance_id, Answer.learner_id == learner_id)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def report(
    session: Connection,
    *,
    chat_id: int,
    question_key: str,
    learner_id: int,
    reason: str,
    now: datetime,
) -> bool:
    """Record a report; False when this learner already reported this question here."""
    stmt = insert_for(session, QuestionReport).values(
        chat_id=chat_id,
        question_key=question_key,
        learner_id=learner_id,
        reason=reason,
        created_at=now,
    )
    return session.execute(stmt.on_conflict_do_nothing()).rowcount > 0


def report_counts(session: Connection, chat_id: int) -> dict[str, dict[str, int]]:
    """Per question key, how many reports of each reason this chat has."""
    rows = session.execute(
        select(QuestionReport.question_key, QuestionReport.reason, func.count())
        .where(QuestionReport.chat_id == chat_id)
        .group_by(QuestionReport.question_key, QuestionReport.reason)
    )
    counts: dict[str, dict[str, int]] = {}
    for key, reason, n in rows:
        counts.setdefault(key, {})[reason] = n
    return counts
