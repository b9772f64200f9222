"""Drill tests' deck (tests/fixtures/decks/pairs.yaml) and how to find a shown option.

Retiring `pairs/fh-1` in a chat leaves the firehose-vs-streams pair one side short there:
the tests use it for "a pair this chat cannot drill"."""

from __future__ import annotations

from pathlib import Path

from content.catalog import Catalog, CatalogQuestion

PAIRS_DECK = Path(__file__).parent.parent / "fixtures" / "decks" / "pairs.yaml"


def pairs_catalog() -> Catalog:
    return Catalog.from_paths([PAIRS_DECK])


def asked(catalog: Catalog, text: str) -> CatalogQuestion:
    """The question whose prompt a message shows."""
    return next(q for q in catalog.questions.values() if q.prompt in text)


def label(catalog: Catalog, text: str, right: bool = True) -> str:
    """The text of the shown question's right option (or of its first wrong one)."""
    q = asked(catalog, text)
    return q.options[q.answer] if right else next(o for o in q.options if o != q.options[q.answer])
