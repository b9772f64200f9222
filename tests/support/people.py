"""The learners and chats engine-level tests share, and asking a question as one of them."""

from __future__ import annotations

from bot.engine.views import ChatRef, LearnerRef, QuestionView

ALICE = LearnerRef("console", "local", "alice", "Alice")
BOB = LearnerRef("console", "local", "bob", "Bob")
PRIVATE = ChatRef("console", "local", "terminal")
GROUP = ChatRef("telegram", "", "-100", is_group=True, title="Study group")


async def ask(engine, learner=ALICE, chat=PRIVATE, topic=None) -> QuestionView:
    """The next question for `learner` in `chat`; fails the test if there is none."""
    shown = await engine.next_question(learner, chat, topic)
    assert isinstance(shown, QuestionView), shown
    return shown
