"""Telegram handlers: parse the update, make one engine call, render, send."""

from __future__ import annotations

import json
import logging

from telegram import Chat, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from bot.adapters.languages import Languages
from bot.adapters.later import Later
from bot.adapters.tally import Tallies
from bot.adapters.telegram import deck_markup, drill, markup
from bot.adapters.telegram.admins import may_manage
from bot.adapters.telegram.edits import edit_text
from bot.adapters.telegram.progress_handlers import ProgressHandlers
from bot.adapters.telegram.unshown import ShownResults, unshown
from bot.engine import Engine
from bot.engine.views import AnswerResult, AnswerStatus, ChatRef, LearnerRef, TopicNotFound
from bot.messages import commands, plain
from bot.messages.catalogue import language_for, tr

log = logging.getLogger(__name__)

PLATFORM = "telegram"
MAX_INPUT_CHARS = 500
Context = ContextTypes.DEFAULT_TYPE


def learner_of(update: Update) -> LearnerRef:
    user = update.effective_user
    assert user is not None
    return LearnerRef(PLATFORM, "", str(user.id), display_name=user.full_name)


def for_another_bot(update: Update, context: Context) -> bool:
    """Whether the command is addressed to some other bot (`/quiz@otherbot`)."""
    words = (update.effective_message.text or "").split()
    _, _, addressee = words[0].partition("@") if words else ("", "", "")
    return bool(addressee) and addressee.casefold() != (context.bot.username or "").casefold()


def client_language(update: Update) -> str | None:
    """The language the person's Telegram client says it uses, if any."""
    return update.effective_user.language_code if update.effective_user else None


def place_of(chat: Chat) -> str:
    """Where in the command table's terms a Telegram chat is."""
    return (
        commands.GROUP if chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) else commands.PRIVATE
    )


def chat_of(chat: Chat) -> ChatRef:
    is_group = chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)
    return ChatRef(PLATFORM, "", str(chat.id), is_group=is_group, title=chat.title or "")


