"""Drills as plain text in the learner's language; adapters pass their escape for deck text."""

from __future__ import annotations

from bot.engine.drill_views import (
    DRILL_LENGTH,
    DrillEnd,
    DrillList,
    DrillNotFound,
    DrillQuestion,
    DrillUnavailable,
)
from bot.messages import commands
from bot.messages.catalogue import tr
from bot.messages.plain import Escape, _same


def listing(lang: str | None, drills: DrillList, place: str, esc: Escape = _same) -> str:
    """The pairs that can be drilled here, each with the learner's accuracy on it."""
    if not drills.pairs:
        return tr(lang, "drill_none")
    lines = [tr(lang, "drill_list_header")]
    for p in drills.pairs:
        score = (
            tr(lang, "drill_list_score", accuracy=p.accuracy, answered=p.answered)
            if p.answered
            else tr(lang, "drill_list_untried")
        )
        labels = " / ".join(esc(label) for label in p.labels)
        line = tr(lang, "drill_list_line", id=p.id, title=esc(p.title), labels=labels, score=score)
        lines.append("  " + line)
    cmd = commands.spelled("drill", place)
    lines.append(tr(lang, "drill_list_footer", cmd=cmd, n=DRILL_LENGTH))
    return "\n".join(lines)


def not_found(lang: str | None, nf: DrillNotFound, esc: Escape = _same) -> str:
    if not nf.valid:
        return tr(lang, "drill_none")
    lines = [tr(lang, "drill_not_found", query=esc(nf.query))]
    lines += [f"  {pid} — {esc(title)}" for pid, title in nf.valid]
    return "\n".join(lines)


def unavailable(lang: str | None, u: DrillUnavailable, place: str, esc: Escape = _same) -> str:
    return tr(lang, "drill_unavailable", title=esc(u.title), cmd=commands.spelled("drill", place))


def header(lang: str | None, d: DrillQuestion, esc: Escape = _same) -> str:
    """The line above a drill question: which pair, which step."""
    line = tr(lang, "drill_header", title=esc(d.pair_title), step=d.step, total=d.total)
    return f"{line} {tr(lang, 'drill_resumed')}" if d.resumed else line


def end(lang: str | None, e: DrillEnd, place: str, esc: Escape = _same) -> str:
    """The one-screen contrast after a run: what each side is for, the clue, the score."""
    lines = [tr(lang, "drill_end", title=esc(e.title), correct=e.correct, total=e.total)]
    lines += [tr(lang, "drill_side", label=esc(label), use=esc(use)) for label, use in e.sides]
    lines.append(tr(lang, "drill_clue", clue=esc(e.clue)))
    lines.append(tr(lang, "drill_again", cmd=commands.spelled("drill", place), id=e.pair_id))
    return "\n".join(lines)


def outcome(
    lang: str | None,
    step: DrillQuestion | DrillEnd | DrillNotFound | DrillUnavailable,
    place: str,
    esc: Escape = _same,
) -> str | None:
    """The text of anything /drill <pair> can answer but a question (None for a question)."""
    if isinstance(step, DrillNotFound):
        return not_found(lang, step, esc)
    if isinstance(step, DrillUnavailable):
        return unavailable(lang, step, place, esc)
    if isinstance(step, DrillEnd):
        return end(lang, step, place, esc)
    return None
