"""The rows behind the platform references adapters pass in, created on first sight."""

from __future__ import annotations

from datetime import datetime

from bot.engine.views import ChatRef, LearnerRef
from storage import chats, learners
from storage.db import Connection
from storage.records import ChatRecord, LearnerRecord


def chat_row(session: Connection, chat: ChatRef, now: datetime) -> ChatRecord:
    return chats.ensure_chat(
        session,
        chat.platform,
        chat.workspace,
        chat.chat_id,
        is_group=chat.is_group,
        title=chat.title,
        now=now,
    )


def learner_row(session: Connection, learner: LearnerRef, now: datetime) -> LearnerRecord:
    return learners.ensure_learner(
        session, learner.platform, learner.workspace, learner.user_id, learner.display_name, now
    )
