"""Slack's `/quiz progress` (the picture uploaded with files_upload_v2, its key numbers as the
comment; a channel gets the channel's picture), `/quiz exam`, and the App Home's section."""

from __future__ import annotations

from typing import Any

from bot.adapters.slack import blocks
from bot.engine.progress_views import ProgressReport
from bot.engine.views import ChatRef, LearnerRef
from bot.messages import commands, progress_text
from bot.messages.catalogue import tr
from bot.pictures.painter import PictureError

PLACE = commands.SLACK
FILENAME = "studybot-progress.png"


async def send_picture(handlers, learner: LearnerRef, chat: ChatRef, lang: str) -> None:
    """Upload the progress picture to the chat: the channel's in a channel, else the learner's."""
    report = await handlers.engine.progress.report(learner, chat)
    comment = progress_text.caption(lang, report, blocks.esc)
    try:
        png = await handlers.engine.progress.picture(report, lang)
    except PictureError:
        await handlers.outbox.post(chat.chat_id, comment, blocks.plain_text(comment))
        return
    await handlers.outbox.upload(chat.chat_id, png, FILENAME, tr(lang, "pic_title"), comment)


async def progress(handlers, learner, chat: ChatRef, choice, respond, lang: str) -> None:
    if choice.png_path is not None:
        # Saving to a file is the terminal's; here it would write on the bot's machine.
        message = tr(lang, "progress_usage", cmd=commands.spelled("progress", PLACE))
        await respond(text=message, response_type="ephemeral")
        return
    await send_picture(handlers, learner, chat, lang)


async def exam(handlers, learner, _chat, choice, respond, lang: str) -> None:
    if choice.show:
        setting = await handlers.engine.progress.exam(learner)
    else:
        setting = await handlers.engine.progress.set_exam(learner, choice.day)
    text = progress_text.exam_setting(lang, setting, PLACE)
    await respond(text=blocks.esc(text), response_type="ephemeral")


def home_section(lang: str, report: ProgressReport) -> list[dict[str, Any]]:
    """The App Home's progress: the key numbers and a button that sends the picture by DM."""
    return [
        blocks.section(blocks.esc(progress_text.caption(lang, report))),
        {
            "type": "actions",
            "block_id": "progress",
            "elements": [blocks.button(tr(lang, "home_progress"), "home_progress", "picture")],
        },
    ]


def with_home_section(
    home: list[dict[str, Any]], lang: str, report: ProgressReport
) -> list[dict[str, Any]]:
    """The App Home's blocks with the progress section after the quiz button (or at the end),
    within Slack's limit of blocks per view."""
    at = next((i + 1 for i, b in enumerate(home) if b.get("block_id") == "home"), len(home))
    return [*home[:at], *home_section(lang, report), *home[at:]][: blocks.MAX_BLOCKS]
