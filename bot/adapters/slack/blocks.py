"""Engine results as Block Kit: channel questions, private results, leaderboards, App Home."""

from __future__ import annotations

from typing import Any

from bot.engine.views import (
    AnswerResult,
    AnswerStatus,
    Leaderboard,
    QuestionView,
    Stats,
    TopicProgress,
)
from bot.messages import commands, plain
from bot.messages.catalogue import tr

MAX_SECTION = 3000
MAX_BUTTON = 75
MAX_BLOCKS = 50
MAX_NAMES = 20
Block = dict[str, Any]


def esc(value: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def section(markdown: str) -> Block:
    if len(markdown) > MAX_SECTION:
        markdown = markdown[: MAX_SECTION - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": markdown}}


def context(markdown: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": markdown[:MAX_SECTION]}]}


def button(label: str, action_id: str, value: str) -> Block:
    if len(label) > MAX_BUTTON:
        label = label[: MAX_BUTTON - 1] + "…"
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label, "emoji": True},
        "action_id": action_id,
        "value": value,
    }


def question(lang: str, q: QuestionView, *, group: bool) -> list[Block]:
    head = f"*{esc(q.topic_title)}*  _{tr(lang, 'reason_' + q.reason)}_\n{esc(q.prompt)}"
    options = "\n".join(f"{i}. {esc(o)}" for i, o in enumerate(q.options, start=1))
    blocks = [
        section(head),
        section(options),
        {
            "type": "actions",
            "block_id": "answers",
            "elements": [
                button(f"{i + 1}. {o}", f"answer_{i}", f"{q.instance_id}:{i}")
                for i, o in enumerate(q.options)
            ],
        },
    ]
    if q.drill_hint:
        blocks.append(context(esc(plain.drill_hint(lang, q.drill_hint, commands.SLACK))))
    if group:
        blocks.append(tally(lang, 0, ()))
    return blocks


def tally(lang: str, count: int, names: tuple[str, ...]) -> Block:
    shown = ", ".join(esc(n) for n in names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += ", …"
    line = tr(lang, "group_answers", n=count)
    block = context(f"{line}: {shown}" if shown else line)
    block["block_id"] = "tally"
    return block


def with_tally(blocks: list[Block], lang: str, count: int, names: tuple[str, ...]) -> list[Block]:
    """The channel message's blocks with the answer count and names brought up to date."""
    kept = [b for b in blocks if b.get("block_id") != "tally"]
    return [*kept, tally(lang, count, names)]


def result(lang: str, r: AnswerResult) -> list[Block]:
    """One person's result: verdict, the right option, why, and where it comes from."""
    if not r.status.counted:
        return [section(esc(plain.refusal(lang, r)))]
    assert r.correct_index is not None and r.chosen is not None
    verdict = tr(lang, "correct" if r.status is AnswerStatus.CORRECT else "wrong")
    lines = [f"*{verdict}*"]
    if r.status is AnswerStatus.WRONG:
        lines.append(tr(lang, "your_option", option=_numbered(r, r.chosen)))
    lines.append(tr(lang, "correct_option", option=_numbered(r, r.correct_index)))
    lines.append(tr(lang, "explanation", text=esc(r.explanation)))
    lines.append(tr(lang, "source", source=esc(r.source), section=esc(r.source_section)))
    if r.streak:
        lines.append(tr(lang, "streak", days=r.streak))
    return [section("\n".join(lines))]


def summary(lang: str, r: AnswerResult) -> str:
    """The notification text that goes with a result's blocks."""
    if not r.status.counted:
        return plain.refusal(lang, r)
    return tr(lang, "correct" if r.status is AnswerStatus.CORRECT else "wrong")


def _numbered(r: AnswerResult, index: int) -> str:
    return f"{index + 1}. {esc(r.options[index])}"


def next_button(lang: str) -> Block:
    return {
        "type": "actions",
        "block_id": "next",
        "elements": [button(tr(lang, "next_button"), "next", "next")],
    }


def leaderboard(lang: str, board: Leaderboard) -> list[Block]:
    blocks: list[Block] = [section(f"*{tr(lang, 'leaderboard_header')}*")]
    parts = (
        (
            tr(lang, "leaderboard_week", start=board.week_start.isoformat()),
            board.week,
            board.my_week,
        ),
        (tr(lang, "leaderboard_all"), board.all_time, board.my_all_time),
    )
    for title, rows, mine in parts:
        lines = [f"*{title}*"]
        lines += [plain.leader_row(lang, r, esc) for r in rows] or [tr(lang, "leaderboard_empty")]
        if mine is not None:
            lines += ["…", plain.leader_row(lang, mine, esc)]
        blocks.append(section("\n".join(lines)))
    return blocks


def plain_text(message: str) -> list[Block]:
    return [section(esc(message))]


def home(lang: str, s: Stats, topics: list[TopicProgress]) -> dict[str, Any]:
    """The App Home tab: streak, accuracy per topic, cards due, and a way to start."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "studybot"}},
        section(plain.stats(lang, s)),
        {
            "type": "actions",
            "block_id": "home",
            "elements": [button(tr(lang, "home_start"), "home_quiz", "start")],
        },
        {"type": "divider"},
    ]
    lines = [tr(lang, "home_topics")]
    for t in topics:
        lines.append(
            tr(lang, "home_topic", title=esc(t.title), mastered=t.mastered, questions=t.questions)
        )
    chunk: list[str] = []
    for line in lines:
        if sum(len(x) + 1 for x in chunk) + len(line) > MAX_SECTION - 10:
            blocks.append(section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section("\n".join(chunk)))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}
