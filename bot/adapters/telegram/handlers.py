"""Telegram handlers: parse the update, make one engine call, render, send."""

from __future__ import annotations

import json
import logging

from telegram import Chat, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot import text as plain
from bot.adapters.telegram import render
from bot.config import valid_timezone
from bot.engine import Engine
from bot.i18n import text
from bot.profiles import LANGUAGES, parse_time
from bot.views import ChatRef, LearnerRef, TopicNotFound

log = logging.getLogger(__name__)

PLATFORM = "telegram"
MAX_INPUT_CHARS = 500
Context = ContextTypes.DEFAULT_TYPE


def learner_of(update: Update) -> LearnerRef:
    user = update.effective_user
    assert user is not None
    return LearnerRef(PLATFORM, "", str(user.id), display_name=user.full_name)


def chat_of(chat: Chat) -> ChatRef:
    is_group = chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    return ChatRef(PLATFORM, "", str(chat.id), is_group=is_group, title=chat.title or "")


class Handlers:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def lang(self, update: Update) -> str:
        """The learner's chosen language, else Japanese for a Japanese Telegram client."""
        chosen = await self.engine.profiles.language(learner_of(update))
        if chosen:
            return chosen
        code = update.effective_user.language_code if update.effective_user else None
        return "ja" if (code or "").startswith("ja") else "en"

    async def reply(self, update: Update, message: str, **kwargs) -> Message | None:
        sent = None
        for piece in render.split(message):
            sent = await update.effective_chat.send_message(
                piece, parse_mode=ParseMode.HTML, **kwargs
            )
        return sent

    # -- commands ----------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greet in the learner's language and list the commands."""
        lang = await self.lang(update)
        name = render.esc(update.effective_user.first_name)
        await self.reply(update, text(lang, "start", name=name) + "\n\n" + self._help(lang))

    async def help(self, update: Update, context: Context) -> None:
        """List the commands."""
        await self.reply(update, self._help(await self.lang(update)))

    def _help(self, lang: str) -> str:
        return render.esc(text(lang, "help", quit_line=text(lang, "chat_lines")))

    async def quiz(self, update: Update, context: Context) -> None:
        """Send the next question (optionally from one topic) with a button per option."""
        await self.ask(update, " ".join(context.args or []))

    async def ask(self, update: Update, topic: str) -> None:
        lang = await self.lang(update)
        chat = chat_of(update.effective_chat)
        shown = await self.engine.next_question(learner_of(update), chat, topic or None)
        if isinstance(shown, TopicNotFound):
            await self.reply(update, render.esc(plain.topic_not_found(lang, shown)))
            return
        await self.reply(
            update,
            render.question(lang, shown, answers=0 if chat.is_group else None),
            reply_markup=render.question_keyboard(shown),
        )

    async def topics(self, update: Update, context: Context) -> None:
        """List topics with mastery, and a button per topic that starts a quiz on it."""
        lang = await self.lang(update)
        items = await self.engine.topics(learner_of(update))
        await self.reply(
            update,
            render.esc(plain.topics(lang, items)),
            reply_markup=render.topics_keyboard(items),
        )

    async def stats(self, update: Update, context: Context) -> None:
        """Show the learner's results and streak."""
        lang = await self.lang(update)
        await self.reply(update, plain.stats(lang, await self.engine.stats(learner_of(update))))

    async def leaderboard(self, update: Update, context: Context) -> None:
        """Show this chat's ranking, this week and all time."""
        lang = await self.lang(update)
        board = await self.engine.leaderboard(chat_of(update.effective_chat), learner_of(update))
        await self.reply(update, plain.leaderboard(lang, board, render.esc))

    async def set_lang(self, update: Update, context: Context) -> None:
        """Switch the interface language."""
        choice = (context.args or [""])[0].lower()
        if choice not in LANGUAGES:
            await self.reply(update, text(await self.lang(update), "lang_usage"))
            return
        await self.engine.profiles.set_language(learner_of(update), choice)
        await self.reply(update, text(choice, "lang_set"))

    async def daily(self, update: Update, context: Context) -> None:
        """Subscribe this chat to a question of the day at HH:MM, or switch it off."""
        lang = await self.lang(update)
        arg = (context.args or [""])[0].lower()
        when = None if arg == "off" else parse_time(arg)
        if arg != "off" and when is None:
            await self.reply(update, text(lang, "daily_usage"))
            return
        setting = await self.engine.profiles.set_daily(
            learner_of(update), chat_of(update.effective_chat), when, None
        )
        if setting.local_time is None:
            await self.reply(update, text(lang, "daily_off"))
        else:
            await self.reply(
                update, text(lang, "daily_set", time=setting.local_time, tz=setting.timezone)
            )

    async def timezone(self, update: Update, context: Context) -> None:
        """Set the learner's time zone (Area/City)."""
        lang = await self.lang(update)
        learner = learner_of(update)
        if not context.args:
            current = await self.engine.profiles.timezone(learner)
            await self.reply(update, text(lang, "timezone_usage", tz=current))
            return
        zone = context.args[0]
        if not valid_timezone(zone) or "/" not in zone:
            await self.reply(update, text(lang, "timezone_bad", tz=render.esc(zone[:64])))
            return
        await self.engine.profiles.set_timezone(learner, zone)
        await self.reply(update, text(lang, "timezone_set", tz=zone))

    async def export(self, update: Update, context: Context) -> None:
        """Send the learner's own data as a JSON document."""
        lang = await self.lang(update)
        if update.effective_chat.type != ChatType.PRIVATE:
            await self.reply(update, text(lang, "private_only"))
            return
        data = await self.engine.profiles.export(learner_of(update))
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        await update.effective_chat.send_document(
            body, filename="studybot-export.json", caption=text(lang, "export_caption")
        )

    async def forget(self, update: Update, context: Context) -> None:
        """Ask for confirmation before deleting everything about the learner."""
        lang = await self.lang(update)
        if update.effective_chat.type != ChatType.PRIVATE:
            await self.reply(update, text(lang, "private_only"))
            return
        await self.reply(
            update, text(lang, "forget_confirm"), reply_markup=render.forget_keyboard(lang)
        )

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Name the unknown command and point to /help."""
        command = (update.effective_message.text or "").split()[0].split("@")[0]
        lang = await self.lang(update)
        await self.reply(update, text(lang, "unknown_command", command=render.esc(command[:40])))

    async def other_text(self, update: Update, context: Context) -> None:
        """Plain text in a private chat: a hint (or a note that it is too long)."""
        lang = await self.lang(update)
        message = update.effective_message.text or ""
        key = "too_long" if len(message) > MAX_INPUT_CHARS else "hint"
        await self.reply(update, text(lang, key, limit=MAX_INPUT_CHARS))

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message changes nothing; say so."""
        await self.reply(update, text(await self.lang(update), "edited_ignored"))

    # -- buttons -----------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Route a button tap; anything this bot did not produce gets a clear refusal."""
        query = update.callback_query
        lang = await self.lang(update)
        tap = render.parse_tap(query.data)
        if tap is None or query.message is None or update.effective_chat is None:
            await query.answer(text(lang, "invalid_button"), show_alert=True)
            return
        if tap.action == "answer":
            await self._answer(update, lang, tap)
        elif tap.action in ("next", "topic"):
            await query.answer()
            await self.ask(update, tap.value)
        else:
            await self._forget(update, lang, tap.value == "yes")

    async def _answer(self, update: Update, lang: str, tap: render.Tap) -> None:
        query = update.callback_query
        chat = chat_of(update.effective_chat)
        result = await self.engine.answer(learner_of(update), chat, tap.instance_id, tap.option)
        if chat.is_group or not result.status.counted:
            await query.answer(render.alert(lang, result), show_alert=True)
            if chat.is_group and result.status.counted:
                await self._update_count(query.message, lang, result.answer_count)
            return
        await query.answer()
        body = render.answered(lang, query.message.text_html or "", result)
        pieces = render.split(body)
        # The "next" button goes under the last piece when the result needs several messages.
        last = len(pieces) - 1
        for i, piece in enumerate(pieces):
            markup = render.next_keyboard(lang) if i == last else None
            if i == 0:
                await query.edit_message_text(
                    piece, parse_mode=ParseMode.HTML, reply_markup=markup
                )
            else:
                await update.effective_chat.send_message(
                    piece, parse_mode=ParseMode.HTML, reply_markup=markup
                )

    async def _update_count(self, message: Message, lang: str, count: int) -> None:
        body = message.text_html or ""
        marker = body.rfind("👥")
        head = body[:marker].rstrip() if marker != -1 else body
        await message.edit_text(
            f"{head}\n\n{text(lang, 'group_answers', n=count)}",
            parse_mode=ParseMode.HTML,
            reply_markup=message.reply_markup,
        )

    async def _forget(self, update: Update, lang: str, confirmed: bool) -> None:
        query = update.callback_query
        await query.answer()
        if not confirmed:
            await query.edit_message_text(text(lang, "forget_cancelled"))
            return
        deleted = await self.engine.profiles.forget(
            learner_of(update), chat_of(update.effective_chat)
        )
        await query.edit_message_text(text(lang, "forget_done" if deleted else "forget_nothing"))
