"""Database URLs, engines and sessions: SQLite on the loop thread, PostgreSQL on asyncpg."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool, QueuePool

from storage.sqlite_inline import connector


class DatabaseUrlError(ValueError):
    """The URL names no database studybot can use."""


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or prepared; the message says why, in one line."""


def async_url(url: str) -> str:
    """Map the URL forms people paste (sqlite:///, postgres://, postgresql://) to async drivers."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep or not rest:
        raise DatabaseUrlError(
            f"'{url}' is not a database URL (use sqlite:///PATH or postgresql://USER@HOST/DB)"
        )
    scheme = scheme.lower()
    if scheme in ("sqlite", "sqlite+aiosqlite"):
        return "sqlite+aiosqlite://" + rest
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        return _asyncpg_query("postgresql+asyncpg://" + rest)
    raise DatabaseUrlError(
        f"unsupported scheme '{scheme}' (use sqlite:///PATH or postgresql://USER@HOST/DB)"
    )


def _asyncpg_query(url: str) -> str:
    # Hosting providers hand out libpq-style `sslmode=`; asyncpg spells it `ssl=`.
    parts = urlsplit(url)
    query = [("ssl" if k == "sslmode" else k, v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for PostgreSQL or in-memory SQLite)."""
    mapped = async_url(url)
    if not mapped.startswith("sqlite"):
        return None
    path = mapped.split(":///", 1)[1] if ":///" in mapped else ""
    path = path.split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """An engine with the settings each backend needs for safe concurrent use."""
    mapped = async_url(url)
    if mapped.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # One connection, used on the loop thread: see storage/sqlite_inline.py.
        engine = create_async_engine(
            mapped,
            echo=echo,
            async_creator=connector(str(path) if path is not None else ":memory:"),
            poolclass=AsyncAdaptedQueuePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
            # engine.begin() always ends in COMMIT or ROLLBACK; a second rollback on return
            # to the pool would only cost time on the hot path.
            pool_reset_on_return=None,
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(mapped, echo=echo, pool_pre_ping=True, pool_size=10)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers run during a write; NORMAL is durable enough with WAL and much faster;
    # SQLite leaves foreign keys off unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Checkpoint the WAL every ~16 MB instead of every 4 MB: fewer pauses between answers.
    cursor.execute("PRAGMA wal_autocheckpoint=4000")
    cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of page cache
    cursor.close()


class _SyncUnit:
    """A synchronous SQLite transaction with the awaitable face of an AsyncConnection.

    Use cases call repositories through `run_sync`; here that is a plain call on the loop
    thread, with no greenlet switch and no pool checkout per transaction (bench/RESULTS.md).
    """

    def __init__(self, connection: Connection) -> None:
        self.sync_connection = connection
        self.dialect = connection.dialect

    async def run_sync(self, fn, *args, **kwargs):
        return fn(self.sync_connection, *args, **kwargs)

    async def execute(self, statement, parameters=None):
        return self.sync_connection.execute(statement, parameters)

    async def scalars(self, statement, parameters=None):
        return self.sync_connection.scalars(statement, parameters)

    async def scalar(self, statement, parameters=None):
        return self.sync_connection.scalar(statement, parameters)


class Database:
    """One engine and its sessions; `transaction()` is the unit of work for a use case."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = create_engine(url, echo=echo)
        self._sync: Engine | None = None
        if self.engine.dialect.name == "sqlite":
            # SQLite has one writer and answers in microseconds: run its transactions on the
            # loop thread, one at a time, on a plain synchronous engine.
            path = sqlite_path(url)
            self._sync = sa_create_engine(
                f"sqlite:///{path if path is not None else ':memory:'}",
                echo=echo,
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=0,
                pool_reset_on_return=None,
            )
            event.listen(self._sync, "connect", _sqlite_pragmas)
        self._turn = asyncio.Lock()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def parallel_writes(self) -> bool:
        """Whether write transactions can run side by side (PostgreSQL; not SQLite)."""
        return self._sync is None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        if self._sync is None:
            async with self.engine.begin() as connection:
                yield connection
            return
        async with self._turn:
            with self._sync.begin() as connection:
                yield _SyncUnit(connection)  # type: ignore[misc]

    async def migrate(self) -> None:
        """Create or upgrade the schema; a broken or unreachable database is one clear error."""
        from storage.migrate import upgrade

        try:
            await upgrade(self.engine)
        except (OSError, SQLAlchemyError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise DatabaseUnavailable(f"cannot open the database: {reason}") from exc

    async def close(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
        await self.engine.dispose()


# The type use cases annotate their unit of work with, without importing SQLAlchemy themselves.
# It is a Core connection in a transaction: every repository speaks Core, and skipping the ORM
# session's bookkeeping is a fifth of the cost of an answer (bench/RESULTS.md).
Session = AsyncConnection
# What a synchronous piece of a use case receives from Session.run_sync.
SyncSession = Connection
