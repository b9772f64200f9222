"""Chat repository: the places questions are asked (a private chat, a group, a channel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat
from storage.records import ChatRecord
from storage.upsert import insert_for


async def ensure_chat(
    session: AsyncSession,
    platform: str,
    workspace: str,
    external_id: str,
    *,
    is_group: bool,
    title: str,
    now: datetime,
) -> ChatRecord:
    """Return the chat, creating it on first sight."""
    stmt = insert_for(session, Chat).values(
        platform=platform,
        workspace=workspace,
        external_id=external_id,
        is_group=is_group,
        title=title,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "workspace", "external_id"],
        set_={"title": stmt.excluded.title} if title else {"is_group": stmt.excluded.is_group},
    ).returning(Chat.id, Chat.is_group, Chat.timezone)
    row = (await session.execute(stmt)).one()
    return ChatRecord(*row)


async def find_chat(
    session: AsyncSession, platform: str, workspace: str, external_id: str
) -> ChatRecord | None:
    row = (
        await session.execute(
            select(Chat.id, Chat.is_group, Chat.timezone).where(
                Chat.platform == platform,
                Chat.workspace == workspace,
                Chat.external_id == external_id,
            )
        )
    ).one_or_none()
    return None if row is None else ChatRecord(*row)


async def delete_private_chat(
    session: AsyncSession, platform: str, workspace: str, external_id: str
) -> None:
    """Remove a one-person chat with everything asked in it (its questions, subscription)."""
    await session.execute(
        delete(Chat).where(
            Chat.platform == platform,
            Chat.workspace == workspace,
            Chat.external_id == external_id,
            Chat.is_group.is_(False),
        )
    )


async def set_timezone(session: AsyncSession, chat_id: int, timezone: str) -> None:
    """The zone a channel's weeks and daily question follow."""
    await session.execute(update(Chat).where(Chat.id == chat_id).values(timezone=timezone))
