"""Engine results as Telegram HTML messages, inline keyboards and callback data."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.adapters.button_ids import answer_ids
from bot.engine.views import AnswerResult, AnswerStatus, QuestionView, TopicProgress
from bot.messages import commands, plain
from bot.messages.catalogue import tr

MAX_MESSAGE = 4096
MAX_ALERT = 200  # answerCallbackQuery text limit
MAX_BUTTON_LABEL = 60


def esc(value: str) -> str:
    return html.escape(value, quote=False)


# -- callback data: at most 64 bytes, carrying ids only ---------------------------------------


@dataclass(frozen=True)
class Tap:
    action: str  # "answer", "drill" (a drill question's answer), "next", "topic", "forget"
    instance_id: int = 0
    option: int = 0
    value: str = ""
    asker: str = ""  # forget: the user id of the person who asked (empty on older buttons)


def answer_data(instance_id: int, option: int, kind: str = "a") -> str:
    return f"{kind}:{instance_id}:{option}"


def parse_tap(data: str | None) -> Tap | None:
    """Decode button data; None for anything this bot did not produce."""
    if not data or len(data) > 64 or not _utf8(data):
        return None
    kind, _, rest = data.partition(":")
    if kind in ("a", "d"):
        instance, _, option = rest.partition(":")
        ids = answer_ids(instance, option)
        return Tap("answer" if kind == "a" else "drill", *ids) if ids else None
    if kind == "n":
        return Tap("next", value=rest)
    if kind == "t" and rest:
        return Tap("topic", value=rest)
    choice, _, asker = rest.partition(":")
    if kind == "f" and choice in ("yes", "no") and (asker == "" or asker.isascii()):
        return Tap("forget", value=choice, asker=asker)
    return None


def _utf8(data: str) -> bool:
    """Whether `data` is text Telegram could have sent: at most 64 bytes, no lone surrogate."""
    try:
        return len(data.encode()) <= 64
    except UnicodeEncodeError:
        return False


# -- messages ----------------------------------------------------------------------------------


def question(lang: str | None, q: QuestionView, answers: int | None = None) -> str:
    lines = [f"<b>{esc(q.topic_title)}</b>  <i>{tr(lang, 'reason_' + q.reason)}</i>", ""]
    lines.append(esc(q.prompt))
    lines.append("")
    lines += [f"{i}. {esc(option)}" for i, option in enumerate(q.options, start=1)]
    if q.drill_hint:
        lines += ["", esc(plain.drill_hint(lang, q.drill_hint, commands.PRIVATE))]
    if answers is not None:
        lines += ["", tr(lang, "group_answers", n=answers)]
    return "\n".join(lines)


def question_keyboard(q: QuestionView, kind: str = "a") -> InlineKeyboardMarkup:
    """A button per option; `kind` "d" marks a drill question's buttons."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _label(i, option), callback_data=answer_data(q.instance_id, i, kind)
                )
            ]
            for i, option in enumerate(q.options)
        ]
    )


def _label(index: int, option: str) -> str:
    label = f"{index + 1}. {option}"
    return label if len(label) <= MAX_BUTTON_LABEL else label[: MAX_BUTTON_LABEL - 1] + "…"


def answered(lang: str | None, q_text: str, r: AnswerResult) -> str:
    """The question message after a private answer: verdict, marked options, why, source."""
    marks = []
    for i, option in enumerate(r.options):
        mark = "✅" if i == r.correct_index else ("❌" if i == r.chosen else "▫️")
        marks.append(f"{mark} {i + 1}. {esc(option)}")
    verdict = tr(lang, "correct" if r.status is AnswerStatus.CORRECT else "wrong")
    lines = [q_text, "", f"<b>{verdict}</b>", *marks, ""]
    lines.append(tr(lang, "explanation", text=esc(r.explanation)))
    lines.append(tr(lang, "source", source=esc(r.source), section=esc(r.source_section)))
    if r.streak:
        lines.append(tr(lang, "streak", days=r.streak))
    return "\n".join(lines)


def next_keyboard(lang: str | None, topic: str = "") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr(lang, "next_button"), callback_data=f"n:{topic}"[:64])]]
    )


def alert(lang: str | None, r: AnswerResult, *, group: bool = False) -> str:
    """A group member's private result, short enough for a callback alert.

    In a group a repeated tap on an answer already recorded shows that answer's result again:
    there the alert is the only place a member sees it, and the first alert may never have
    arrived (Telegram failing past the retries). A private chat's result is in the message."""
    repeated = group and r.status is AnswerStatus.ALREADY_ANSWERED and r.chosen is not None
    if not r.status.counted and not repeated:
        return plain.refusal(lang, r)[:MAX_ALERT]
    assert r.correct_index is not None
    right = r.chosen == r.correct_index if repeated else r.status is AnswerStatus.CORRECT
    verdict = tr(lang, "correct" if right else "wrong")
    head = f"{verdict}\n" + tr(
        lang, "correct_option", option=f"{r.correct_index + 1}. {r.options[r.correct_index]}"
    )
    if repeated:
        head = f"{tr(lang, 'already_yours', option=r.chosen + 1)}\n{head}"  # type: ignore[operator]
    full = f"{head}\n{r.explanation}"
    return full if len(full) <= MAX_ALERT else full[: MAX_ALERT - 1] + "…"


def topics_keyboard(items: list[TopicProgress]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_label_plain(t.title), callback_data=f"t:{t.id}")] for t in items]
    )


def _label_plain(title: str) -> str:
    return title if len(title) <= MAX_BUTTON_LABEL else title[: MAX_BUTTON_LABEL - 1] + "…"


def forget_keyboard(lang: str | None, asker: str) -> InlineKeyboardMarkup:
    """Delete / Cancel, for the person `asker` (a user id) only."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(tr(lang, "forget_yes"), callback_data=f"f:yes:{asker}"),
                InlineKeyboardButton(tr(lang, "forget_no"), callback_data=f"f:no:{asker}"),
            ]
        ]
    )


def split(message: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Cut a long message at line breaks into pieces Telegram accepts."""
    pieces: list[str] = []
    current = ""
    for line in message.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            cut = _safe_cut(line, limit)
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces


def _safe_cut(line: str, limit: int) -> int:
    # Never split an HTML entity such as &amp; — Telegram would reject both halves.
    amp = line.rfind("&", max(0, limit - 8), limit)
    return amp if amp > 0 and ";" not in line[amp:limit] else limit
