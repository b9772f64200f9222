"""The author's own self-quiz pairs (`Q.` / `A.`, `問` / `答`) as choice questions.

The question is kept as written; the right option is the author's answer, and the wrong
ones are the answers of the neighbouring pairs (the same section first, then the topic,
then the memo), or for a short term answer, terms of its kind from the memo.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from content.importer import leaks, terms, vocabulary, wording
from content.importer.blanks import distinct
from content.importer.definitions import runs
from content.importer.tree import Item, Memo, Section

if TYPE_CHECKING:
    from content.importer.generators import Context, Draft

MAX_OPTION = 100
_REPLY = re.compile(
    r"^(?:yes|no|はい|いいえ|(?:でき|使え|要ら|いら|行え)(?:る|ない|ます|ません)|必要|不要|可能|不可)$",
    re.IGNORECASE,
)

# A question that offers its candidates: "A と B のどっち？", "A or B?", "which of A, B".
_OFFERS = re.compile(r"どっち|どちら|\bwhich\b|\bor\b", re.IGNORECASE)


def generate(ctx: Context, memo: Memo) -> list[Draft]:
    pairs = [
        (topic, section, item)
        for topic in memo.topics
        for section, item in topic.all_items()
        if item.kind == "qa" and item.answer
    ]
    out = []
    for index, (topic, section, item) in enumerate(pairs):
        others = _neighbours(pairs, index)
        draft = _question(ctx, topic, section, item, others)
        if draft is not None:
            out.append(draft)
    return out


# A question a yes or a no answers: no question word, and a short reply of either sign.
_ASKS_WHAT = re.compile(
    r"何|なに|どれ|どこ|どの|どう|いつ|誰|なぜ|いくつ|いくら|"
    r"\b(?:what|which|how|who|whom|when|where|why)\b",
    re.IGNORECASE,
)
_NO = re.compile(r"^(?:no|not)\b|(?:ない|ません|いいえ|不要|不可|なし|無理)$", re.IGNORECASE)
_YES = re.compile(r"^yes\b|(?:る|ます|はい|必要|可能|あり|できる)$", re.IGNORECASE)


def _sign(question: str, head: str) -> bool | None:
    """True for a yes, False for a no, None when the pair is no yes/no question
    ("すぐに消える？" → "消えない。…" is a no; "何を使う？" asks for a thing)."""
    if not question.rstrip().endswith(("？", "?")) or _ASKS_WHAT.search(question):
        return None
    if _OFFERS.search(question) or len(head) > 15:
        return None
    if _NO.search(head):
        return False
    return True if _YES.search(head) else None


def _offered(question: str, answer: str) -> list[str]:
    """The other candidates a question offers ("Parameter Store と Secrets Manager のどっち？",
    "SQS or SNS?"), taken from the sentence that offers them; [] when it offers none or the
    answer is not among them."""
    found = _OFFERS.search(question)
    if found is None:
        return []
    sentences = re.split(r"(?<=[。？！?!])\s*|(?<=\.)\s+", question)
    at = 0
    for sentence in sentences:
        if at + len(sentence) >= found.end():
            break
        at += len(sentence)
    names = [p for p in terms.name_phrases(sentence) if terms.is_term(p)]
    if terms.norm(answer) not in {terms.norm(n) for n in names}:
        return []
    return [n for n in names if terms.norm(n) != terms.norm(answer)]


def _head(answer: str) -> str:
    """What an answer says first: "The task role." → "The task role", "awsvpc; …" → "awsvpc",
    "Warm standby, because …" → "Warm standby"."""
    head = re.split(r"[。．;；]|\.(?:\s|$)", answer, maxsplit=1)[0]
    head = terms.PARENS.sub("", head).strip() or head.strip()
    first = re.split(r"[,、，]\s*", head, maxsplit=1)[0].strip()
    return first if first != head and (terms.is_term(first) or _REPLY_WORD.match(first)) else head


_REPLY_WORD = re.compile(r"^(?:yes|no|はい|いいえ)$", re.IGNORECASE)


def _listed_with(memo: Memo, answer: str) -> tuple[str, list[str]]:
    """The memo's own name for the answer and what it lists beside it: the titles of the
    sections beside the one it titles ("Warm Standby" beside "Pilot Light"), or the terms
    defined beside it ("Geolocation routing" is the "Geolocation" of a list of policies)."""
    want = terms.norm(answer)

    def same(name: str) -> bool:
        return want == terms.norm(name) or want.startswith(terms.norm(name) + " ")

    for topic in memo.topics:
        for section in topic.walk():
            lists = [[d.left for _, d in run] for run in runs(section.items)]
            lists += [[terms.display_name(c.title) for c in section.children]]
            for names in lists:
                found = [n for n in names if same(n)]
                if found and len(names) >= 2:
                    return found[0], [n for n in names if n != found[0]]
    return answer, []


def _alike(answer: str, other: str) -> bool:
    """Another pair's answer is a plausible wrong option when it answers the same kind of
    question: both heads terms of one kind, or heads sharing a word ("The task role" /
    "The task execution role"); "5つまで" and a sentence about roles are not."""
    mine, theirs = _head(answer), _head(other)
    if _REPLY.match(mine) or _REPLY.match(theirs):  # "できない。…" beside "使えない。…"
        return bool(_REPLY.match(mine) and _REPLY.match(theirs))
    if terms.is_term(mine) and terms.is_term(theirs):
        return terms.term_kind(mine) == terms.term_kind(theirs)
    return bool(leaks.content_words(mine) & leaks.content_words(theirs))


def _neighbours(pairs: list[tuple[Section, Section, Item]], index: int) -> list[str]:
    """Answers of the other pairs: the same section's, then the topic's, then the nearest."""
    topic, section, _ = pairs[index]
    near = range(max(0, index - 20), min(len(pairs), index + 21))
    ordered = sorted(
        (i for i in near if i != index),
        key=lambda i: (pairs[i][1] is not section, pairs[i][0] is not topic, abs(i - index)),
    )
    return [pairs[i][2].answer for i in ordered]


def _question(
    ctx: Context, topic: Section, section: Section, item: Item, others: list[str]
) -> Draft | None:
    from content.importer.generators import Draft, stable_hash

    full = item.answer
    head = _head(full)
    sign = _sign(item.text, head)
    if sign is not None:
        # "KMS キーを削除したらすぐに消える？" → "消えない。…": asked as written, answered by
        # a yes or a no, with the author's whole answer as the explanation.
        answer, other = (ctx.say("yes"), ctx.say("no"))[:: 1 if sign else -1]
        distractors = [other]
        listed = True
    elif terms.is_term(head) and len(head) <= 40 and not _REPLY.match(head):
        # "REST API。API キー + …": the option is the term; the explanation keeps the rest.
        answer = head
        category = vocabulary.category(head)

        def fits(other: str) -> bool:
            if category or vocabulary.category(other):  # an AWS name is a rival of its kind only
                return vocabulary.category(other) == category
            return terms.term_kind(other) == terms.term_kind(head) and ctx.pool.defines(other)

        offered = _offered(item.text, head)
        named = [
            p
            for p in terms.name_phrases(item.text)
            if terms.norm(p) != terms.norm(head) and fits(p)
        ]
        heads = [h for h in (_head(o) for o in others) if terms.is_term(h) and fits(h)]
        answer, beside = (head, []) if offered else _listed_with(ctx.memo, head)
        distractors = distinct(answer, offered or [*beside, *named, *heads])[:3]
        if offered:
            named = offered  # the question's own candidates are its options, and no others
        elif len(distractors) < 3 and category:
            # A quiz is often a section of its own: the whole memo's names are its neighbours.
            extra = ctx.pool.distractors(answer, item.text, 3 - len(distractors), distractors)
            distractors = distinct(answer, [*distractors, *extra])[:3]
        # "HTTP API と REST API どっち？" names the options: that is the question, no leak.
        listed = bool(named) and terms.norm(answer) in terms.norm(item.text)
    else:
        answer = full
        alike = [o for o in others if _alike(full, o)]
        distractors = distinct(answer, [o for o in alike if len(o) <= MAX_OPTION])[:3]
        listed = False
    if len(answer) > MAX_OPTION or not distractors:
        return None
    if not listed and leaks.gives_away(item.text, _head(answer), [_head(d) for d in distractors]):
        return None
    key = f"qa|{terms.norm(item.text)}|{terms.norm(answer)}"
    if sign is None:
        options = sorted([answer, *distractors], key=lambda o: stable_hash(key, terms.norm(o)))
    else:
        options = [ctx.say("yes"), ctx.say("no")]  # always in this order, as people say it
    verdict = ctx.say("answer", answer=answer)
    line = f"{item.text} → {full}"
    asks = item.text.rstrip().endswith(("？", "?"))
    prompt = item.text if asks else ctx.say("ask", q=item.text)
    return Draft(
        topic=topic,
        kind="qa",
        prompt=prompt,
        options=tuple(options),
        answer=options.index(answer),
        explanation=wording.explanation(ctx.language, verdict, line, section.title),
        first=item.no,
        last=item.end,
        key=key,
        item=item,
        clue=item.text,
    )
