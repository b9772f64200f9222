"""What stands above a note's body: YAML front matter and page properties.

Notion, Obsidian, Logseq and Roam put a page's metadata (tags, dates, status, source) above
its text, each in its own form; none of it is a fact to ask about.
"""

from __future__ import annotations

import re

from content.importer.markup import clean

_FRONT_KEY = re.compile(r"^\s*[\w-]+\s*:|^\s*-\s|^\s*$")
# "Tags: …"; an outliner writes its page attributes as bullets: "- Source:: 模試".
_PROPERTY = re.compile(
    r"^\s*(?:-\s+)?([A-Za-z][A-Za-z ]{0,24}?|[ぁ-んァ-ヺー一-龯]{2,8})\s*(?:::|[:：])\s*(.*)$"
)
# Page properties that Notion, Obsidian and similar apps put above a note's body.
PAGE_PROPERTIES = frozenset(
    (
        *("tags", "tag", "created", "created time", "created by", "created at"),
        *("last edited", "last edited time", "last edited by", "last updated", "updated"),
        *("modified", "status", "type", "category", "categories", "author", "date"),
        *("aliases", "alias", "source", "url", "link", "course", "reviewed", "owner"),
        *("priority", "published", "class", "area", "property", "properties"),
        *("作成日", "作成日時", "更新日", "更新日時", "最終更新", "最終更新日", "最終更新日時"),
        *("最終更新者", "タグ", "ステータス", "カテゴリ", "カテゴリー", "作成者", "日付", "分類"),
    )
)


def front_matter_title(lines: list[str]) -> str:
    """The `title:` of a YAML front matter block, or ""."""
    for line in lines[1 : front_matter_end(lines)]:
        if m := re.match(r"^title:\s*(.+?)\s*$", line):
            return clean(m.group(1).strip("'\""))
    return ""


def front_matter_end(lines: list[str]) -> int:
    """How many lines a YAML front matter block (`---` … `---` at the top) takes."""
    if not lines or lines[0].strip() != "---":
        return 0
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
        if not _FRONT_KEY.match(lines[i]):
            return 0
    return 0


def is_property(raw: str) -> bool:
    m = _PROPERTY.match(raw)
    return m is not None and m.group(1).strip().casefold() in PAGE_PROPERTIES


# What a study diary notes about the day itself, under each dated entry: no fact either.
DIARY_NOTES = frozenset(
    (
        "気分",
        "天気",
        "体調",
        "睡眠",
        "勉強時間",
        "mood",
        "weather",
        "sleep",
        "study time",
        "energy",
    )
)


def is_diary_note(raw: str) -> bool:
    m = _PROPERTY.match(raw)
    return m is not None and m.group(1).strip().casefold() in DIARY_NOTES
