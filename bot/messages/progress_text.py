"""Progress and exam-date results as plain text: the lines under the picture, the terminal's
text-only report, and the replies to /exam."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.progress_views import ExamSetting, ProgressReport
from bot.messages import commands
from bot.messages.catalogue import tr

Escape = Callable[[str], str]


def _same(value: str) -> str:
    return value


def caption(lang: str | None, r: ProgressReport, esc: Escape = _same) -> str:
    """Two or three lines with the picture's key numbers."""
    if r.empty:
        return tr(lang, "progress_empty")
    title = esc(r.title or "studybot")
    if r.streak is None:
        head = tr(
            lang,
            "progress_team",
            title=title,
            answers=r.answers,
            days=r.active_days,
            members=r.members,
        )
    else:
        s = r.streak
        head = tr(
            lang,
            "progress_summary",
            title=title,
            answers=r.answers,
            days=r.active_days,
            current=s.current,
            best=s.best,
            held=s.freezes_held,
            used=s.freezes_used,
        )
    lines = [head]
    weak = r.weakest
    if weak is not None:
        score = weak.on_exam if weak.on_exam is not None else weak.now
        lines.append(
            tr(lang, "progress_ready", ready=r.readiness, weakest=esc(weak.title), weak=score)
        )
    if r.exam is not None:
        lines.append(tr(lang, "progress_exam", days=r.exam.days_left, ready=r.exam.readiness))
    return "\n".join(lines)


def report(lang: str | None, r: ProgressReport) -> str:
    """The terminal's text-only version: the caption, then every topic weakest first."""
    lines = [caption(lang, r)]
    if r.empty:
        return lines[0]
    for t in r.topics:
        exam = "" if t.on_exam is None else tr(lang, "progress_topic_exam", on_exam=t.on_exam)
        lines.append(
            "  "
            + tr(lang, "progress_topic", title=t.title, now=t.now, exam=exam, mastery=t.mastery)
        )
    return "\n".join(lines)


def exam_setting(lang: str | None, s: ExamSetting, place: str) -> str:
    cmd = commands.spelled("exam", place)
    day = s.day.isoformat() if s.day else ""
    previous = s.previous.isoformat() if s.previous else ""
    return tr(lang, f"exam_{s.status}", day=day, previous=previous, days=s.days_left, cmd=cmd)
