"""Fill-in-the-blank questions on the key term of a definition line."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import leaks, terms, vocabulary, wording
from content.importer.definitions import Definition, chain, chain_label, runs
from content.importer.groups import measures, nearest, value_measure
from content.importer.pool import contained
from content.importer.tree import Item, Section

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft


def generate(ctx: Context, topic: Section) -> list[Draft]:
    out: list[Draft] = []
    for section in topic.walk():
        for item in section.items:
            steps = chain(item)
            draft = _chain_blank(ctx, topic, section, item, steps) if steps else None
            if draft is not None and ctx.claim(item):
                out.append(draft)
        for found in runs(section.items):
            for index, (item, found_def) in enumerate(found):
                siblings = [d for _, d in nearest(found, index)]
                draft = _blank(ctx, topic, section, item, found_def, siblings)
                if draft is not None and ctx.claim(item):
                    out.append(draft)
    return out


def _blank(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    found: Definition,
    siblings: list[Definition],
) -> Draft | None:
    mark = ctx.say("blank_mark")
    fixed: list[str] | None = None  # distractors come only from sibling lines
    if found.form == "subject":
        answer, clue = found.left, mark + found.right
    elif found.form == "colon" or (found.form == "eq" and terms.is_term(found.left)):
        answer, clue = found.left, _with_blank(found, "left", mark)
    elif found.form == "eq" and terms.is_term(found.right):
        answer, clue = found.right, _with_blank(found, "right", mark)
    elif found.form == "arrow" and terms.is_term(found.left) and terms.is_name_like(found.left):
        answer, clue = found.left, _with_blank(found, "left", mark)
    elif found.form == "arrow" and siblings and len(found.right) <= 60:
        # "→ Amazon Data Firehose." : the stop ends the author's line, not the option.
        answer, clue = _unstopped(found.right), _with_blank(found, "right", mark)
        rivals = [_unstopped(d.right) for d in siblings if len(d.right) <= 60]
        same = [r for r in rivals if _named(r) == _named(answer)]
        if 2 * (len(same) + 1) < len(rivals) + 1:
            # "→ デフォルト レコードを作っておく" in a list of policy names: advice among
            # names, or a name among advice, is picked out by its form.
            return None
        fixed = same if 2 * (len(same) + 1) > len(rivals) + 1 else rivals
        few = len(fixed) < len(rivals) and len(distinct(answer, fixed)) < 2
        if few and vocabulary.category(answer):
            # "→ Aurora" beside one more name and two phrases: an AWS name takes more of
            # its kind from the memo or the vocabulary.
            fixed = ctx.pool.distractors(answer, clue, 3, fixed, topic)
        left = found.left
        if terms.JAPANESE_CHAR.search(left) and not terms.is_name_like(left) and len(left) <= 8:
            # "向いてる ⇒ ＿＿＿" says nothing of what is suited: the section says it.
            clue = f"{section.shown_title}: {clue}" if section.shown_title else clue
    else:
        return None
    if item.cont:
        clue = " ".join([clue, *item.cont])
    if item.label and not found.right.startswith(item.label):
        # "Cross-zone load balancing:" over "ALB: on by default": the list says what it is of.
        clue = f"{item.label} — {clue}"
    if len(clue) > wording.MAX_CLUE or len(answer) > 60:
        return None
    if fixed is not None:
        distractors = distinct(answer, fixed)[:3]
    elif measures(found.right) and not vocabulary.category(answer):
        # "4 KB in total": only the run's other sizes are plausible; a time or a term
        # without a figure beside it is picked out by its form.
        measured = [d for d in siblings if measures(d.right) & measures(found.right)]
        distractors = distinct(answer, [d.left for d in measured if terms.is_term(d.left)])[:3]
    else:
        # "Buffer size" is no rival for "Formats: Parquet or ORC": its line gives a measure.
        value = value_measure(found.right)
        other = {terms.norm(d.left) for d in siblings if value_measure(d.right) != value}
        first = [d.left for d in siblings if terms.is_term(d.left)]
        first = [f for f in first if terms.norm(f) not in other]
        found_more = ctx.pool.distractors(answer, clue, 3 + len(other), first, topic)
        distractors = [d for d in found_more if terms.norm(d) not in other][:3]
        from_list = {terms.norm(f) for f in first} & {terms.norm(d) for d in distractors}
        if not from_list and not vocabulary.category(answer) and len(distractors) < 2:
            return None  # one stray term of the topic ("Image scanning" for Replication)
    if not distractors or _leaks(answer, distractors, clue):
        return None
    if len(distractors) >= 2 and _stands_apart(answer, distractors):
        return None
    return _draft(ctx, topic, section, item, answer, distractors, clue, mark)


_PARTS = re.compile(r" \+ |＋|、|,(?!\d{3})| / |／|→| or ")


def _stands_apart(answer: str, distractors: list[str]) -> bool:
    """The answer alone is made of parts ("bisect + max retries + on-failure destination"
    among service names, "MSK, or MSK Serverless if …"): picked out by its form."""
    return bool(_PARTS.search(answer)) and not any(_PARTS.search(d) for d in distractors)


def _named(text: str) -> bool:
    """A name ("Global Accelerator", "組織の証跡"), not a phrase: the options of an arrow
    list are names, or the answer stands out by its form among them."""
    return terms.is_term(text) or bool(vocabulary.category(text))


def _unstopped(text: str) -> str:
    """The arrow's answer without the stop that ends the author's line, and without the
    remark after a name's stop ("マルチサイト。値段は気にしないタイプの問題文")."""
    head, stop, _ = text.partition("。")
    if stop and terms.is_term(head.strip()):
        return head.strip()
    return text.rstrip(" .。") or text


