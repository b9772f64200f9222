"""Read deck files into `Deck` objects, reporting every problem as `file:line: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from content.schema import Deck
from content.validator import check_deck

# Bigger than any plausible hand-written deck; stops a wrong path (a video, a dump) early.
MAX_DECK_BYTES = 5 * 1024 * 1024

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DeckError(Exception):
    """One or more deck files are broken; `problems` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class LoadedDeck:
    deck: Deck
    path: Path
    lines: dict[Path_, int]

    def line_of(self, loc: Path_) -> int:
        """The file line of a place in the deck, e.g. ("questions", 3, "options", 1)."""
        return _line_for(self.lines, loc)


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the YAML files they hold, keeping the given order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def load_deck(path: Path) -> LoadedDeck:
    """Load and validate one deck file; raise DeckError listing all its problems."""
    name = str(path)
    data, lines = _read_yaml(path)
    if not isinstance(data, dict):
        raise DeckError([Problem(name, 1, "a deck must be a mapping with id, title, topics, …")])
    try:
        deck = Deck.model_validate(data)
    except ValidationError as exc:
        raise DeckError(_schema_problems(name, exc, lines)) from None
    problems = [Problem(name, _line_for(lines, loc), message) for loc, message in check_deck(deck)]
    if problems:
        raise DeckError(problems)
    return LoadedDeck(deck=deck, path=path, lines=lines)


def load_decks(paths: Iterable[Path]) -> list[LoadedDeck]:
    """Load every deck under `paths`; collect the problems of all files before raising."""
    loaded: list[LoadedDeck] = []
    problems: list[Problem] = []
    files = deck_files(paths)
    if not files:
        raise DeckError([Problem(", ".join(map(str, paths)) or ".", 0, "no deck files found")])
    for file in files:
        try:
            loaded.append(load_deck(file))
        except DeckError as exc:
            problems.extend(exc.problems)
    seen: dict[str, Path] = {}
    for item in loaded:
        first = seen.setdefault(item.deck.id, item.path)
        if first != item.path:
            problems.append(
                Problem(
                    str(item.path),
                    _line_for(item.lines, ("id",)),
                    f"deck id '{item.deck.id}' is already used by {first}",
                )
            )
    if problems:
        raise DeckError(problems)
    return loaded


def _read_yaml(path: Path) -> tuple[Any, dict[Path_, int]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(name, 0, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_DECK_BYTES:
        raise DeckError([Problem(name, 0, f"file is larger than {MAX_DECK_BYTES} bytes")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DeckError([Problem(name, line, "file is not valid UTF-8")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DeckError([Problem(name, line, f"YAML syntax: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise DeckError([Problem(name, 1, f"YAML syntax: {exc}")]) from None
    if node is None:
        raise DeckError([Problem(name, 1, "file is empty")])
    lines: dict[Path_, int] = {}
    problems: list[Problem] = []
    data = _to_python(node, (), lines, yaml.SafeLoader(""), name, problems)
    if problems:
        raise DeckError(problems)
    return data, lines


def _to_python(
    node: yaml.Node,
    path: Path_,
    lines: dict[Path_, int],
    constructor: yaml.SafeLoader,
    name: str,
    problems: list[Problem],
) -> Any:
    """Build plain Python data while remembering the line of every key and item."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node)
            if key in out:
                problems.append(
                    Problem(name, key_node.start_mark.line + 1, f"duplicate key '{key}'")
                )
            out[key] = _to_python(value_node, (*path, key), lines, constructor, name, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _to_python(item, (*path, i), lines, constructor, name, problems)
            for i, item in enumerate(node.value)
        ]
    return constructor.construct_object(node)


def _line_for(lines: dict[Path_, int], loc: Path_) -> int:
    """The line of `loc`, or of its nearest enclosing item when the key itself is missing."""
    loc = tuple(loc)
    while loc and loc not in lines:
        loc = loc[:-1]
    return lines.get(loc, 1)


def _schema_problems(name: str, exc: ValidationError, lines: dict[Path_, int]) -> list[Problem]:
    problems = []
    for error in exc.errors():
        # Union members add their type name to the location; it means nothing in a deck file.
        loc = tuple(p for p in error["loc"] if p not in ("bool", "int"))
        field = ".".join(str(p) for p in loc) or "deck"
        problems.append(Problem(name, _line_for(lines, loc), f"{field}: {error['msg']}"))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]
