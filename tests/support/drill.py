"""Drill tests' deck (tests/fixtures/decks/pairs.yaml) and how to find a shown option."""

from __future__ import annotations

from pathlib import Path

from content.catalog import Catalog, CatalogQuestion
from content.loader import load_deck

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


def switch_off(engine, topic_id: str) -> None:
    """Drills then see the pairs deck without one topic's questions, as in a chat that
    switched that topic off. Stands in for per-chat deck switching, which lands separately:
    it plugs into the same place (Drills.here)."""
    deck = load_deck(PAIRS_DECK).deck
    kept = deck.model_copy(
        update={
            "topics": [t for t in deck.topics if t.id != topic_id],
            "questions": [q for q in deck.questions if q.topic != topic_id],
        }
    )
    here = Catalog([kept])
    engine.drills.here = lambda _conn, _chat: here
