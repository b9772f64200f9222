"""A repeated tap on an answer whose result Telegram never showed shows that result.

When Telegram fails after an answer is stored (the reply retried until retry.py gave up), the
question still carries its answer buttons, and a second tap would only hear "already
answered". Two things say the result was shown: the tapped message as Telegram sends it with
the tap (in a private chat the result replaces the buttons), and, for a quick double tap that
left before that edit, this process's memory of the results it showed. Nothing is stored in
the database for this: after a restart a repeated tap shows the result once more.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace

from telegram import Message

from bot.adapters.telegram import markup
from bot.engine.views import AnswerResult, AnswerStatus

REMEMBERED = 10_000  # results; older ones are forgotten first


class ShownResults:
    """The (question, learner) pairs whose result this process has shown, newest last."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._shown: OrderedDict[tuple[int, str], None] = OrderedDict()

    def add(self, instance_id: int, user_id: str) -> None:
        self._shown[(instance_id, user_id)] = None
        if len(self._shown) > self.size:
            self._shown.popitem(last=False)

    def discard(self, instance_id: int, user_id: str) -> None:
        self._shown.pop((instance_id, user_id), None)

    def __contains__(self, key: tuple[int, str]) -> bool:
        return key in self._shown


def unshown(
    result: AnswerResult, message: Message | None, user_id: str, shown: ShownResults
) -> AnswerResult:
    """The first tap's result again when it was never shown; else result as it is."""
    if result.status is not AnswerStatus.ALREADY_ANSWERED or result.chosen is None:
        return result
    if (result.instance_id, user_id) in shown:
        return result
    if message is None or not still_asking(message, result.instance_id):
        return result
    status = AnswerStatus.CORRECT if result.chosen == result.correct_index else AnswerStatus.WRONG
    return replace(result, status=status)


def still_asking(message: Message, instance_id: int) -> bool:
    keyboard = message.reply_markup.inline_keyboard if message.reply_markup else ()
    for row in keyboard:
        for button in row:
            tap = markup.parse_tap(button.callback_data)  # type: ignore[arg-type]
            if tap is not None and tap.action == "answer" and tap.instance_id == instance_id:
                return True
    return False
