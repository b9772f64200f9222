"""The section tree a memo is read into: sections with titles, their content items, children."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# Items whose text can be quoted as a clue: statements, not notes, labels, code or tables.
CLUE_KINDS = frozenset({"bullet", "text", "item"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sibling titles that summarise or give examples rather than name an alternative.
GENERIC_TITLES = _words(
    "まとめ 例 例えば 補足 注意 注意点 メモ 参考 その他 ポイント "
    "summary example examples note notes tip tips misc other others references info "
    "important warning caution abstract todo quote success question failure danger bug "
    "general overview comparison 比較 違い takeaways compare types kinds basics facts details "
    "種類 基本 詳細 選び方 使い分け 見分け方 覚え方"
)

SUMMARY_ENDINGS = ("？", "?", "まとめ", "一覧", "summary", "overview", "recap", "takeaways")
# "RCU / WCU の計算", "Worked example": how to work something out, no alternative to it.
SUMMARY_ENDINGS += ("計算", "計算例", "例題", "calculation", "calculations", "worked example")

# The author's aside on a heading, "Comparison (pasted table)": not part of what it names.
_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]$")


@dataclass(eq=False)
class Item:
    """One content line of a section (with any `→ …` lines that continue it)."""

    no: int
    kind: str  # bullet | text | item | row | quote | note | label | code | qa
    text: str
    depth: int = 0
    label: str = ""  # the "…:" line this item is listed under, e.g. "例"
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    cont: list[str] = field(default_factory=list)
    end: int = 0
    answer: str = ""  # a self-quiz pair's answer (kind "qa"; its question is `text`)
    term: str = ""  # the bold term of "**Term**: meaning"

    def __post_init__(self) -> None:
        self.end = self.end or self.no

    @property
    def full(self) -> str:
        return " ".join([self.text, *self.cont])


@dataclass(eq=False)
class Section:
    title: str
    raw_title: str  # the title line as written (without markdown markers): source_section
    line: int
    rank: int
    form: str  # root | md | bold | marker | bracket | numbered | note | soft | sentence |
    # toggle (a bullet with children) | callout (> [!note] Title)
    parent: Section | None = None
    items: list[Item] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_items(self) -> Iterator[tuple[Section, Item]]:
        """Every item of this section and its descendants, with the section holding it."""
        for section in self.walk():
            for item in section.items:
                yield section, item

    @property
    def end(self) -> int:
        last = self.line
        for section in self.walk():
            last = max(last, section.line, *(i.end for i in section.items))
        return last

    def path_below(self, ancestor: Section) -> list[Section]:
        """Sections from just below `ancestor` down to this one."""
        path: list[Section] = []
        node: Section | None = self
        while node is not None and node is not ancestor:
            path.append(node)
            node = node.parent
        return list(reversed(path))

    @property
    def generic(self) -> bool:
        """A summary, example or question heading: not an alternative to its siblings."""
        return self._bare_word or self._plain.endswith(SUMMARY_ENDINGS)

    @property
    def shown_title(self) -> str:
        """The title a prompt names as context: a bare generic heading ("Comparison") says
        less than the section it sits in ("S3 トリガー一覧" says enough)."""
        if self._bare_word and self.parent is not None and self.parent.form != "root":
            return self.parent.title
        if _DATE_TITLE.match(self.title.strip()):
            # A study diary's "2026/12/01（火）" says when, not what: its parent says what,
            # or nothing does.
            parent = self.parent
            return parent.shown_title if parent is not None and parent.form != "root" else ""
        return self.title

    @property
    def _plain(self) -> str:
        return _ASIDE.sub("", self.title.strip().rstrip(":：")).casefold()

    @property
    def _bare_word(self) -> bool:
        return self._plain in GENERIC_TITLES


_DATE_TITLE = re.compile(
    r"^(?:\d{4}[/.\-年])?\d{1,2}[/.\-月]\d{1,2}日?(?:\s*[（(][^）)]{1,5}[）)])?$"
    r"|^(?:day|week)\s*\d+$|^第\s*\d+\s*[日回週]$",
    re.IGNORECASE,
)


@dataclass
class Memo:
    title: str
    language: str  # ja | en
    topics: list[Section]
    lines: list[str]

    def line_text(self, no: int) -> str:
        return self.lines[no - 1].strip() if 0 < no <= len(self.lines) else ""
