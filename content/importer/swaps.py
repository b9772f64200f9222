"""True/false questions: a statement from the memo, kept as written (true) or with a term
swapped for the one a sibling has (false): sibling sections, definition lists, table rows."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import leaks, terms, vocabulary, wording
from content.importer.columns import transposed
from content.importer.definitions import Definition, chain, chain_label, runs
from content.importer.groups import (
    Group,
    Member,
    has_parallel,
    nearest,
    parallel,
    sibling_groups,
    similar_line,
    tables,
    value_measure,
)
from content.importer.tree import Item, Section
from content.importer.which import clue_text, mentions, row_columns

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft


def generate(ctx: Context, topic: Section) -> list[Draft]:
    out: list[Draft] = []
    for section in topic.walk():
        out.extend(_definitions(ctx, topic, section))
        out.extend(_rows(ctx, topic, section))
        out.extend(_orders(ctx, topic, section))
    for group in sibling_groups(topic):
        for member in group.members:
            for item, section in member.clues:
                draft = _sibling(ctx, topic, group, member, item, section)
                if draft is not None and ctx.claim(item, truefalse=True):
                    out.append(draft)
    out.sort(key=lambda d: d.first)
    return out


def _orders(ctx: Context, topic: Section, section: Section) -> list[Draft]:
    """ "手順：スナップショット取得 → 暗号化ありでコピー → そこから復元": the steps in the
    memo's order (true) or with two neighbours swapped (false)."""
    from content.importer.generators import stable_hash

    out = []
    for item in section.items:
        steps = chain(item)
        if len(steps) < 3 or id(item) in ctx.used_choice or len(item.full) > wording.MAX_CLUE:
            continue
        if len({terms.norm(s) for s in steps}) < len(steps):
            continue
        if any("、" in s for s in steps[1:-1]):
            continue  # "ラベル付け → Ground Truth、偏り・説明 → Clarify": pairs, in no order
        if len(steps[-1]) > 15 and len(steps[-1]) > 2 * max(len(s) for s in steps[:-1]):
            continue  # "root → OU → アカウントの各階層すべてで Allow…": a sentence, not steps
        label = chain_label(item.full, steps)
        if not label.endswith(("：", ":")):
            label = ""
        label += " " if label.endswith(":") else ""
        written = " → ".join(steps)
        base = f"truefalse|order|{terms.norm(item.full)}"
        if _truth(base):
            draft = truefalse_draft(ctx, topic, section, item, label + written, None, base)
        else:
            at = stable_hash(base, "pair") % (len(steps) - 1)
            moved = list(steps)
            moved[at], moved[at + 1] = moved[at + 1], moved[at]
            statement = label + " → ".join(moved)
            draft = truefalse_draft(ctx, topic, section, item, statement, label + written, base)
        if ctx.claim(item, truefalse=True):
            out.append(draft)
    return out


def _truth(base: str) -> bool:
    from content.importer.generators import stable_hash

    return stable_hash(base) % 2 == 0


def _pick(base: str, candidates: list[str]) -> str:
    from content.importer.generators import stable_hash

    return min(candidates, key=lambda c: stable_hash(base, terms.norm(c)))


def _definitions(ctx: Context, topic: Section, section: Section) -> list[Draft]:
    out = []
    for run in runs(section.items):
        if run[0][1].form in ("eq", "colon", "arrow"):
            out.extend(_definition_run(ctx, topic, section, run))
    return out


def _definition_run(
    ctx: Context, topic: Section, section: Section, found: list[tuple[Item, Definition]]
) -> list[Draft]:
    out = []
    for index, (item, d) in enumerate(found):
        rights = [
            o.right
            for _, o in nearest(found, index)
            if o.form == d.form
            and terms.norm(o.right) != terms.norm(d.right)
            and not terms.tokens(d.left) & terms.tokens(o.right)
            and not terms.tokens(o.left) & terms.tokens(d.right)
            # "S3 data events" under "S3 Protection" tells where it came from.
            and not (terms.tokens(o.left) - terms.tokens(d.left)) & terms.tokens(o.right)
            and parallel(o.right, d.right)
            # "Buffer size: 0-900 seconds" would be false by its unit alone.
            and value_measure(o.right) == value_measure(d.right)
        ]
        if len(d.statement()) > wording.MAX_CLUE:
            continue
        if rights:
            draft = _definition(ctx, topic, section, item, d, rights)
        else:
            lefts = [o.left for _, o in nearest(found, index)]
            draft = _named_definition(ctx, topic, section, item, d, lefts)
        if draft is not None and ctx.claim(item, truefalse=True):
            out.append(draft)
    return out


def _definition(
    ctx: Context, topic: Section, section: Section, item: Item, d: Definition, rights: list[str]
) -> Draft | None:
    base = f"truefalse|{terms.norm(item.full)}"
    if _truth(base):
        return truefalse_draft(ctx, topic, section, item, d.statement(), None, base)
    swapped = d.statement(_pick(base, rights))
    return truefalse_draft(ctx, topic, section, item, swapped, d.statement(), base)


def _named_definition(
    ctx: Context, topic: Section, section: Section, item: Item, d: Definition, lefts: list[str]
) -> Draft | None:
    """ "RDS Proxy = a connection pool …": true as written, or false with another AWS name
    of its category in its place (the neighbouring definitions' first; never its kin,
    never one the line names, never when the meaning names the thing: "… = フルマネージド
    な Apache Flink 環境")."""
    if not vocabulary.category(d.left) or d.form not in ("eq", "colon"):
        return None
    if len(found := ctx.pool.distractors(d.left, item.full, 1, lefts)) != 1:
        return None
    own = leaks.content_words(d.left)
    if len(own & leaks.content_words(d.right)) * 2 > len(own):
        return None  # the meaning names most of the thing: a swap would announce itself
    base = f"truefalse|{terms.norm(item.full)}"
    if _truth(base):
        return truefalse_draft(ctx, topic, section, item, d.statement(), None, base)
    swapped = Definition(d.form, found[0], d.sep, d.right).statement()
    return truefalse_draft(ctx, topic, section, item, swapped, d.statement(), base)


