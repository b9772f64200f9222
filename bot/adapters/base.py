"""The adapter contract: what `studybot run` and the question of the day expect of a platform.

An adapter turns platform input into engine calls and renders the plain values that come back
(bot/engine/views.py). These protocols are all the rest of the application knows of one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from bot.engine.views import ChatRef, Leaderboard, QuestionSummary, QuestionView

if TYPE_CHECKING:
    from bot.adapters.web import WebServer


class Unreachable(Exception):
    """The platform says this chat cannot be reached (blocked, removed, not found)."""


class DailySender(Protocol):
    """How the question of the day reaches a chat on one platform."""

    async def send_question(self, chat: ChatRef, view: QuestionView, lang: str) -> str:
        """Post the question; return the platform's message id. Raise Unreachable for a chat
        that is gone (it is then unsubscribed); any other error leaves the delivery claimed
        for a retry."""
        ...

    async def send_summary(
        self, chat: ChatRef, reply_to: str, summary: QuestionSummary, lang: str
    ) -> None:
        """Post how yesterday's channel question went, as a reply to it."""
        ...

    async def send_leaderboard(self, chat: ChatRef, board: Leaderboard, lang: str) -> None:
        """Post last week's board (Mondays)."""
        ...


class Adapter(Protocol):
    """One chat platform inside `studybot run`."""

    platform: str
    needs_web: bool  # serves HTTP on PORT (webhook, Slack HTTP mode)
    ready: bool  # connected and serving (start() waits for an unreachable platform)
    daily_sender: DailySender

    def add_routes(self, web_server: WebServer) -> None: ...
    async def start(self) -> None: ...
    async def stop(self) -> None:
        """Also called on an adapter whose start() was cut short."""
        ...
