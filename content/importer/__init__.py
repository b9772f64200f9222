"""The memo importer: a markdown memo (or a CSV file) in, a reviewed-to-be deck YAML out.

`run_import` reads the input, parses it (parser.py), generates questions (generators.py and
the kind modules), gives them stable ids and combines them with the deck already at the
output path (ids.py), writes YAML that the real loader has accepted (writer.py), and returns
what the quality report (report.py) needs. Layout rules and ids: content/IMPORT.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from content.importer import csv_import, ids, wording
from content.importer.build import MAX_QUESTIONS, Built, build, default_deck_id
from content.importer.parser import parse
from content.importer.source import ImportInputError, read_text
from content.importer.tree import Memo, Section
from content.importer.writer import dump, header, write_checked
from content.loader import DeckError, load_deck
from content.schema import Deck
from content.validator import check_deck

__all__ = ["ImportInputError", "Request", "Result", "run_import"]


@dataclass
class Request:
    path: Path
    out: Path | None = None
    deck_id: str | None = None
    merge: bool = False
    csv: bool = False


@dataclass
class Result:
    out: Path
    deck: Deck
    memo: Memo | None = None
    built: Built | None = None
    retired: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept: int = 0  # questions carried over unchanged from the deck that was there
    csv_rows: int = 0


def run_import(request: Request) -> Result:
    """Import and write; raise ImportInputError (nothing written) for input that cannot be
    imported, DeckError if the result would not load (a bug: nothing is written either)."""
    path = request.path
    if request.merge and request.out is None:
        raise ImportInputError("--merge needs --out DECK.yaml: the deck to add the topics to")
    out = request.out or Path(f"{path.stem}.yaml")
    if out.exists() and path.exists() and out.resolve() == path.resolve():
        raise ImportInputError(f"{out}: the output would overwrite the input")
    if request.deck_id is not None and not ids.valid_id(request.deck_id, ids.MAX_TOPIC_ID):
        raise ImportInputError(
            f"--deck-id '{request.deck_id}': use lowercase letters, digits, - and _ "
            f"(at most {ids.MAX_TOPIC_ID} characters)"
        )
    text = read_text(path)
    old, old_retired = _previous(out, request.merge)
    if old is not None and not request.merge and old.source and old.source != path.name:
        raise ImportInputError(
            f"{out}: holds the deck made from {old.source}; add --merge to add {path.name}'s "
            "topics to it, or choose another --out"
        )
    deck_id = request.deck_id or (old.id if old is not None else default_deck_id(path.stem))
    result_warnings = list(text.warnings)
    memo: Memo | None = None
    built: Built | None = None
    csv_rows = 0
    if request.csv:
        made = csv_import.build(text.text, str(path), deck_id, path.stem)
        result_warnings.extend(made.problems)
        if not made.rows:
            raise ImportInputError(f"{path}: no usable rows", details=made.problems)
        data, csv_rows = made.data, made.rows
    else:
        memo = parse(text.text, fallback_title=path.stem)
        reserved = {t.id: t.source_section or t.title for t in old.topics} if old else None
        built = build(memo, deck_id, path.name, reserved if request.merge else None)
        result_warnings.extend(_memo_warnings(path, memo, built))
        if not built.data["questions"]:
            raise ImportInputError(f"{path}: {_nothing_reason(memo, built)}")
        data = built.data
    combined = ids.combine(data, old, request.merge, old_retired)
    comment = header(path.name, combined.retired, generated=not request.csv)
    try:
        loaded = write_checked(out, dump(combined.data, comment))
    except OSError as exc:
        raise ImportInputError(f"{out}: cannot write it ({exc.strerror})") from None
    return Result(
        out=out,
        deck=loaded.deck,
        memo=memo,
        built=built,
        retired=combined.retired,
        warnings=result_warnings,
        kept=combined.kept,
        csv_rows=csv_rows,
    )


def _previous(out: Path, merge: bool) -> tuple[Deck | None, list[str]]:
    if not out.exists():
        if merge:
            raise ImportInputError(f"{out}: no such deck to merge into")
        return None, []
    try:
        text = out.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    deck = _quick_load(text)
    if deck is None:  # the real loader says what is wrong, with a line number
        try:
            deck = load_deck(out).deck
        except DeckError as exc:
            raise ImportInputError(
                f"{out} exists and is not a valid deck ({exc.problems[0]}); "
                "fix it or choose another --out"
            ) from None
    return deck, ids.read_retired(text)


def _quick_load(text: str) -> Deck | None:
    """The deck through libyaml and the same schema and checks as the loader, or None."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        deck = Deck.model_validate(yaml.load(text, Loader=loader))
    except (yaml.YAMLError, ValidationError, ValueError):
        return None
    return deck if not check_deck(deck) else None


def _memo_warnings(path: Path, memo: Memo, built: Built) -> list[str]:
    found: list[str] = []
    if not any(t.form != "root" for t in memo.topics):
        found.append(
            f"{path}: no headings or title lines found; the whole memo was read as one topic"
        )
    elif len(memo.topics) == 1:
        found.append(
            f"{path}: only one topic found, so no topic could lend its name as a wrong option"
        )
    if built.left_out:
        found.append(
            f"{path}: {built.left_out} more question(s) were left out: a deck holds at most "
            f"{MAX_QUESTIONS} generated questions; split the memo to get them all"
        )
    if built.empty_topics:
        names = ", ".join(f"'{_short(t)}'" for t in built.empty_topics[:5])
        more = " …" if len(built.empty_topics) > 5 else ""
        found.append(
            f"{path}: {len(built.empty_topics)} topic(s) gave no question and were left out: "
            f"{names}{more}"
        )
    return found


def _short(topic: Section) -> str:
    return wording.shorten(topic.title, 40)


def _nothing_reason(memo: Memo, built: Built) -> str:
    if built.unread:
        line, shown = built.unread[0]
        return (
            f"no questions could be generated: all {len(built.unread)} showed markup this "
            f"importer does not read (line {line}: {shown})"
        )
    if not any(t.form != "root" for t in memo.topics):
        return (
            "no questions could be generated: the memo has no structure to build them from "
            "(no headings or title lines, no A = B, X → Y or 'Term: meaning' lines)"
        )
    return (
        f"no questions could be generated from its {len(memo.topics)} topic(s): they need "
        "sibling sections, definition lines (A = B, X → Y, 'Term: meaning') or tables"
    )