def _chain_blank(
    ctx: Context, topic: Section, section: Section, item: Item, steps: list[str]
) -> Draft | None:
    """ "S3 イベント → ＿＿＿ → DynamoDB": an AWS service in a chain, with services of its
    kind as the wrong options."""
    from content.importer.generators import stable_hash

    named = []
    for index, step in enumerate(steps):
        core = terms.PARENS.sub("", step).strip()
        if vocabulary.category(core) and steps.count(step) == 1:
            named.append((index, core))
    if not named:
        return None
    index, answer = min(named, key=lambda n: stable_hash("chain", item.full, n[1]))
    mark = ctx.say("blank_mark")
    shown = list(steps)
    shown[index] = shown[index].replace(answer, mark, 1)
    clue = " → ".join(shown)
    label = chain_label(item.full, steps)
    if label:
        clue = f"{label} {clue}"
    distractors = _other_roles(ctx, answer, item.full)
    if len(distractors) < 2 or len(clue) > wording.MAX_CLUE:
        return None
    return _draft(ctx, topic, section, item, answer, distractors, clue, mark)


def _other_roles(ctx: Context, answer: str, chain_text: str) -> list[str]:
    """Wrong options for a chain step: for a compute step, services of other categories
    (another compute service could often take Lambda's place in "SQS → ＿＿＿", a database
    cannot); for any other step, names of its own category (NAT gateway → ＿＿＿: Internet
    gateway, not a load balancer)."""
    from content.importer.generators import stable_hash

    category = vocabulary.category(answer)
    if category != "service:compute":
        return ctx.pool.distractors(answer, chain_text, 3)
    memo = [
        name
        for other, names in sorted(ctx.pool.named.items())
        if other != category and vocabulary.is_service(other)
        for name in names
    ]
    shipped = [
        name
        for other in vocabulary.service_categories()
        if other != category
        for name in vocabulary.names(other)
    ]
    ordered = sorted(memo, key=lambda n: stable_hash(answer, n)) + sorted(
        shipped, key=lambda n: stable_hash(answer, n)
    )
    out: list[str] = []
    for name in ordered:
        if len(out) >= 3:
            break
        mentioned = re.search(
            rf"(?<![\w-]){re.escape(vocabulary.core(name))}(?![\w-])", vocabulary.core(chain_text)
        )
        if not mentioned and vocabulary.core(name) not in {vocabulary.core(o) for o in out}:
            out.append(name)
    return out


def _with_blank(found: Definition, side: str, mark: str) -> str:
    if side == "left":
        if found.form == "colon":
            return f"{mark}{found.sep} {found.right}"
        return f"{mark} {found.sep} {found.right}"
    return f"{found.left} {found.sep} {mark}"


def distinct(answer: str, candidates: list[str]) -> list[str]:
    """The candidates that differ from the answer and from each other, in order."""
    seen = {terms.norm(answer)}
    out = []
    for candidate in candidates:
        if terms.norm(candidate) not in seen and not any(
            contained(candidate, o) for o in [answer, *out]
        ):
            seen.add(terms.norm(candidate))
            out.append(candidate)
    return out


def _leaks(answer: str, distractors: list[str], clue: str) -> bool:
    """The clue gives the answer away when it holds a word (or a stem) only the answer has."""
    others: set[str] = set()
    for d in distractors:
        others |= terms.tokens(d)
    own = terms.tokens(answer) - others
    return any(terms.has_token(clue, t) for t in own) or leaks.gives_away(
        clue, answer, distractors
    )


def _draft(
    ctx: Context,
    topic: Section,
    section: Section,
    item: Item,
    answer: str,
    distractors: list[str],
    clue: str,
    mark: str,
) -> Draft:
    from content.importer.generators import Draft, stable_hash

    key = f"blank|{terms.norm(item.full)}|{terms.norm(answer)}"
    shown = [terms.without_remark(o) for o in (answer, *distractors)]
    if len({terms.norm(o) for o in shown}) == len(shown):
        answer, distractors = shown[0], shown[1:]
    shown = terms.even_asides([answer, *distractors])
    answer, distractors = shown[0], shown[1:]
    options = sorted([answer, *distractors], key=lambda o: stable_hash(key, terms.norm(o)))
    verdict = ctx.say("answer", answer=answer)
    return Draft(
        topic=topic,
        kind="blank",
        prompt=ctx.say("blank", clue=clue),
        options=tuple(options),
        answer=options.index(answer),
        explanation=wording.explanation(ctx.language, verdict, item.full, section.title),
        first=item.no,
        last=item.end,
        key=key,
        item=item,
        clue=clue,
    )
