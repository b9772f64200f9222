"""Turn a parsed memo and its draft questions into deck data: topics, summaries, questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from content.importer import ids, pairs, residue, terms, wording
from content.importer.generators import Draft, generate
from content.importer.groups import usable_clue
from content.importer.report import assess
from content.importer.tree import Memo, Section
from content.schema import MAX_TITLE_CHARS

MAX_SUMMARY = 300
# Far more than anyone reviews, and it keeps the deck file well under the loader's 5 MB.
MAX_QUESTIONS = 2000


@dataclass
class Built:
    data: dict[str, Any]
    drafts: list[tuple[str, Draft]]  # (question id, draft) in deck order
    topic_ids: dict[int, str]  # id(section) -> topic id
    empty_topics: list[Section] = field(default_factory=list)
    left_out: int = 0  # questions beyond MAX_QUESTIONS
    # Questions left out for markup the reader did not understand: (memo line, the markup).
    unread: list[tuple[int, str]] = field(default_factory=list)


def build(memo: Memo, deck_id: str, source: str, reserved: dict[str, str] | None = None) -> Built:
    drafts, unread = _readable(generate(memo))
    left_out = max(0, len(drafts) - MAX_QUESTIONS)
    drafts = drafts[:MAX_QUESTIONS]
    titles = [t.title for t in memo.topics]
    tids = ids.topic_ids(titles, [t.raw_title or t.title for t in memo.topics], reserved)
    topic_id = {id(t): tid for t, tid in zip(memo.topics, tids, strict=True)}
    questions: list[dict[str, Any]] = []
    placed: list[tuple[str, Draft]] = []
    seen: set[str] = set()
    for draft in drafts:
        qid = ids.question_id(topic_id[id(draft.topic)], draft.kind, draft.key)
        if qid in seen:
            continue
        seen.add(qid)
        draft.doubts = assess(draft)
        placed.append((qid, draft))
        questions.append(_question(qid, topic_id[id(draft.topic)], draft))
    used = {q["topic"] for q in questions}
    topics = []
    empty = []
    for topic in memo.topics:
        tid = topic_id[id(topic)]
        if tid not in used:
            empty.append(topic)
            continue
        topics.append(
            {
                "id": tid,
                "title": _title(topic.title),
                "summary": summary(topic, memo.language),
                "source_section": topic.raw_title or topic.title,
            }
        )
    data = {
        "id": deck_id,
        "title": _title(memo.title),
        "language": memo.language,
        "source": source,
        "topics": topics,
        "questions": questions,
    }
    found = pairs.pairs(memo.topics, placed, memo.language)
    if found:
        data["pairs"] = found  # drills on what the memo sets side by side (pairs.py)
    return Built(data, placed, topic_id, empty, left_out, unread)


def _readable(drafts: list[Draft]) -> tuple[list[Draft], list[tuple[int, str]]]:
    """The drafts a learner can read, and where the others showed markup (residue.py)."""
    keep: list[Draft] = []
    unread: list[tuple[int, str]] = []
    for draft in drafts:
        found = residue.in_question([draft.prompt, *(draft.options or ()), draft.explanation])
        if found is None:
            keep.append(draft)
        else:
            unread.append((draft.first, found))
    return keep, unread


def _question(qid: str, topic_id: str, draft: Draft) -> dict[str, Any]:
    question: dict[str, Any] = {
        "id": qid,
        "topic": topic_id,
        "type": "true_false" if draft.kind == "truefalse" else "choice",
        "prompt": draft.prompt,
    }
    if draft.options is not None:
        question["options"] = list(draft.options)
    question["answer"] = draft.answer
    question["explanation"] = draft.explanation
    question["source_section"] = draft.topic.raw_title or draft.topic.title
    question["generated"] = True
    question["source_lines"] = [draft.first, draft.last]
    return question


def _title(text: str) -> str:
    text = text.strip() or "memo"
    return wording.shorten(text, MAX_TITLE_CHARS)


def summary(topic: Section, language: str) -> str:
    """The topic's first lines, and the first line of each subsection, in a few words."""
    parts: list[str] = []
    for item in topic.items:
        if usable_clue(item) and len(parts) < 2:
            parts.append(item.full)
    for child in topic.children:
        if len(parts) >= 3:
            break
        first = next((i for _, i in child.all_items() if usable_clue(i)), None)
        if first is not None:
            parts.append(f"{child.title}: {first.full}")
    text = (" / " if language == "en" else "／").join(parts)
    return wording.shorten(text, MAX_SUMMARY)


def default_deck_id(stem: str) -> str:
    words = terms.slug_words(stem)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > ids.MAX_TOPIC_ID:
            break
        out = candidate
    return out or f"memo-{ids.short_hash(stem, 6)}"
