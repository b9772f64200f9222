"""The terminal's /progress (text only, or the picture saved with `png PATH`) and /exam."""

from __future__ import annotations

from pathlib import Path

from bot.messages import commands, progress_text
from bot.messages.catalogue import tr
from bot.pictures.painter import PictureError


class ConsoleProgress:
    """Mixed into ConsoleSession (which has engine, learner, lang)."""

    async def on_progress(self, choice: commands.ProgressChoice) -> str:
        """Print the progress as text; with `png PATH` also save the picture there."""
        report = await self.engine.progress.of_learner(self.learner, self.chat)
        text = progress_text.report(self.lang, report)
        if choice.png_path is None:
            return text
        path = Path(choice.png_path).expanduser()
        try:
            path.write_bytes(await self.engine.progress.picture(report, self.lang))
        except (OSError, PictureError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            return f"{text}\n{tr(self.lang, 'progress_save_failed', path=path, reason=reason)}"
        return f"{text}\n{tr(self.lang, 'progress_saved', path=path)}"

    async def on_exam(self, choice: commands.ExamChoice) -> str:
        """Set, remove or show the exam date."""
        if choice.show:
            setting = await self.engine.progress.exam(self.learner)
        else:
            setting = await self.engine.progress.set_exam(self.learner, choice.day)
        return progress_text.exam_setting(self.lang, setting, commands.TERMINAL)
