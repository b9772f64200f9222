"""Database URLs, engines and transactions: SQLite on the loop thread, PostgreSQL on asyncpg.

Repositories take a `Connection` inside the use case's transaction and never commit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import QueuePool


class DatabaseUrlError(ValueError):
    """The URL names no database studybot can use."""


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or prepared; the message says why, in one line."""


def engine_url(url: str) -> str:
    """Map the URL forms people paste (sqlite:///, postgres://, postgresql://) to the driver
    studybot runs on: the standard library's sqlite3, or asyncpg."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep or not rest:
        raise DatabaseUrlError(
            f"'{url}' is not a database URL (use sqlite:///PATH or postgresql://USER@HOST/DB)"
        )
    scheme = scheme.lower()
    if scheme in ("sqlite", "sqlite+pysqlite"):
        return "sqlite://" + rest
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
    mapped = engine_url(url)
    if not mapped.startswith("sqlite"):
        return None
    path = mapped.split(":///", 1)[1] if ":///" in mapped else ""
    path = path.split("?", 1)[0]
    path = path.removeprefix("file:")  # SQLite's URI form (…?mode=ro&uri=true)
    return Path(path) if path and path != ":memory:" else None


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
    thread. SQLite on a local file answers in microseconds, less than a hop to a worker thread
    (aiosqlite) or a greenlet switch (SQLAlchemy's async engine) would cost.
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
    """One engine and its transactions; `transaction()` is the unit of work of a use case.

    PostgreSQL runs on SQLAlchemy's async engine over asyncpg, with a pool. SQLite has one
    writer: its transactions run one at a time on a plain synchronous engine, on the loop
    thread, and so do its migrations (Alembic is synchronous anyway).
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        mapped = engine_url(url)
        self._async: AsyncEngine | None = None
        self._sync: Engine | None = None
        if mapped.startswith("sqlite"):
            path = sqlite_path(url)
            if path is not None and not path.parent.is_dir():
                # Never created silently: a typo in the path would start an empty database.
                raise DatabaseUnavailable(
                    f"cannot open the database: folder '{path.parent}' does not exist "
                    "(create it, or correct DATABASE_URL)"
                )
            self._sync = sa_create_engine(
                mapped,
                echo=echo,
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=0,
                # begin() always ends in COMMIT or ROLLBACK; a second rollback on return to
                # the pool would only cost time on the hot path.
                pool_reset_on_return=None,
            )
            event.listen(self._sync, "connect", _sqlite_pragmas)
        else:
            self._async = create_async_engine(mapped, echo=echo, pool_pre_ping=True, pool_size=10)
        self._turn = asyncio.Lock()

    @property
    def dialect(self) -> str:
        return self.sync_engine.dialect.name

    @property
    def sync_engine(self) -> Engine:
        """The synchronous engine underneath (for event listeners in tools and benchmarks)."""
        return self._sync if self._sync is not None else self._async.sync_engine  # type: ignore[union-attr]

    @property
    def parallel_writes(self) -> bool:
        """Whether write transactions can run side by side (PostgreSQL; not SQLite)."""
        return self._sync is None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        if self._async is not None:
            async with self._async.begin() as connection:
                yield connection
            return
        assert self._sync is not None
        async with self._turn:
            with self._sync.begin() as connection:
                yield _SyncUnit(connection)  # type: ignore[misc]

    async def migrate(self) -> tuple[str | None, str | None]:
        """Create or upgrade the schema; a broken or unreachable database is one clear error.
        Returns the schema revision before (None: there was none) and after."""
        from storage.migrate import upgrade

        try:
            revisions = await upgrade(self)
        except (OSError, SQLAlchemyError) as exc:
            raise DatabaseUnavailable(f"cannot open the database: {_reason(exc)}") from exc
        try:
            # A write that changes nothing: a read-only file or server fails here, at start,
            # not at every learner's first answer.
            async with self.transaction() as connection:
                await connection.execute(_TOUCH)
        except (OSError, SQLAlchemyError) as exc:
            raise DatabaseUnavailable(f"cannot write to the database: {_reason(exc)}") from exc
        return revisions

    async def close(self) -> None:
        if self._sync is not None:
            self._sync.dispose()
        if self._async is not None:
            await self._async.dispose()


_TOUCH = text("UPDATE alembic_version SET version_num = version_num")


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


__all__ = ["AsyncConnection", "Connection", "Database", "DatabaseUnavailable", "DatabaseUrlError"]
