"""INSERT … ON CONFLICT for whichever backend the session is bound to."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession, table):
    """The dialect's insert(), which has on_conflict_do_nothing/do_update."""
    name = session.get_bind().dialect.name
    module = postgresql if name == "postgresql" else sqlite
    return module.insert(table)
