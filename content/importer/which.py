""" "Which one is this?" questions: sibling sections, table rows, and memo topics as options."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import leaks, terms, vocabulary, wording
from content.importer.columns import EMPTY_CELLS, transposed
from content.importer.groups import (
    Group,
    Member,
    sibling_groups,
    similar_line,
    tables,
    usable_clue,
)
from content.importer.pool import subject_of
from content.importer.tree import Item, Section

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft

MAX_PER_TOPIC_SUBJECT = 3
MIN_VISIBLE = 8


_ASKED_LABEL = re.compile(r"^(?:what|how|why|when|where|who|flow|use|uses)\s*:\s+", re.IGNORECASE)


def clue_text(item: Item, section: Section, member: Section) -> str:
    """The line as a learner sees it, with its facet heading and list label for context."""
    # "what: managed threat detection": an outline's question word labels the line.
    text = _ASKED_LABEL.sub("", item.full) or item.full
    if item.label:
        text = f"{item.label}: {text}"
    facets = [s.title for s in section.path_below(member)]
    return " — ".join([*facets, text])


def mentions(text: str, member: Member) -> bool:
    return any(terms.has_token(text, t) for t in member.distinct)


def prepare_clue(ctx: Context, clue: str, answer: Member, others: list[Member]) -> str | None:
    """The clue with the answer's name hidden, or None when it cannot be asked fairly."""
    if any(mentions(clue, other) for other in others):
        return None  # names another option: confusing at best
    japanese = [t for t in answer.distinct if not terms.LATIN_LETTER.match(t)]
    if any(terms.overlaps(t, clue) for t in japanese):
        return None  # the answer's own word: a giveaway that cannot be hidden readably
    own = terms.norm(answer.name)
    for phrase in terms.name_phrases(clue):
        # "Foundational Security Best Practices" is another thing, though it holds a word
        # of the answer "Security Hub": hiding that word would garble it.
        inside = terms.norm(phrase) in own
        if not inside and any(terms.has_token(phrase, t) for t in answer.latin):
            return None
    for token in answer.latin:
        # "elastic network interface" holds "interface" of "Interface endpoints" as a
        # common word: hiding it would garble another name.
        spelled = [w for w in terms.latin_words(answer.name) if w.casefold().rstrip("s") == token]
        lower = re.search(rf"(?<![\w-]){re.escape(token)}", clue)
        if spelled and spelled[0][0].isupper() and lower and lower.group(0)[0].islower():
            return None
    mark = ctx.say("hidden")
    hidden = wording.hide(clue, answer.names, frozenset(answer.latin), mark)
    if wording.visible_chars(hidden, mark) < MIN_VISIBLE or len(hidden) > wording.MAX_CLUE:
        return None
    if leaks.gives_away(hidden.replace(mark, " "), answer.name, [o.name for o in others]):
        return None  # "resource" left in the clue of "resource-based policy"
    return hidden


def context_title(topic: Section, parent: Section) -> str:
    if parent is topic or len(parent.title) >= 12 or terms.is_name_like(parent.title):
        return parent.title
    return f"{topic.title} › {parent.title}"


def siblings(ctx: Context, topic: Section) -> list[Draft]:
    out: list[Draft] = []
    for group in sibling_groups(topic):
        for member in group.members:
            for item, section in member.clues:
                if id(item) in member.nested and id(item) in ctx.unfair:
                    continue  # the inner group found its clue unfair: so is the outer's
                draft = _sibling_question(ctx, topic, group, member, item, section)
                if draft is not None and ctx.claim(item):
                    out.append(draft)
    return out


def _sibling_question(
    ctx: Context, topic: Section, group: Group, member: Member, item: Item, section: Section
) -> Draft | None:
    from content.importer.generators import stable_hash

    shown = clue_text(item, section, member.section)
    clue = prepare_clue(ctx, shown, member, group.others(member))
    if clue is None or any(similar_line(shown, o) for o in group.others(member)):
        ctx.unfair.add(id(item))  # a leak, another option named, or the same statement
        return None  # under another option: two right answers
    key = f"which|{terms.norm(item.full)}|{terms.norm(member.name)}"
    members = group.members
    if len(members) > 6:
        rest = sorted(group.others(member), key=lambda m: stable_hash(key, m.name))[:5]
        members = [m for m in members if m is member or m in rest]
    options = tuple(m.label for m in members)
    answer = member.label
    if len({terms.norm(o) for o in options}) < len(options):
        options, answer = tuple(m.name for m in members), member.name
    prompt = ctx.say("which", context=context_title(topic, group.parent), clue=clue)
    doubts: list[str] = []
    draft = _draft(ctx, topic, "which", prompt, options, answer, item, section, key, doubts)
    draft.clue = clue
    return draft


def rows(ctx: Context, topic: Section) -> list[Draft]:
    out: list[Draft] = []
    for section in topic.walk():
        for table in tables(section):
            if transposed(table):
                continue  # its columns are the options: columns.py
            keys = [terms.norm(i.cells[0]) for i in table]
            if len(set(keys)) < len(keys):
                continue
            header = table[0].header or tuple("" for _ in table[0].cells)
            for item in table:
                for column in row_columns(item, table):
                    cell = item.cells[column]
                    if any(r is not item and _part_of(cell, r.cells[column]) for r in table):
                        continue  # "なし" beside "なし（AWS がノードを管理）": both rows fit
                    draft = _row_question(ctx, topic, section, item, table, header, column)
                    if draft is not None and ctx.claim(item):
                        out.append(draft)
                        break
    return out


