"""Telegram deck handlers: a document sent as a deck, /decks, /review, and the deck buttons
(report a question, switch or delete a deck, retire a question)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.adapters.telegram import deck_markup, markup
from bot.adapters.telegram.admins import may_manage
from bot.adapters.telegram.handlers import Context, Handlers, chat_of, learner_of, place_of
from bot.engine.deck_views import Change, DeckAdded, Reported
from bot.messages import commands
from bot.messages import decks as text
from bot.messages.catalogue import tr

log = logging.getLogger(__name__)


class DeckHandlers:
    def __init__(self, h: Handlers) -> None:
        self.h = h
        self.decks = h.engine.decks

    async def manages(self, update: Update, context: Context) -> bool:
        return await may_manage(context.bot, update.effective_chat, update.effective_user.id)

    async def document(self, update: Update, context: Context) -> None:
        """A file sent to the bot: a memo or deck becomes a deck of this chat."""
        doc = update.effective_message.document
        chat = chat_of(update.effective_chat)
        refused = self.decks.precheck(doc.file_name or "", doc.file_size)
        if chat.is_group and refused is not None and refused.key == "deck_bad_type":
            return  # groups share all kinds of files; only memos and decks are ours
        lang = await self.h.lang(update)
        if refused is not None:
            await self.h.reply(update, text.refused(lang, refused, markup.esc))
            return
        if not await self.manages(update, context):
            await self.h.reply(update, tr(lang, "deck_not_admin"))
            return
        try:
            found = await doc.get_file()
            data = bytes(await found.download_as_bytearray())
        except TelegramError as exc:
            log.warning("could not fetch a document in chat %s: %s", chat.chat_id, exc)
            await self.h.reply(update, tr(lang, "deck_download_failed"))
            return
        name = doc.file_name or "memo.txt"
        result = await self.decks.add(learner_of(update), chat, name, data, admin=True)
        if not isinstance(result, DeckAdded):
            await self.h.reply(update, text.refused(lang, result, markup.esc))
            return
        await self.h.reply(
            update,
            text.added(lang, result, markup.esc),
            reply_markup=deck_markup.added_keyboard(lang, result.deck_id),
        )

    async def list(self, update: Update, context: Context) -> None:
        """List this chat's decks with a button to switch each off or on; or change one."""
        lang = await self.h.lang(update)
        action = self.h.parsed(update, context, "decks")
        if isinstance(action, commands.Invalid):
            await self.h.refuse(update, lang, action, "decks")
            return
        chat = chat_of(update.effective_chat)
        if action is None:
            lines = await self.decks.list(chat)
            body = text.deck_list(lang, lines, place_of(update.effective_chat), markup.esc)
            await self.h.reply(update, body, reply_markup=deck_markup.decks_keyboard(lang, lines))
            return
        done = await self._change(update, context, action.verb, action.deck_id)
        await self.h.reply(
            update, markup.esc(text.change(lang, done, action.verb, action.deck_id))
        )

    async def review(self, update: Update, context: Context) -> None:
        """Reported and doubtful questions, with a button to retire each (administrators)."""
        lang = await self.h.lang(update)
        retire = self.h.parsed(update, context, "review")
        if isinstance(retire, commands.Invalid):
            await self.h.refuse(update, lang, retire, "review")
            return
        chat = chat_of(update.effective_chat)
        admin = await self.manages(update, context)
        if retire is not None:
            done = await self.decks.retire(chat, retire, admin=admin)
            await self.h.reply(update, text.retired(lang, done, retire, markup.esc))
            return
        found = await self.decks.review(chat, admin=admin)
        where = place_of(update.effective_chat)
        await self.h.reply(
            update,
            text.review(lang, found, where, markup.esc),
            reply_markup=deck_markup.review_keyboard(lang, found),
        )

    async def button(self, update: Update, context: Context) -> None:
        """Report, deck and retire buttons; anything forged gets the usual refusal."""
        query = update.callback_query
        lang = await self.h.lang(update)
        tap = deck_markup.parse(query.data)
        if tap is None or query.message is None or update.effective_chat is None:
            await query.answer(tr(lang, "invalid_button"), show_alert=True)
            return
        chat = chat_of(update.effective_chat)
        if tap.action == "report" and not tap.reason:
            await query.answer()
            await self.h.reply(
                update,
                tr(lang, "report_ask"),
                reply_markup=deck_markup.reasons_keyboard(lang, tap.instance_id),
            )
            return
        if tap.action == "report":
            done = await self.decks.report(learner_of(update), chat, tap.instance_id, tap.reason)
            if done is Reported.DONE and not chat.is_group:
                await query.edit_message_text(text.reported(lang, done))
            await query.answer(text.reported(lang, done), show_alert=True)
        elif tap.action == "deck":
            result = await self._change(update, context, tap.verb, tap.value)
            await query.answer(text.change(lang, result, tap.verb, tap.value), show_alert=True)
        else:
            admin = await self.manages(update, context)
            result = await self.decks.retire(chat, tap.value, admin=admin)
            await query.answer(text.retired(lang, result, tap.value)[:200], show_alert=True)

    async def _change(self, update: Update, context: Context, verb: str, deck_id: str) -> Change:
        chat = chat_of(update.effective_chat)
        admin = await self.manages(update, context)
        if verb == "delete":
            return await self.decks.delete(chat, deck_id, admin=admin)
        return await self.decks.switch(chat, deck_id, verb == "on", admin=admin)
