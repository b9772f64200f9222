"""Write a deck as YAML an author can review, and prove it loads before replacing anything."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from content.importer.ids import RETIRED_MARK
from content.loader import DeckError, LoadedDeck, load_deck

_BASE = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: faster


class _Dumper(_BASE):  # type: ignore[valid-type,misc]
    """Multi-line text as `|-` blocks: prompts read as they will be shown."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|" if "\n" in value and not any(ln != ln.strip() for ln in value.split("\n")) else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def header(source: str, retired: list[str], generated: bool = True) -> list[str]:
    lines = [
        f"# Draft deck made by `studybot import` from {source}.",
        "# Review it: fix or delete questions, and set `generated: false` on those you",
        "# rewrite so that a re-import keeps your version. `studybot check` validates it;",
        "# serve it from content/decks/ or list it in the DECKS setting.",
    ]
    if not generated:
        lines = [
            f"# Deck made by `studybot import --csv` from {source}. Questions marked",
            "# `generated: true` are replaced when the CSV is imported again; set",
            "# `generated: false` on those you edit here to keep your version.",
        ]
    if retired:
        lines.append(f"{RETIRED_MARK} ids whose memo lines changed or went away. Answers to")
        lines.append("#   them stay in the learners' history; an id only returns with its line:")
        lines.extend(f"#   - {rid}" for rid in retired)
    return lines


def dump(data: dict[str, Any], comment: list[str]) -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
        default_flow_style=False,
    )
    return "\n".join(comment) + "\n" + body


def write_checked(path: Path, text: str) -> LoadedDeck:
    """Write `text` next to `path`, load it with the real loader, then move it into place;
    on any problem the old file stays untouched and DeckError (or OSError) is raised."""
    folder = path.parent if str(path.parent) else Path(".")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".yaml", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        loaded = load_deck(temp)
        temp.chmod(mode)  # mkstemp makes the file private; a deck is an ordinary file
        os.replace(temp, path)
    except (DeckError, OSError):
        temp.unlink(missing_ok=True)
        raise
    return LoadedDeck(loaded.deck, path, loaded.lines)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
