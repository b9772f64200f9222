"""Comparison tables whose columns are the things compared (`| | EBS | インスタンスストア |`):
each row is an aspect, each cell says how one column's thing does it.

A cell is the clue and the column names are the options ("実体が「ネットワーク経由の
ブロックストレージ」なのはどれ？" → EBS / インスタンスストア), or a true/false statement
names a column for a cell, its own or another column's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from content.importer import leaks, terms, wording
from content.importer.groups import tables
from content.importer.tree import Item, Section

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft


# Cells that hold no value: a dash, "n/a" ("なし" does say something: no replication).
EMPTY_CELLS = frozenset({"—", "–", "-", "ー", "n/a", "N/A", "?"})

# A top-left cell that only names the rows' kind ("項目", "Feature"): the columns are compared.
CORNER_WORDS = frozenset(
    {"項目", "比較項目", "観点", "比較", "特徴", "機能", "違い", "item", "feature", "aspect"}
    | {"features", "aspects", "criteria", "criterion", "comparison"}
)


def transposed(table: list[Item]) -> bool:
    """A table whose top-left cell is empty, or only says "項目" / "Feature", with named
    columns compares its columns."""
    header = table[0].header
    names = [terms.norm(h) for h in header[1:]]
    corner = header[0].strip().casefold() if header else ""
    return (
        len(header) >= 3
        and (not corner or corner in CORNER_WORDS)
        and all(names)
        and len(set(names)) == len(names)
        and all(r.cells[0].strip() for r in table)
    )


def generate(ctx: Context, topic: Section) -> list[Draft]:
    out: list[Draft] = []
    for section in topic.walk():
        for table in tables(section):
            if not transposed(table):
                continue
            for item in table:
                out.extend(_row(ctx, topic, section, item))
    return out


def _usable(item: Item, names: tuple[str, ...]) -> list[int]:
    """Columns whose cell tells its column apart in this row and does not name it."""
    cells = item.cells
    found = []
    for j in range(1, min(len(cells), len(names) + 1)):
        cell = cells[j]
        if not cell or cell in EMPTY_CELLS or cell in ("×", "○", "なし", "none"):
            continue
        if sum(terms.norm(c) == terms.norm(cell) for c in cells[1:]) > 1:
            continue
        others = [n for k, n in enumerate(names, 1) if k != j]
        if any(terms.norm(n) in terms.norm(cell) for n in names):
            continue
        if leaks.gives_away(cell, names[j - 1], others) or len(cell) > wording.MAX_CLUE:
            continue
        found.append(j)
    return found


def _row(ctx: Context, topic: Section, section: Section, item: Item) -> list[Draft]:
    from content.importer.generators import stable_hash

    names = item.header[1:]
    columns = _usable(item, names)
    if not columns:
        return []
    base = terms.norm(item.full)
    column = min(columns, key=lambda j: stable_hash("column", base, str(j)))
    aspect, cell, answer = item.cells[0], wording.unquote(item.cells[column]), names[column - 1]
    out: list[Draft] = []
    if ctx.claim(item):
        key = f"column|{base}|{column}|{terms.norm(answer)}"
        prompt = ctx.say("row", context=wording.context(section, names), column=aspect, cell=cell)
        verdict = ctx.say("answer", answer=answer)
        out.append(_draft(ctx, topic, section, item, "row", prompt, names, answer, key, verdict))
        out[-1].clue = cell
    own = terms.norm(item.cells[column])
    rest = [
        j
        for j in columns
        if j != column
        and terms.norm(item.cells[j]) not in own
        and own not in terms.norm(item.cells[j])
    ]
    if rest and ctx.claim(item, truefalse=True):
        told = min(rest, key=lambda j: stable_hash("column-tf", base, str(j)))
        key = f"truefalse|{base}|{told}"
        truth = stable_hash(key) % 2 == 0
        said = names[told - 1] if truth else names[column - 1]
        fields = {"context": wording.context(section, names), "name": said, "column": aspect}
        statement = ctx.say("column_statement", **fields, cell=wording.unquote(item.cells[told]))
        verdict = ctx.say("true") if truth else ctx.say("false", right=names[told - 1])
        key = f"{key}|{'true' if truth else 'false'}"
        kind = "truefalse"
        draft = _draft(ctx, topic, section, item, kind, statement, None, truth, key, verdict)
        draft.prompt = ctx.say("truefalse", statement=statement)
        draft.clue = statement
        out.append(draft)
    return out


def _draft(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    kind: str,
    prompt: str,
    options: tuple[str, ...] | None,
    answer: str | bool,
    key: str,
    verdict: str,
) -> Draft:
    from content.importer.generators import Draft

    return Draft(
        topic=topic,
        kind=kind,
        prompt=prompt,
        options=options,
        answer=options.index(answer) if options is not None else answer,
        explanation=wording.explanation(ctx.language, verdict, item.full, section.title),
        first=item.no,
        last=item.end,
        key=key,
        item=item,
    )
