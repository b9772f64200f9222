"""A file sent in a chat, as bytes, turned into a checked deck: a memo or CSV through the
importer, a deck YAML through the real loader and validator.

The importer and the loader work on files (they name problems by path and line), so the bytes
go through a private temporary folder and every message names the file as the sender called
it. Nothing here touches the database: the caller stores the result only when this returns.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content.importer import ImportInputError, Request, run_import
from content.loader import DeckError, load_deck
from content.schema import Deck

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MEMO_SUFFIXES = frozenset(
    {".md", ".markdown", ".txt", ".org", ".adoc", ".asciidoc", ".rst", ".wiki", ".html", ".htm"}
)
CSV_SUFFIXES = frozenset({".csv"})
DECK_SUFFIXES = frozenset({".yaml", ".yml"})
SUFFIXES = MEMO_SUFFIXES | CSV_SUFFIXES | DECK_SUFFIXES
MAX_PROBLEMS = 5
# Signatures of the files people send by mistake (pictures, PDFs, office files, archives).
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"RIFF", b"BM")
_UNSAFE = re.compile(r"[^\w.\- ]+")


class Refused(Exception):
    """The file cannot become a deck: `key` names the catalogue message, `values` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Imported:
    deck: Deck
    yaml_text: str
    doubted: list[str] = field(default_factory=list)  # question ids the importer doubted
    retired: list[str] = field(default_factory=list)  # ids a re-import removed
    kept: int = 0
    # Memo lines whose questions were left out for markup the importer does not read.
    unread: list[int] = field(default_factory=list)


def safe_name(file_name: str) -> str:
    """The sender's file name without folders or characters a file system may refuse."""
    name = _UNSAFE.sub("_", Path(file_name.replace("\\", "/")).name).strip(" .")
    return name[:120] or "memo.txt"


def check_upload(file_name: str, size: int | None) -> None:
    """What can be refused before downloading: the kind of file and its announced size."""
    if Path(file_name).suffix.lower() not in SUFFIXES:
        raise Refused("deck_bad_type", name=file_name) from None
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise Refused(
            "deck_too_big", name=file_name, mb=MAX_UPLOAD_BYTES // 1024 // 1024
        ) from None
    if size == 0:
        raise Refused("deck_empty", name=file_name) from None


def decode(raw: bytes, file_name: str) -> str:
    """UTF-8 (with or without a BOM), else Shift_JIS / CP932 as older Japanese editors write."""
    if not raw.strip():
        raise Refused("deck_empty", name=file_name) from None
    if raw.startswith(_MAGIC) or b"\x00" in raw[:65536]:
        raise Refused("deck_binary", name=file_name) from None
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for ch in text[:65536] if ch < "\t" or "\r" < ch < " ")
        if control > len(text[:65536]) * 0.05:
            raise Refused("deck_binary", name=file_name) from None
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise Refused("deck_not_text", name=file_name) from None


def import_bytes(
    file_name: str, raw: bytes, deck_id: str, previous_yaml: str | None = None
) -> Imported:
    """Make a deck with id `deck_id` from the file; `previous_yaml` is the deck this file made
    before, so unchanged questions keep their ids. Raises Refused."""
    name = safe_name(file_name)
    check_upload(name, len(raw))
    text = decode(raw, name)
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="studybot-upload-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        if suffix in DECK_SUFFIXES:
            return _deck_yaml(path, name, folder, deck_id)
        out = Path(folder) / "deck.out.yaml"
        if previous_yaml is not None:
            out.write_text(previous_yaml, encoding="utf-8")
        try:
            result = run_import(
                Request(path=path, out=out, deck_id=deck_id, csv=suffix in CSV_SUFFIXES)
            )
        except ImportInputError as exc:
            raise Refused(
                "deck_import_failed", name=name, why=_named(str(exc), folder, name)
            ) from None
        except DeckError as exc:
            raise Refused(
                "deck_import_failed", name=name, why=_problems(exc, folder, name)
            ) from None
        doubted = [qid for qid, d in result.built.drafts if d.doubts] if result.built else []
        present = {q.id for q in result.deck.questions}
        before = _question_ids(previous_yaml)
        return Imported(
            deck=result.deck,
            yaml_text=out.read_text(encoding="utf-8"),
            doubted=[q for q in doubted if q in present],
            retired=[q for q in before if q not in present],
            kept=len(before & present),
            unread=sorted({line for line, _ in result.built.unread}) if result.built else [],
        )


def _question_ids(text: str | None) -> set[str]:
    if not text:
        return set()
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {q["id"] for q in data.get("questions", [])}


def _deck_yaml(path: Path, name: str, folder: str, deck_id: str) -> Imported:
    try:
        deck = load_deck(path).deck
    except DeckError as exc:
        raise Refused(
            "deck_check_failed", name=name, problems=_problems(exc, folder, name)
        ) from None
    return Imported(deck=with_id(deck, deck_id), yaml_text=path.read_text(encoding="utf-8"))


def with_id(deck: Deck, deck_id: str) -> Deck:
    """The deck under the id the database gave it (deck ids are unique across chats)."""
    return deck if deck.id == deck_id else deck.model_copy(update={"id": deck_id})


def _named(message: str, folder: str, name: str) -> str:
    return message.replace(str(Path(folder) / name), name).replace(folder + "/", "")


def _problems(exc: DeckError, folder: str, name: str) -> str:
    shown = [_named(str(p), folder, name) for p in exc.problems[:MAX_PROBLEMS]]
    more = len(exc.problems) - len(shown)
    return "\n".join(shown + ([f"… (+{more})"] if more > 0 else []))
