"""Engine results as plain text in the learner's language; adapters may escape deck text."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.profiles import DailySetting
from bot.engine.views import (
    AnswerResult,
    AnswerStatus,
    Leaderboard,
    LeaderRow,
    QuestionSummary,
    QuestionView,
    Stats,
    TopicNotFound,
    TopicProgress,
)
from bot.messages import commands
from bot.messages.catalogue import tr

Escape = Callable[[str], str]


def _same(value: str) -> str:
    return value


def question(lang: str | None, q: QuestionView, esc: Escape = _same) -> str:
    lines = [f"[{esc(q.topic_title)}] ({tr(lang, 'reason_' + q.reason)})", esc(q.prompt), ""]
    lines += [f"  {i}. {esc(option)}" for i, option in enumerate(q.options, start=1)]
    if q.drill_hint:
        lines += ["", drill_hint(lang, q.drill_hint, commands.TERMINAL)]
    return "\n".join(lines)


def drill_hint(lang: str | None, pair_id: str, place: str) -> str:
    """Under a question when nothing is due: the drill on the pair the learner confuses."""
    return tr(lang, "drill_hint", cmd=commands.spelled("drill", place), pair=pair_id)


def answer(lang: str | None, r: AnswerResult, esc: Escape = _same) -> str:
    """The reply to an answer: verdict, the right option, why, and where it comes from."""
    if not r.status.counted:
        return refusal(lang, r)
    assert r.correct_index is not None and r.chosen is not None
    lines = [tr(lang, "correct" if r.status is AnswerStatus.CORRECT else "wrong")]
    if r.status is AnswerStatus.WRONG:
        lines.append(tr(lang, "your_option", option=_numbered(r.options, r.chosen, esc)))
    lines.append(tr(lang, "correct_option", option=_numbered(r.options, r.correct_index, esc)))
    lines.append(tr(lang, "explanation", text=esc(r.explanation)))
    lines.append(tr(lang, "source", source=esc(r.source), section=esc(r.source_section)))
    if r.streak:
        lines.append(tr(lang, "streak", days=r.streak))
    return "\n".join(lines)


def refusal(lang: str | None, r: AnswerResult) -> str:
    """Why an answer counted nothing."""
    if r.status is AnswerStatus.INVALID_OPTION:
        return tr(lang, "invalid_option", n=len(r.options))
    return tr(lang, r.status.value)


def _numbered(options: tuple[str, ...], index: int, esc: Escape) -> str:
    return f"{index + 1}. {esc(options[index])}"


def topic_not_found(lang: str | None, nf: TopicNotFound, esc: Escape = _same) -> str:
    if not nf.valid:
        return tr(lang, "no_questions")
    key = "topic_ambiguous" if nf.ambiguous else "topic_not_found"
    lines = [tr(lang, key, query=esc(nf.query))]
    lines += [f"  {tid} — {esc(title)}" for tid, title in nf.valid]
    return "\n".join(lines)


def topics(lang: str | None, items: list[TopicProgress], esc: Escape = _same) -> str:
    lines = [tr(lang, "topics_header")]
    several = len({t.deck for t in items}) > 1
    deck = None
    for t in items:
        if several and t.deck != deck:
            deck = t.deck
            lines.append(f"[{esc(deck)}]")
        lines.append(
            "  "
            + tr(
                lang,
                "topic_line",
                id=t.id,
                title=esc(t.title),
                questions=t.questions,
                mastery=t.mastery,
            )
        )
    lines.append(tr(lang, "topics_footer"))
    return "\n".join(lines)


def stats(lang: str | None, s: Stats) -> str:
    text = (
        _stats(lang, s)
        + "\n"
        + tr(lang, "stats_freezes", held=s.freezes_held, used=s.freezes_used)
    )
    if s.days_to_exam is not None:
        text += "\n" + tr(lang, "stats_exam", days=s.days_to_exam)
    return text


def _stats(lang: str | None, s: Stats) -> str:
    return tr(
        lang,
        "stats",
        answered=s.answered,
        correct=s.correct,
        accuracy=s.accuracy,
        current=s.current_streak,
        best=s.best_streak,
        due=s.due_now,
        reviewed=s.reviewed_cards,
    )


def leaderboard(lang: str | None, board: Leaderboard, esc: Escape = _same) -> str:
    lines = [tr(lang, "leaderboard_header")]
    sections = (
        (
            tr(lang, "leaderboard_week", start=board.week_start.isoformat()),
            board.week,
            board.my_week,
        ),
        (tr(lang, "leaderboard_all"), board.all_time, board.my_all_time),
    )
    for title, rows, mine in sections:
        lines.append(title)
        if not rows:
            lines.append("  " + tr(lang, "leaderboard_empty"))
        lines += ["  " + leader_row(lang, row, esc) for row in rows]
        if mine is not None:
            lines += ["  …", "  " + leader_row(lang, mine, esc)]
    return "\n".join(lines)


def leader_row(lang: str | None, row: LeaderRow, esc: Escape = _same) -> str:
    line = tr(
        lang,
        "leaderboard_row",
        rank=row.rank,
        name=esc(row.name),
        points=row.points,
        answered=row.answered,
        accuracy=row.accuracy,
    )
    return f"{line} 🔥{row.streak}" if row.streak else line


def summary(lang: str | None, s: QuestionSummary, esc: Escape = _same) -> str:
    """Yesterday's channel question: how many answered, who got it right, the answer."""
    names = ", ".join(esc(n) for n in s.right[:30]) or tr(lang, "daily_result_nobody")
    return tr(lang, "daily_result", answered=s.answered, names=names, option=esc(s.correct_option))


def help_text(lang: str | None, place: str) -> str:
    """Every command that applies in `place`, one line per way of calling it."""
    language = lang or "ja"
    return "\n".join([tr(lang, "help_header"), *commands.help_lines(language, place)])


def usage(lang: str | None, invalid: commands.Invalid, name: str, place: str) -> str:
    """What was wrong with a command's argument, and how to call it in `place`."""
    return tr(lang, invalid.key, cmd=commands.spelled(name, place), **invalid.values)


def daily_setting(lang: str | None, setting: DailySetting, place: str) -> str:
    """What a /daily HH:MM or /daily off did."""
    if setting.local_time is None:
        return tr(lang, "daily_off" if setting.was_set else "daily_not_set")
    cmd = commands.spelled("daily", place)
    # The terminal sends nothing by itself: its question waits for the next `studybot chat`.
    key = "daily_set_terminal" if place == commands.TERMINAL else "daily_set"
    return tr(lang, key, time=setting.local_time, tz=setting.timezone, cmd=cmd)


def daily_current(lang: str | None, setting: DailySetting, place: str) -> str:
    """The answer to /daily with no argument: the question of the day as it stands."""
    cmd = commands.spelled("daily", place)
    if setting.local_time is None:
        return tr(lang, "daily_none", cmd=cmd)
    return tr(lang, "daily_current", time=setting.local_time, tz=setting.timezone, cmd=cmd)
