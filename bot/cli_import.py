"""`studybot import`: the command-line glue around content.importer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from content.importer import ImportInputError, Request, Result, run_import
from content.importer.report import kind_counts, render
from content.loader import DeckError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `studybot import` on the main command's subparsers."""
    parser = subparsers.add_parser(
        "import",
        help="turn a markdown memo (or a CSV file) into a draft deck",
        description=(
            "Write a draft deck from a study memo: topics from its structure, a summary for "
            "each, and generated questions marked `generated: true` for review."
        ),
    )
    parser.add_argument("memo", type=Path, help="the memo (markdown or plain text), or a CSV")
    parser.add_argument(
        "--deck-id", default=None, help="deck id (default: from the file name, or the old deck)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="deck file to write (default: <memo name>.yaml here); an existing deck there is "
        "re-imported: unchanged questions keep their ids. With --merge, the deck to add to",
    )
    parser.add_argument(
        "--merge", action="store_true", help="add the memo's topics to the deck at --out"
    )
    parser.add_argument(
        "--report", action="store_true", help="print the quality report (kinds, topics, doubts)"
    )
    parser.add_argument(
        "--csv",
        action="store_true",
        help="the input is CSV: topic, question, options (a|b|c), answer index, explanation",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    request = Request(
        path=args.memo,
        out=args.out,
        deck_id=args.deck_id,
        merge=args.merge,
        csv=args.csv,
    )
    try:
        result = run_import(request)
    except ImportInputError as exc:
        for detail in exc.details:
            print(f"studybot: {detail}", file=sys.stderr)
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except DeckError as exc:  # the importer made a deck the loader refuses: say what
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(
            "studybot: the generated deck did not pass the deck check; nothing was written",
            file=sys.stderr,
        )
        return 1
    for warning in result.warnings:
        print(f"studybot: {warning}", file=sys.stderr)
    if args.report:
        print(render(result))
    print(_summary(result))
    return 0


def _summary(result: Result) -> str:
    deck = result.deck
    if result.built is None:
        added = f"{result.csv_rows} question(s) from CSV"
    else:
        kinds = ", ".join(f"{n} {kind}" for kind, n in kind_counts(result).items() if n)
        added = f"{len(result.built.drafts)} generated question(s) ({kinds})"
    parts = [
        f"wrote {result.out}: deck '{deck.id}', {len(deck.topics)} topics, "
        f"{len(deck.questions)} questions; {added}"
    ]
    if result.kept:
        parts.append(f"kept {result.kept} question(s) that were in the deck")
    if result.retired:
        parts.append(f"{len(result.retired)} retired id(s) listed at the top of the file")
    if result.built is not None:
        doubtful = sum(1 for _, d in result.built.drafts if d.doubts)
        if doubtful:
            parts.append(f"{doubtful} doubtful (see --report)")
    return "; ".join(parts) + ". Review it, then serve it from content/decks/ or DECKS."