def row_columns(item: Item, table: list[Item]) -> list[int]:
    """Columns whose cell tells this row apart and does not name its first cell."""
    usable = []
    for column in range(1, len(item.cells)):
        cell = item.cells[column]
        same = [r for r in table if terms.norm(r.cells[column]) == terms.norm(cell)]
        if not cell or cell in EMPTY_CELLS or len(same) > 1:
            continue
        own = terms.tokens(item.cells[0])
        if any(terms.has_token(cell, t) for t in own):
            continue
        if any(r is not item and terms.norm(r.cells[0]) in terms.norm(cell) for r in table):
            continue
        usable.append(column)
    return usable


def _part_of(cell: str, other: str) -> bool:
    """`cell` is all of the start of `other`: the other row's cell says it and more."""
    return terms.norm(other).startswith(terms.norm(cell)) and terms.norm(other) != terms.norm(cell)


def _row_question(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    table: list[Item],
    header: tuple[str, ...],
    column: int,
) -> Draft | None:
    from content.importer.generators import stable_hash

    answer = item.cells[0]
    key = f"row|{terms.norm(item.full)}|{column}|{terms.norm(answer)}"
    chosen = table
    if len(table) > 6:
        rest = sorted((r for r in table if r is not item), key=lambda r: stable_hash(key, r.text))
        chosen = [r for r in table if r is item or r in rest[:5]]
    options = tuple(r.cells[0] for r in chosen)
    if any(len(o) > 100 for o in options):
        return None
    name = header[column] or "?"
    shown = wording.context(section, options)
    if wording.names_aspect(name):
        prompt = ctx.say("row", context=shown, column=name, cell=item.cells[column])
    elif len(terms.tokens(item.cells[column])) <= 2 and len(item.cells[column]) <= 12:
        return None  # "全部自分" says nothing until it is told what it is the answer to
    else:
        prompt = ctx.say("row_plain", context=shown, cell=item.cells[column])
    draft = _draft(ctx, topic, "row", prompt, options, answer, item, section, key, [])
    draft.clue = item.cells[column]
    return draft


def subjects(ctx: Context, topics: list[Section]) -> list[Draft]:
    """Topics that each name one thing ("Customer Gateway", "Amazon IVS とは") are the
    options for lines taken from any of them."""
    from content.importer.generators import stable_hash

    named = [(t, subject_of(t.title)) for t in topics if t.form != "sentence"]
    # Only topics that compare: AWS names of one category (DynamoDB Accelerator beside
    # ElastiCache), never a protocol beside a service.
    named = [(t, s) for t, s in named if s and vocabulary.category(s)]
    members = {}
    for topic, subject in named:
        members.setdefault(terms.norm(subject), Member(topic, subject))
    if len(members) < 2:
        return []
    for member in members.values():
        member.distinct = terms.tokens(member.name)
    # Distractors come from a window of this stable order: linear in the number of topics.
    ordered = sorted(members.values(), key=lambda m: stable_hash("subject", terms.norm(m.name)))
    place = {id(m): i for i, m in enumerate(ordered)}
    out: list[Draft] = []
    for topic, subject in named:
        member = members[terms.norm(subject)]
        at = place[id(member)]
        window = [ordered[(at + k) % len(ordered)] for k in range(1, min(30, len(ordered)))]
        # Only the lines that open the topic: they say what the thing is. Later lines
        # drift into advice ("Never bake access keys into the image") true of its rivals.
        opening = [i for i in topic.items if usable_clue(i)][:MAX_PER_TOPIC_SUBJECT]
        for item in opening:
            if id(item) in ctx.used_choice:
                continue
            draft = _subject_question(ctx, topic, member, window, item)
            if draft is not None and ctx.claim(item):
                out.append(draft)
    return out


def _subject_question(
    ctx: Context, topic: Section, member: Member, everyone: list[Member], item: Item
) -> Draft | None:
    from content.importer.generators import stable_hash

    key = f"subject|{terms.norm(item.full)}|{terms.norm(member.name)}"
    text = _ASKED_LABEL.sub("", item.full) or item.full
    text = f"{item.label}: {text}" if item.label else text
    others = [m for m in everyone if not mentions(text, m)]
    others = [m for m in others if not (member.distinct & m.distinct)]
    category = vocabulary.category(member.name)
    others = [
        m
        for m in others
        if vocabulary.category(m.name) == category and not vocabulary.kin(member.name, m.name)
    ]
    others = sorted(others, key=lambda m: stable_hash(key, terms.norm(m.name)))[:3]
    if len(others) < 2:
        return None  # one rival topic is a coin toss between two unrelated things
    clue = prepare_clue(ctx, text, member, others)
    if clue is None:
        return None
    options = sorted(
        [member.label, *(m.label for m in others)], key=lambda o: stable_hash(key, terms.norm(o))
    )
    prompt = ctx.say("subject", clue=clue)
    doubts: list[str] = []
    draft = _draft(
        ctx, topic, "subject", prompt, tuple(options), member.label, item, topic, key, doubts
    )
    draft.clue = clue
    return draft


def _draft(
    ctx: Context,
    topic: Section,
    kind: str,
    prompt: str,
    options: tuple[str, ...],
    answer: str,
    item: Item,
    section: Section,
    key: str,
    doubts: list[str],
) -> Draft:
    from content.importer.generators import Draft

    shown = terms.even_asides(list(options))
    answer, options = shown[options.index(answer)], tuple(shown)
    verdict = ctx.say("answer", answer=answer)
    return Draft(
        topic=topic,
        kind=kind,
        prompt=prompt,
        options=options,
        answer=options.index(answer),
        explanation=wording.explanation(ctx.language, verdict, item.full, section.title),
        first=item.no,
        last=item.end,
        key=key,
        item=item,
        doubts=doubts,
    )
