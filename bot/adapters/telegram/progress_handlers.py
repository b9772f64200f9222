"""Telegram's /progress (the picture with its key numbers as the caption; a group gets the
group's picture) and /exam."""

from __future__ import annotations

from telegram import Update

from bot.adapters.telegram import markup
from bot.messages import commands, progress_text
from bot.pictures.painter import PictureError

CAPTION_LIMIT = 1024  # Telegram's limit on a photo caption


class ProgressHandlers:
    """Mixed into Handlers (engine, lang, parsed, refuse, reply come from there)."""

    async def progress(self, update: Update, context) -> None:
        """Send the progress picture: the learner's own, or in a group the group's."""
        lang = await self.lang(update)
        choice = self.parsed(update, context, "progress")
        if isinstance(choice, commands.Invalid) or choice.png_path is not None:
            # Saving to a file is the terminal's; here it would write on the bot's machine.
            await self.refuse(update, lang, commands.Invalid("progress_usage"), "progress")
            return
        chat = self.chat(update)
        report = await self.engine.progress.report(self.learner(update), chat)
        caption = progress_text.caption(lang, report)[:CAPTION_LIMIT]
        try:
            png = await self.engine.progress.picture(report, lang)
        except PictureError:
            await self.reply(update, markup.esc(caption))  # the numbers, at least
            return
        await update.effective_chat.send_photo(png, caption=caption)

    async def exam(self, update: Update, context) -> None:
        """Set, remove or show the learner's exam date."""
        lang = await self.lang(update)
        choice = self.parsed(update, context, "exam")
        if isinstance(choice, commands.Invalid):
            await self.refuse(update, lang, choice, "exam")
            return
        learner = self.learner(update)
        if choice.show:
            setting = await self.engine.progress.exam(learner)
        else:
            setting = await self.engine.progress.set_exam(learner, choice.day)
        where = commands.GROUP if self.chat(update).is_group else commands.PRIVATE
        await self.reply(update, markup.esc(progress_text.exam_setting(lang, setting, where)))
