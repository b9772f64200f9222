"""True/false questions on a figure: a line that states one limit, size or time ("Encrypt
API で直接暗号化できるのは 4KB まで") is asked as written (true) or with the figure of
another line of the memo in the same unit (false: "…64KB まで").

Sizes and times only: a share means nothing apart from what it is a share of (a Route 53
SLA of "18 %" taken from the health checkers' line). Only lines that gave no other
question are asked so: a plain list of facts, as outliners and plain notes keep them, has
no siblings or definitions to take wrong options from, and its figures are what an exam
asks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import terms, wording
from content.importer.groups import usable_clue
from content.importer.swaps import truefalse_draft
from content.importer.tree import Item, Memo, Section

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft

_FIGURE = re.compile(
    r"(?<![A-Za-z0-9.,$])(\d+(?:[.,]\d+)*)\s*"
    r"(KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|ミリ秒|ms|秒|分|時間|日|か月|ヶ月|年|"
    r"seconds?|minutes?|hours?|days?|months?|years?)(?![A-Za-z0-9])"
)
_UNITS = {"ヶ月": "か月", "second": "seconds", "minute": "minutes", "hour": "hours"}
_UNITS |= {"day": "days", "month": "months", "year": "years"}


def figure(text: str) -> re.Match[str] | None:
    """The one figure with a unit the line states, or None (none, or several)."""
    found = list(_FIGURE.finditer(text))
    return found[0] if len(found) == 1 else None


def _unit(match: re.Match[str]) -> str:
    return _UNITS.get(match.group(2), match.group(2))


def generate(ctx: Context, memo: Memo, asked: set[int]) -> list[Draft]:
    """A true/false for each line of the memo with one figure that gave no question."""
    by_unit: dict[str, list[str]] = {}
    lines: list[tuple[Section, Section, Item, re.Match[str]]] = []
    for topic in memo.topics:
        for section, item in topic.all_items():
            example = _EXAMPLE.match(item.full) or _SCENARIO.search(item.full.strip())
            for each in [] if example else _FIGURE.finditer(item.full):
                # An example's figure ("6KB のアイテムを…読む場合") is no limit of anything.
                by_unit.setdefault(_unit(each), []).append(each.group(1))
            found = figure(item.full)
            if found is not None and id(item) not in asked and _plain_fact(item):
                lines.append((topic, section, item, found))
    out = []
    for topic, section, item, found in lines:
        found_unit = by_unit.get(_unit(found), [])
        others = sorted({v for v in found_unit if _value(v) != _value(found.group(1))})
        if not others:
            continue  # no other figure of its unit: a made-up one would be picked out
        out.append(_figure(ctx, topic, section, item, found, others))
    return out


_EXAMPLE = re.compile(
    r"^(?:例|たとえば|e\.g\.|eg|example|for example|exercise)\b|^(?:例|例題|問題|設問)[：:]",
    re.IGNORECASE,
)
# "6KB のアイテムを毎秒10回読む場合": a worked example's setting, any figure would do;
# so is "「$10/時間を3年間」みたいに": the figure only shows the form.
_SCENARIO = re.compile(r"(?:場合|とき|ときは)[：:。]?$|みたいに|みたいな|のように|のような|例えば")


def _plain_fact(item: Item) -> bool:
    """A statement of fact: not an example ("例：7日後に削除" — any figure would do), and no
    scenario or chain ("20分の処理を同期で待つ → 非同期化": the figure sets the scene)."""
    text = item.full
    if not usable_clue(item) or len(text) > wording.MAX_CLUE:
        return False
    if any(arrow in text for arrow in ("→", "->", "=>", "⇒")):
        return False
    if _SCENARIO.search(text.strip()):
        return False
    return not (_EXAMPLE.match(text) or item.label.casefold() in ("例", "example", "examples"))


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _figure(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    found: re.Match[str],
    others: list[str],
) -> Draft:
    from content.importer.generators import stable_hash

    base = f"figure|{terms.norm(item.full)}"
    if stable_hash(base) % 2 == 0:
        statement = ctx.say("about", subject=section.shown_title, clue=item.full)
        return truefalse_draft(ctx, topic, section, item, statement, None, base)
    other = min(others, key=lambda v: stable_hash(base, v))
    swapped = item.full[: found.start(1)] + other + item.full[found.end(1) :]
    statement = ctx.say("about", subject=section.shown_title, clue=swapped)
    return truefalse_draft(ctx, topic, section, item, statement, item.full, base)
