"""/drill on Telegram: the list of pairs, a run's questions with buttons, the contrast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ParseMode

from bot.adapters.telegram import markup
from bot.engine.drill_views import DrillQuestion, DrillStart
from bot.engine.views import ChatRef, LearnerRef
from bot.messages import commands, drill_text

if TYPE_CHECKING:
    from bot.adapters.telegram.handlers import Handlers

PLACE = commands.PRIVATE


async def command(
    h: Handlers, update: Update, lang: str, learner: LearnerRef, chat: ChatRef, pair: str | None
) -> None:
    """/drill lists the pairs; /drill <pair> starts (or goes on with) a run of that pair."""
    if pair is None:
        listing = await h.engine.drills.listing(learner, chat)
        await h.reply(update, markup.esc(drill_text.listing(lang, listing, PLACE)))
        return
    step = await h.engine.drills.start(learner, chat, pair)
    await show(h, update, lang, step)


async def show(h: Handlers, update: Update, lang: str, step: DrillStart) -> None:
    text = drill_text.outcome(lang, step, PLACE)
    if text is not None:
        await h.reply(update, markup.esc(text))
        return
    assert isinstance(step, DrillQuestion)
    head = markup.esc(drill_text.header(lang, step))
    await h.reply(
        update,
        f"{head}\n{markup.question(lang, step.question)}",
        reply_markup=markup.question_keyboard(step.question, kind="d"),
    )


async def answer(
    h: Handlers, update: Update, lang: str, learner: LearnerRef, chat: ChatRef, tap: markup.Tap
) -> None:
    """A tap on a drill question: the result in place, then the next question or the end."""
    query = update.callback_query
    answered = await h.engine.drills.answer(learner, chat, tap.instance_id, tap.option)
    result = answered.result
    if not result.status.counted:
        await query.answer(markup.alert(lang, result), show_alert=True)
        return
    await query.answer()
    body = markup.answered(lang, query.message.text_html or "", result)
    pieces = markup.split(body)
    await query.edit_message_text(pieces[0], parse_mode=ParseMode.HTML)
    for piece in pieces[1:]:
        await update.effective_chat.send_message(piece, parse_mode=ParseMode.HTML)
    if answered.then is not None:
        await show(h, update, lang, answered.then)
