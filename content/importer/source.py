"""Read an input file as text, refusing what is not a memo with a one-line reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Memos are tens of kilobytes (the seed is 25 KB). Past this the file is a dump or a log,
# and a draft of thousands of questions would help nobody review it.
MAX_MEMO_BYTES = 2 * 1024 * 1024
_BAD_LINE_SHARE = 0.2


class ImportInputError(Exception):
    """The input cannot be imported; the message says why in one line, and `details`
    (e.g. the bad rows of a CSV file) are printed before it."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


@dataclass
class Text:
    text: str
    warnings: list[str] = field(default_factory=list)


def read_text(path: Path) -> Text:
    name = str(path)
    if not path.exists():
        raise ImportInputError(f"{name}: no such file")
    if path.is_dir():
        raise ImportInputError(f"{name}: is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_MEMO_BYTES:
            raise ImportInputError(
                f"{name}: {size / 1024 / 1024:.1f} MB is more than a memo may be "
                f"({MAX_MEMO_BYTES // 1024 // 1024} MB); split it into smaller memos"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportInputError(f"{name}: cannot read it ({exc.strerror})") from None
    if not raw.strip():
        raise ImportInputError(f"{name}: the file is empty")
    if _binary(raw):
        raise ImportInputError(f"{name}: this looks like a binary file, not a text memo")
    return _decode(raw, name)


def _binary(raw: bytes) -> bool:
    head = raw[:65536]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


def _decode(raw: bytes, name: str) -> Text:
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return Text(_newlines(raw.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    out: list[str] = []
    bad: list[int] = []
    for no, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            bad.append(no)
            out.append("")  # keeps the numbering of the other lines
    filled = sum(1 for line in lines if line.strip())
    if len(bad) > filled * _BAD_LINE_SHARE:
        raise ImportInputError(
            f"{name}:{bad[0]}: the file is not UTF-8 text ({len(bad)} of {filled} lines); "
            "save it as UTF-8 and import it again"
        )
    shown = ", ".join(str(n) for n in bad[:10]) + (" …" if len(bad) > 10 else "")
    warning = f"{name}: skipped {len(bad)} line(s) that are not valid UTF-8: {shown}"
    return Text("\n".join(out), [warning])


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
