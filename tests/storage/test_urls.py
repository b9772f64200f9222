"""DATABASE_URL forms people paste, mapped to the drivers studybot runs on."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import DatabaseUrlError, engine_url, sqlite_path


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///studybot.db", "sqlite:///studybot.db"),
        ("sqlite:////var/lib/s.db", "sqlite:////var/lib/s.db"),
        ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgres://u@h/db?sslmode=require", "postgresql+asyncpg://u@h/db?ssl=require"),
    ],
)
def test_urls_map_to_the_drivers(given, expected):
    assert engine_url(given) == expected


@pytest.mark.parametrize("bad", ["nonsense", "", "mysql://u@h/db", "postgres://"])
def test_bad_urls_are_refused(bad):
    with pytest.raises(DatabaseUrlError):
        engine_url(bad)


def test_sqlite_path():
    assert sqlite_path("sqlite:///a/b.db") == Path("a/b.db")
    assert sqlite_path("postgresql://u@h/db") is None
