"""Shared paths and helpers for the importer tests."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot import cli_import
from content.importer.build import Built, build
from content.importer.parser import parse
from content.importer.tree import Memo

HERE = Path(__file__).parent
MEMOS = HERE / "memos"
ROOT = HERE.parents[2]
# The memo the shipped deck was written from; it ships with the deck.
SEED = ROOT / "content" / "memos" / "aws-study-memo-0916.md"
HAND_DECK = ROOT / "content" / "decks" / "aws-0916.yaml"
OWN_MEMOS = sorted(p for p in MEMOS.glob("*.md") if p != SEED)
ALL_MEMOS = [SEED, *OWN_MEMOS]


def parser() -> argparse.ArgumentParser:
    """`studybot`'s parser with just the import command, as bot/cli.py wires it."""
    main = argparse.ArgumentParser(prog="studybot")
    sub = main.add_subparsers(dest="command", required=True)
    cli_import.add_parser(sub)
    return main


def studybot_import(*args: str | Path) -> int:
    parsed = parser().parse_args(["import", *map(str, args)])
    return parsed.handler(parsed)


def read_and_build(text: str, name: str = "memo") -> tuple[Memo, Built]:
    """A memo's section tree and the draft deck built from it, as `studybot import` does."""
    memo = parse(text, name)
    return memo, build(memo, "deck", f"{name}.md")
