"""The quality report: questions per kind and per topic, and the doubtful ones to review first."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from content.importer import leaks
from content.importer.generators import KIND_NAMES, KIND_ORDER, Draft

if TYPE_CHECKING:
    from content.importer import Result

MAX_UNREAD = 5
SHORT_KINDS = {
    "qa": "own Q/A",
    "which": "which",
    "row": "table",
    "subject": "topic",
    "blank": "blank",
    "truefalse": "true/false",
}


def assess(draft: Draft) -> list[str]:
    """Why a reviewer should look at this question first (empty: nothing seen).

    Only signs that went with wrong questions on the judged memos (content/IMPORT.md,
    "Quality") are raised: most of what used to be doubtful is no longer asked at all.
    """
    reasons = list(draft.doubts)
    if draft.options:
        answer = draft.options[draft.answer]
        others = [o for i, o in enumerate(draft.options) if i != draft.answer]
        words = leaks.content_words(draft.clue)
        if draft.kind in ("which", "subject") and len(draft.options) >= 4 and len(words) <= 3:
            reasons.append("a short line against four or more options: check that only one fits")
        if draft.kind in ("blank", "subject") and len(answer) > 2 * max(map(len, others)) + 4:
            reasons.append("the answer is much longer than the other options")
    return reasons


def kind_counts(result: Result) -> dict[str, int]:
    built = result.built
    found = Counter(d.kind for _, d in built.drafts) if built is not None else Counter()
    return {SHORT_KINDS[k]: found[k] for k in KIND_ORDER if found[k]}


def render(result: Result) -> str:
    out: list[str] = []
    source = result.deck.source or "input"
    out.append(f"Quality report: {source} → {result.out} (deck '{result.deck.id}')")
    if result.built is None or result.memo is None:
        out.append(f"CSV rows imported: {result.csv_rows}")
        out.extend(_tail(result))
        return "\n".join(out)
    memo, built = result.memo, result.built
    drafts = built.drafts
    out.append(
        f"Topics found: {len(memo.topics)} ({len(memo.topics) - len(built.empty_topics)} "
        f"with questions); language: {memo.language}"
    )
    out.append(f"Generated questions: {len(drafts)}")
    out.append("  by kind:")
    kinds = Counter(d.kind for _, d in drafts)
    for kind in KIND_ORDER:
        out.append(f"    {KIND_NAMES[kind]:<36} {kinds[kind]:>4}")
    out.append("  by topic:")
    for topic in memo.topics:
        tid = built.topic_ids[id(topic)]
        mine = Counter(d.kind for _, d in drafts if d.topic is topic)
        detail = ", ".join(f"{SHORT_KINDS[k]} {mine[k]}" for k in KIND_ORDER if mine[k])
        title = topic.title if len(topic.title) <= 40 else topic.title[:39] + "…"
        total = sum(mine.values())
        line = f"    {tid:<34} {total:>3}  {title}"
        out.append(f"{line}  ({detail})" if detail else f"{line}  (none: left out)")
    if built.unread:
        out.append(f"Left out, showing markup this importer does not read: {len(built.unread)}")
        out.extend(f"    line {line}: {shown}" for line, shown in built.unread[:MAX_UNREAD])
        if len(built.unread) > MAX_UNREAD:
            out.append(f"    … and {len(built.unread) - MAX_UNREAD} more")
    doubtful = [(qid, d) for qid, d in drafts if d.doubts]
    out.append(f"Doubtful questions: {len(doubtful)} (review these first)")
    for qid, draft in doubtful:
        out.append(f"    {qid}  line {draft.first}: {'; '.join(draft.doubts)}")
    out.extend(_tail(result))
    return "\n".join(out)


def _tail(result: Result) -> list[str]:
    out: list[str] = []
    if result.kept:
        out.append(
            f"Kept as they were in the deck (reviewed, hand-written or merged): {result.kept}"
        )
    out.append(f"Retired ids: {len(result.retired)}")
    out.extend(f"    {rid}" for rid in result.retired)
    if result.warnings:
        out.append("Warnings:")
        out.extend(f"    {w}" for w in result.warnings)
    return out