def _sibling(
    ctx: Context, topic: Section, group: Group, member: Member, item: Item, section: Section
) -> Draft | None:
    if id(item) in ctx.used_truefalse or id(item) in member.nested:
        return None
    if section is not member.section:
        return None  # "X: 管理ポリシー — 宣言型ポリシー…" reads as a riddle, not a statement
    clue = clue_text(item, section, member.section)
    if len(clue) > wording.MAX_CLUE or len(re.sub(r"\s", "", item.text)) < 8:
        return None
    others = group.others(member)
    base = f"truefalse|{terms.norm(item.full)}|{terms.norm(member.name)}"
    if any(mentions(clue, o) for o in others):
        return None
    if mentions(clue, member):
        return _in_line(ctx, topic, member, others, item, section, clue, base)
    if not all(terms.is_name_like(m.name) for m in group.members):
        # Descriptive headings ("標準化されたアカウント作成", "リアルタイム ETL") overlap: a
        # line moved to a sibling is too often still true. Named things (SQS, SNS) do not.
        return None
    # "Multi-AZ DB クラスター: エンドポイントは同じまま" would be marked false though it is
    # true as well: swap only to a sibling for which the memo states its own value.
    candidates = [o for o in others if not similar_line(clue, o) and has_parallel(item.full, o)]
    if not candidates:
        return None
    if _truth(base):
        statement = ctx.say("about", subject=member.label, clue=clue)
        return truefalse_draft(ctx, topic, section, item, statement, None, base)
    other = next(o for o in candidates if o.name == _pick(base, [c.name for c in candidates]))
    statement = ctx.say("about", subject=other.label, clue=clue)
    return truefalse_draft(ctx, topic, section, item, statement, member.label, base)


def _in_line(
    ctx: Context,
    topic: Section,
    member: Member,
    others: list[Member],
    item: Item,
    section: Section,
    clue: str,
    base: str,
) -> Draft | None:
    """ "ALB のリスナールール…" → "NLB のリスナールール…": swap the one word that differs."""
    if len(member.latin) != 1:
        return None
    word = _spelling(member)
    # "interface" in "elastic network interface" is not the name "Interface endpoints".
    if not re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", clue):
        return None
    kind = terms.term_kind(word)
    swappable = [
        o
        for o in others
        if len(o.latin) == 1
        and terms.term_kind(_spelling(o)) == kind
        and not similar_line(clue, o)
    ]
    if not swappable:
        return None
    if any(not terms.LATIN_LETTER.match(t) and t in clue for t in member.distinct):
        return None
    if _truth(base):
        return truefalse_draft(ctx, topic, section, item, clue, None, base)
    other = next(o for o in swappable if o.name == _pick(base, [o.name for o in swappable]))
    pattern = rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])"
    swapped = re.sub(pattern, _spelling(other), clue)
    if swapped == clue:
        return None
    return truefalse_draft(ctx, topic, section, item, swapped, clue, base)


def _spelling(member: Member) -> str:
    token = member.latin[0]
    for word in terms.latin_words(member.name):
        if word.casefold().rstrip("s") == token.rstrip("s"):
            return word
    return token


def _rows(ctx: Context, topic: Section, section: Section) -> list[Draft]:
    out = []
    for table in tables(section):
        if not transposed(table):
            out.extend(_table(ctx, topic, section, table))
    return out


def _table(ctx: Context, topic: Section, section: Section, table: list[Item]) -> list[Draft]:
    header = table[0].header or tuple("" for _ in table[0].cells)
    first = header[0] or ""
    out = []
    for item in table:
        columns = row_columns(item, table)
        if not columns:
            continue
        column = columns[-1]
        base = f"truefalse|{terms.norm(item.full)}|{column}"
        cell = item.cells[column]
        shown = wording.context(section, [r.cells[0] for r in table])
        fields = {"context": shown, "first": first, "name": item.cells[0]}
        fields["column"] = header[column] or "?"
        form = "row_statement" if wording.names_aspect(header[column]) else "row_statement_plain"
        true_statement = ctx.say(form, **fields, cell=cell)
        if _truth(base):
            draft = truefalse_draft(ctx, topic, section, item, true_statement, None, base)
        else:
            cells = [r.cells[column] for r in table if r is not item]
            swapped = ctx.say(form, **fields, cell=_pick(base, cells))
            draft = truefalse_draft(ctx, topic, section, item, swapped, true_statement, base)
        if ctx.claim(item, truefalse=True):
            out.append(draft)
    return out


def truefalse_draft(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    statement: str,
    right: str | None,
    base: str,
) -> Draft:
    """`right` is None for a true statement, else what the memo really says."""
    from content.importer.generators import Draft

    truth = right is None
    verdict = ctx.say("true") if truth else ctx.say("false", right=right or "")
    return Draft(
        topic=topic,
        kind="truefalse",
        prompt=ctx.say("truefalse", statement=statement),
        options=None,
        answer=truth,
        explanation=wording.explanation(ctx.language, verdict, item.full, section.title),
        first=item.no,
        last=item.end,
        key=f"{base}|{'true' if truth else 'false'}",
        item=item,
        clue=statement,
    )
