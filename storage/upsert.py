"""INSERT … ON CONFLICT for whichever backend the session is bound to, and statements built
once per backend.

Building a SQLAlchemy statement (columns, RETURNING, ON CONFLICT, its cache key) costs more
than SQLite takes to run it; the hot paths — answering, picking the next question — build each
statement once with bind parameters and reuse it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

_built: dict[tuple[Callable[..., Any], str], Any] = {}


def insert_for(session: AsyncConnection, table):
    """The dialect's insert(), which has on_conflict_do_nothing/do_update."""
    return _insert_module(session).insert(table)


def _insert_module(session: AsyncConnection):
    return postgresql if session.dialect.name == "postgresql" else sqlite


def prepared(session: AsyncConnection, build: Callable[[Callable[[Any], Any]], Any]) -> Any:
    """The statement `build(insert)` makes for this session's backend, built the first time."""
    module = _insert_module(session)
    key = (build, module.__name__)
    statement = _built.get(key)
    if statement is None:
        statement = _built[key] = build(module.insert)
    return statement