class Handlers(ProgressHandlers):
    def __init__(
        self, engine: Engine, *, tallies: Tallies | None = None, later: Later | None = None
    ) -> None:
        self.engine = engine
        self.shown = ShownResults()
        self.languages = Languages(engine.profiles.language)
        self.tallies = tallies or Tallies()
        self.later = later or Later()

    @staticmethod
    def learner(update: Update) -> LearnerRef:
        return learner_of(update)

    @staticmethod
    def chat(update: Update) -> ChatRef:
        return chat_of(update.effective_chat)

    async def lang(self, update: Update) -> str:
        """The learner's chosen language, else their Telegram client's (language_for)."""
        chosen = await self.languages.chosen(learner_of(update))
        return language_for(chosen, client_language(update))

    async def answer_lang(self, update: Update, result: AnswerResult) -> str:
        """The language that came back with the answer (looked up only for unknown buttons)."""
        if result.status is AnswerStatus.UNKNOWN_QUESTION:
            return await self.lang(update)
        self.languages.remember(learner_of(update), result.language)
        return language_for(result.language, client_language(update))

    def parsed(self, update: Update, context: Context, name: str):
        """The command's argument as the command table parses it (an Invalid when it does
        not parse)."""
        return commands.find(name).parse(" ".join(context.args or []))

    async def refuse(self, update: Update, lang: str, invalid: commands.Invalid, name: str):
        where = place_of(update.effective_chat)
        await self.reply(update, markup.esc(plain.usage(lang, invalid, name, where)))

    async def reply(self, update: Update, message: str, **kwargs) -> Message | None:
        sent = None
        for piece in markup.split(message):
            sent = await update.effective_chat.send_message(
                piece, parse_mode=ParseMode.HTML, **kwargs
            )
        return sent

    # -- commands ----------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        """Greet in the learner's language and list the commands."""
        lang = await self.lang(update)
        name = markup.esc(update.effective_user.first_name)
        await self.reply(update, tr(lang, "start", name=name) + "\n\n" + self._help(lang, update))

    async def help(self, update: Update, context: Context) -> None:
        """List the commands."""
        await self.reply(update, self._help(await self.lang(update), update))

    def _help(self, lang: str, update: Update) -> str:
        return markup.esc(plain.help_text(lang, place_of(update.effective_chat)))

    async def quiz(self, update: Update, context: Context) -> None:
        """Send the next question (optionally from one topic) with a button per option."""
        await self.ask(update, self.parsed(update, context, "quiz"))

    async def ask(self, update: Update, topic: str | None) -> None:
        lang = await self.lang(update)
        chat = chat_of(update.effective_chat)
        shown = await self.engine.next_question(learner_of(update), chat, topic or None)
        if isinstance(shown, TopicNotFound):
            await self.reply(update, markup.esc(plain.topic_not_found(lang, shown)))
            return
        keyboard = markup.question_keyboard(shown)
        if chat.is_group:  # members report from the question; a learner from the result
            keyboard = deck_markup.with_report(keyboard, lang, shown.instance_id)
        await self.reply(
            update,
            markup.question(lang, shown, answers=0 if chat.is_group else None),
            reply_markup=keyboard,
        )

    async def topics(self, update: Update, context: Context) -> None:
        """List topics with mastery, and a button per topic that starts a quiz on it."""
        lang = await self.lang(update)
        items = await self.engine.topics(learner_of(update), chat_of(update.effective_chat))
        await self.reply(
            update,
            markup.esc(plain.topics(lang, items)),
            reply_markup=markup.topics_keyboard(items),
        )

    async def stats(self, update: Update, context: Context) -> None:
        """Show the learner's results and streak."""
        lang = await self.lang(update)
        await self.reply(update, plain.stats(lang, await self.engine.stats(learner_of(update))))

    async def leaderboard(self, update: Update, context: Context) -> None:
        """Show this chat's ranking, this week and all time."""
        lang = await self.lang(update)
        board = await self.engine.leaderboard(chat_of(update.effective_chat), learner_of(update))
        await self.reply(update, plain.leaderboard(lang, board, markup.esc))

    async def set_lang(self, update: Update, context: Context) -> None:
        """Switch the interface language."""
        choice = self.parsed(update, context, "lang")
        if isinstance(choice, commands.Invalid):
            await self.refuse(update, await self.lang(update), choice, "lang")
            return
        await self.engine.profiles.set_language(learner_of(update), choice)
        self.languages.remember(learner_of(update), choice)
        await self.reply(update, tr(choice, "lang_set"))

    async def daily(self, update: Update, context: Context) -> None:
        """Subscribe this chat to a question of the day at HH:MM, or switch it off."""
        lang = await self.lang(update)
        choice = self.parsed(update, context, "daily")
        if isinstance(choice, commands.Invalid):
            await self.refuse(update, lang, choice, "daily")
            return
        where = place_of(update.effective_chat)
        if choice is None:
            current = await self.engine.profiles.daily(
                learner_of(update), chat_of(update.effective_chat)
            )
            await self.reply(update, markup.esc(plain.daily_current(lang, current, where)))
            return
        if not await may_manage(context.bot, update.effective_chat, update.effective_user.id):
            await self.reply(update, tr(lang, "admin_only"))
            return
        setting = await self.engine.profiles.set_daily(
            learner_of(update), chat_of(update.effective_chat), choice.local_time, None
        )
        await self.reply(update, markup.esc(plain.daily_setting(lang, setting, where)))

    async def timezone(self, update: Update, context: Context) -> None:
        """Set the learner's time zone (Area/City), or show it."""
        lang = await self.lang(update)
        learner = learner_of(update)
        zone = self.parsed(update, context, "timezone")
        if isinstance(zone, commands.Invalid):
            await self.refuse(update, lang, zone, "timezone")
            return
        if zone is None:
            current = await self.engine.profiles.timezone(learner)
            await self.reply(update, tr(lang, "timezone_usage", tz=current, cmd="/timezone"))
            return
        await self.engine.profiles.set_timezone(learner, zone)
        await self.reply(update, tr(lang, "timezone_set", tz=zone))

    async def export(self, update: Update, context: Context) -> None:
        """Send the learner's own data as a JSON document."""
        lang = await self.lang(update)
        if place_of(update.effective_chat) not in commands.find("export").places:
            await self.reply(update, tr(lang, "private_only"))
            return
        data = await self.engine.profiles.export(learner_of(update))
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        await update.effective_chat.send_document(
            body, filename="studybot-export.json", caption=tr(lang, "export_caption")
        )

    async def forget(self, update: Update, context: Context) -> None:
        """Ask for confirmation before deleting everything about the learner."""
        lang = await self.lang(update)
        if place_of(update.effective_chat) not in commands.find("forget").places:
            await self.reply(update, tr(lang, "private_only"))
            return
        await self.reply(
            update,
            tr(lang, "forget_confirm"),
            reply_markup=markup.forget_keyboard(lang, str(update.effective_user.id)),
        )

    async def drill(self, update: Update, context: Context) -> None:
        """List the confusable pairs, or run a short drill on one."""
        lang = await self.lang(update)
        if place_of(update.effective_chat) not in commands.find("drill").places:
            await self.reply(update, tr(lang, "drill_private"))
            return
        where = (learner_of(update), chat_of(update.effective_chat))
        await drill.command(self, update, lang, *where, self.parsed(update, context, "drill"))

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Name the unknown command and point to /help; one for another bot is not ours."""
        if for_another_bot(update, context):
            return
        command = (update.effective_message.text or "").split()[0].split("@")[0]
        lang = await self.lang(update)
        await self.reply(update, tr(lang, "unknown_command", command=markup.esc(command[:40])))

    async def anonymous(self, update: Update, context: Context) -> None:
        """A command with no person behind it (posted as the group or a channel): say why
        nothing happens, since there is no learner to act for."""
        if not for_another_bot(update, context):
            await self.reply(update, tr(language_for(None), "anonymous_sender"))

    async def other_text(self, update: Update, context: Context) -> None:
        """Plain text in a private chat: a hint (or a note that it is too long)."""
        lang = await self.lang(update)
        message = update.effective_message.text or ""
        key = "too_long" if len(message) > MAX_INPUT_CHARS else "hint"
        await self.reply(update, tr(lang, key, limit=MAX_INPUT_CHARS))

    async def edited(self, update: Update, context: Context) -> None:
        """An edited message changes nothing; say so."""
        await self.reply(update, tr(await self.lang(update), "edited_ignored"))

    # -- buttons -----------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Route a button tap; anything this bot did not produce gets a clear refusal."""
        query = update.callback_query
        tap = markup.parse_tap(query.data)
        usable = tap is not None and query.message is not None and update.effective_chat
        if usable and tap.action == "answer":
            await self._answer(update, tap)  # its language comes back with the answer
            return
        lang = await self.lang(update)
        if not usable:
            await query.answer(tr(lang, "invalid_button"), show_alert=True)
            return
        if tap.action == "drill":
            where = (learner_of(update), chat_of(update.effective_chat))
            await drill.answer(self, update, lang, *where, tap)
        elif tap.action in ("next", "topic"):
            await query.answer()
            await self.ask(update, tap.value)
        else:
            await self._forget(update, lang, tap)

    async def _answer(self, update: Update, tap: markup.Tap) -> None:
        # Acknowledge first: the edits that follow wait their turn in the pacing, off this path.
        query = update.callback_query
        chat = chat_of(update.effective_chat)
        result = await self.engine.answer(learner_of(update), chat, tap.instance_id, tap.option)
        lang = await self.answer_lang(update, result)
        if not chat.is_group:
            result = unshown(result, query.message, chat.chat_id, self.shown)  # type: ignore[arg-type]
        if chat.is_group or not result.status.counted:
            await query.answer(markup.alert(lang, result, group=chat.is_group), show_alert=True)
            if chat.is_group and result.status.counted:
                message, count = query.message, result.answer_count
                self.tallies.show(
                    (message.chat_id, message.message_id),
                    count,
                    lambda: self._update_count(message, lang, count),
                )
            return
        await query.answer()
        # Counted as shown from now, so a quick second tap does not show it twice; forgotten
        # again if showing fails, so that a later tap shows it (unshown.py).
        self.shown.add(result.instance_id, chat.chat_id)
        self.later.run(self._show_result(update, lang, result))

    async def _show_result(self, update: Update, lang: str, result: AnswerResult) -> None:
        try:
            await self._edit_result(update, lang, result)
        except BaseException:
            self.shown.discard(result.instance_id, str(update.effective_chat.id))
            raise

    async def _edit_result(self, update: Update, lang: str, result: AnswerResult) -> None:
        query = update.callback_query
        body = markup.answered(lang, query.message.text_html or "", result)
        pieces = markup.split(body)
        # The "next" button goes under the last piece when the result needs several messages.
        last = len(pieces) - 1
        for i, piece in enumerate(pieces):
            keyboard = None
            if i == last:
                keyboard = deck_markup.with_report(
                    markup.next_keyboard(lang), lang, result.instance_id
                )
            if i == 0:
                message = query.message
                await edit_text(
                    query.get_bot(), message.chat_id, message.message_id, piece, keyboard
                )
            else:
                await update.effective_chat.send_message(
                    piece, parse_mode=ParseMode.HTML, reply_markup=keyboard
                )

    async def _update_count(self, message: Message, lang: str, count: int) -> None:
        body = message.text_html or ""
        marker = body.rfind("👥")
        head = body[:marker].rstrip() if marker != -1 else body
        text = f"{head}\n\n{tr(lang, 'group_answers', n=count)}"
        bot = message.get_bot()
        await edit_text(bot, message.chat_id, message.message_id, text, message.reply_markup)

    async def _forget(self, update: Update, lang: str, tap: markup.Tap) -> None:
        query = update.callback_query
        if not asked_by_tapper(update, tap):
            await query.answer(tr(lang, "forget_not_yours"), show_alert=True)
            return
        await query.answer()
        if tap.value != "yes":
            await query.edit_message_text(tr(lang, "forget_cancelled"))
            return
        deleted = await self.engine.profiles.forget(
            learner_of(update), chat_of(update.effective_chat)
        )
        self.languages.remember(learner_of(update), None)
        await query.edit_message_text(tr(lang, "forget_done" if deleted else "forget_nothing"))


def asked_by_tapper(update: Update, tap: markup.Tap) -> bool:
    """Whether the forget button was tapped by the person who asked, in their own private chat
    (a private chat's id is its user's id; the button carries the asker's id too)."""
    user, chat = update.effective_user, update.effective_chat
    return chat.type == ChatType.PRIVATE and chat.id == user.id and tap.asker in ("", str(user.id))
