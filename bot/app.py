"""Start-up: settings → decks → database → engine, built once and handed to the adapters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import content
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.engine import Engine
from content.catalog import Catalog
from content.loader import load_decks
from storage.db import Database

BUILTIN_DECKS = Path(content.__file__).parent / "decks"


def deck_paths(settings: Settings) -> list[Path]:
    return [BUILTIN_DECKS, *settings.deck_paths()]


@dataclass
class App:
    engine: Engine
    db: Database
    settings: Settings

    async def close(self) -> None:
        await self.engine.progress.painter.aclose()
        await self.db.close()


async def build(
    settings: Settings, *, database_url: str | None = None, clock: Clock | None = None
) -> App:
    """Load and check the decks, open and migrate the database, and build the engine.

    A bad deck raises DeckError and a bad database DatabaseUnavailable: nothing starts half-way.
    """
    loaded = load_decks(deck_paths(settings))
    catalog = Catalog(item.deck for item in loaded)
    db = Database(database_url or settings.database_url)
    try:
        await db.migrate()
    except BaseException:
        await db.close()
        raise
    engine = Engine(
        db, catalog, clock or SystemClock(), default_timezone=settings.default_timezone
    )
    engine.decks.titles.update((item.deck.id, item.deck.title) for item in loaded)
    return App(engine=engine, db=db, settings=settings)
