"""The schema's complaints in a deck author's words, and the deck checks that still apply.

pydantic names a place as `questions.2.difficulty` (0-based) and says "Extra inputs are not
permitted"; an author looks for the question's id and wants to hear "unknown field". When the
schema refuses a deck, the checks across the deck (content/validator.py) still run on the
items the schema accepted, so one `studybot check` reports every problem at once.
"""

from __future__ import annotations

import copy
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from content.schema import ID_PATTERN, Deck
from content.validator import check_deck

Loc = tuple[Any, ...]
# Union members add their type to the location; in a deck file they are the kinds of value.
_UNION_KINDS = {"bool": "true or false", "int": "a whole number"}
# Valid values for the deck's own fields, so a bad title does not stop the question checks.
_STAND_INS = {"id": "deck", "title": "deck", "language": "en", "source": ""}


def schema_findings(exc: ValidationError, data: dict) -> list[tuple[Loc, str]]:
    """(location, message) for each schema error, then for each problem the deck checks find
    in the items the schema accepted."""
    said: dict[Loc, str] = {}
    kinds: dict[Loc, list[str]] = {}
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if p not in _UNION_KINDS)
        if loc != tuple(error["loc"]):
            kinds.setdefault(loc, []).append(_UNION_KINDS[error["loc"][-1]])
        said.setdefault(loc, _message(loc, error, data))
    for loc, choices in kinds.items():
        said[loc] = f"{place(loc, data)} should be {' or '.join(choices)}"
    return [*said.items(), *_checks_of_the_rest(exc, data)]


def _message(loc: Loc, error: dict, data: dict) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        allowed = _fields(loc[:-1])
        known = f" (the fields are: {', '.join(allowed)})" if allowed else ""
        return f"{place(loc[:-1], data)}: unknown field '{field}'{known}"
    if kind == "missing":
        return f"{place(loc[:-1], data)}: '{field}' is missing"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        said = "is empty"
    elif kind == "string_too_long":
        said = f"is {len(value)} characters; at most {ctx['max_length']}"
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        said = "may hold only a–z, 0–9, '-' and '_', starting with a letter or digit"
    elif kind == "literal_error":
        said = f"should be {ctx['expected']}"
    else:
        said = error["msg"][0].lower() + error["msg"][1:]
    shown = f" ('{value}')" if isinstance(value, str | int) and 0 < len(str(value)) <= 40 else ""
    return f"{place(loc, data)}{shown} {said}"


def located(loc: Loc, message: str, data: dict) -> str:
    """A deck check's message with the item it is about: "question 'q3': duplicate …"."""
    if len(loc) >= 2 and isinstance(loc[1], int):
        where = place(loc[:2], data)
        # A message that already starts by naming its item needs no second mention.
        return message if message.startswith(where) else f"{where}: {message}"
    return message


def place(loc: Loc, data: dict) -> str:
    """ "question 'q3'", "question 'q3': options 2" or "the deck": where an author looks."""
    if not loc:
        return "the deck"
    words: list[str] = []
    rest = loc
    if len(loc) >= 2 and isinstance(loc[1], int):
        section, index = loc[0], loc[1]
        item = _item(data, section, index)
        singular = str(section).removesuffix("s")
        ident = item.get("id") if isinstance(item, dict) else None
        ok = isinstance(ident, str) and ident
        words.append(f"{singular} '{ident}'" if ok else f"{singular} number {index + 1}")
        rest = loc[2:]
    path = " ".join(str(p + 1) if isinstance(p, int) else str(p) for p in rest)
    return ": ".join([*words, path] if path else words)


def _item(data: dict, section: Any, index: int) -> Any:
    items = data.get(section)
    return items[index] if isinstance(items, list) and index < len(items) else None


def _fields(loc: Loc) -> list[str]:
    """The fields the schema allows at `loc` (the deck, or an item of one of its lists)."""
    model: type[BaseModel] | None = Deck
    if loc:
        field = Deck.model_fields.get(str(loc[0]))
        args = typing.get_args(field.annotation) if field else ()
        model = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None or len(loc) != 2:
            return []
    return list(model.model_fields)


def _checks_of_the_rest(exc: ValidationError, data: dict) -> Iterator[tuple[Loc, str]]:
    """The deck checks on a copy without the unknown fields and the items the schema refused,
    their locations mapped back to the file's own numbering."""
    rest = copy.deepcopy(data)
    dropped: dict[Any, set[int]] = {}
    for error in exc.errors():
        loc = error["loc"]
        if error["type"] == "extra_forbidden" and len(loc) == 3 and isinstance(loc[1], int):
            item = _item(rest, loc[0], loc[1])
            if isinstance(item, dict):
                item.pop(loc[2], None)
        elif len(loc) >= 2 and isinstance(loc[1], int) and isinstance(rest.get(loc[0]), list):
            dropped.setdefault(loc[0], set()).add(loc[1])
        elif error["type"] == "extra_forbidden" and len(loc) == 1:
            rest.pop(loc[0], None)
        elif len(loc) == 1 and loc[0] in _STAND_INS:
            rest[loc[0]] = _STAND_INS[loc[0]]
        else:
            return  # the deck itself is broken: nothing to check it against
    kept: dict[Any, list[int]] = {}
    for section, indexes in dropped.items():
        kept[section] = [i for i in range(len(rest[section])) if i not in indexes]
        rest[section] = [rest[section][i] for i in kept[section]]
    try:
        deck = Deck.model_validate(rest)
    except ValidationError:
        return
    # A question of a refused topic is not "of an unknown topic": the topic's own error says it.
    topics = data.get("topics") or []
    refused_topics = {
        str(topics[i].get("id")) for i in dropped.get("topics", ()) if isinstance(topics[i], dict)
    }
    for loc, message in check_deck(deck):
        if loc[0] in kept and len(loc) >= 2 and isinstance(loc[1], int):
            loc = (loc[0], kept[loc[0]][loc[1]], *loc[2:])
        if any(message == f"unknown topic '{t}'" for t in refused_topics):
            continue
        yield loc, located(loc, message, data)
