"""Chat repository: the places questions are asked (a private chat, a group, a channel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, select, update

from storage import deliveries
from storage.models import Chat, Subscription
from storage.records import ChatRecord
from storage.upsert import prepared

_T = Chat.__table__
_RETURNED = (_T.c.id, _T.c.is_group, _T.c.timezone)


def _upsert(insert, retitle: bool):
    stmt = insert(_T).values(
        platform=bindparam("platform"),
        workspace=bindparam("workspace"),
        external_id=bindparam("external_id"),
        is_group=bindparam("is_group"),
        title=bindparam("title"),
        created_at=bindparam("now", type_=_T.c.created_at.type),
    )
    # An update without a title (a button tap) keeps the one we have.
    refresh = {"title": stmt.excluded.title} if retitle else {"is_group": stmt.excluded.is_group}
    return stmt.on_conflict_do_update(
        index_elements=["platform", "workspace", "external_id"], set_=refresh
    ).returning(*_RETURNED)


def _upsert_titled(insert):
    return _upsert(insert, True)


def _upsert_untitled(insert):
    return _upsert(insert, False)


def ensure_chat(
    session: Connection,
    platform: str,
    workspace: str,
    external_id: str,
    *,
    is_group: bool,
    title: str,
    now: datetime,
) -> ChatRecord:
    """Return the chat, creating it on first sight."""
    params = {
        "platform": platform,
        "workspace": workspace,
        "external_id": external_id,
        "is_group": is_group,
        "title": title,
        "now": now,
    }
    stmt = prepared(session, _upsert_titled if title else _upsert_untitled)
    return ChatRecord(*(session.execute(stmt, params)).one())


def find_chat(
    session: Connection, platform: str, workspace: str, external_id: str
) -> ChatRecord | None:
    row = (
        session.execute(
            select(Chat.id, Chat.is_group, Chat.timezone).where(
                Chat.platform == platform,
                Chat.workspace == workspace,
                Chat.external_id == external_id,
            )
        )
    ).one_or_none()
    return None if row is None else ChatRecord(*row)


def delete_private_chat(
    session: Connection, platform: str, workspace: str, external_id: str
) -> None:
    """Remove a one-person chat with everything asked in it (its questions, subscription)."""
    where = (
        Chat.platform == platform,
        Chat.workspace == workspace,
        Chat.external_id == external_id,
        Chat.is_group.is_(False),
    )
    deliveries.delete_of(session, Subscription.chat_id.in_(select(Chat.id).where(*where)))
    session.execute(delete(Chat).where(*where))


def set_timezone(session: Connection, chat_id: int, timezone: str) -> None:
    """The zone a channel's weeks and daily question follow."""
    session.execute(update(Chat).where(Chat.id == chat_id).values(timezone=timezone))
