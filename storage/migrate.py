"""Bring a database's schema to the newest Alembic revision."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text

if TYPE_CHECKING:  # storage.db calls upgrade(); the type is all this module needs of it
    from storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5747_0001  # an arbitrary constant that names studybot's migration lock


def head() -> str:
    """The newest revision, the one `upgrade()` brings a database to."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(db: Database, revision: str = "head") -> tuple[str | None, str | None]:
    """Apply every migration not yet applied; a no-op on an up-to-date database. Returns the
    revision before and after (None before: the database had no schema)."""
    async with db.transaction() as tx:
        return await tx.run_sync(_run, "upgrade", revision)


async def downgrade(db: Database, revision: str) -> None:
    """Take the schema back to an older revision (to roll back a release)."""
    async with db.transaction() as tx:
        await tx.run_sync(_run, "downgrade", revision)


async def current(db: Database) -> str | None:
    async with db.transaction() as tx:
        return await tx.run_sync(_revision)


def describe(url: str) -> str:
    """Where a database URL points, without its credentials: a file, or host/name."""
    from storage.db import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return str(path)
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}{parts.path}" if parts.hostname else "memory"


def _revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _run(connection: Connection, action: str, revision: str) -> tuple[str | None, str | None]:
    if connection.dialect.name == "postgresql":
        # Two processes starting together on a fresh database must not both create tables:
        # the first takes this lock until its migration commits, the second then finds it done.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    before = _revision(connection)
    config = alembic_config()
    config.attributes["connection"] = connection
    getattr(command, action)(config, revision)
    return before, _revision(connection)
