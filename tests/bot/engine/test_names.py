"""Names and titles longer than their columns are clipped, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from bot.engine.names import MAX_NAME_CHARS, fitted
from bot.engine.views import ChatRef, LearnerRef
from storage.models import Chat, Learner
from tests.support.people import ask


def test_the_limit_is_the_columns_size():
    assert Learner.__table__.c.display_name.type.length == MAX_NAME_CHARS
    assert Chat.__table__.c.title.type.length == MAX_NAME_CHARS


def test_fitted():
    assert fitted("Ann") == "Ann"
    assert fitted("x" * 128) == "x" * 128
    assert fitted("x" * 129) == "x" * 127 + "…"
    assert fitted("bad \ud800 name") == "bad ? name"


async def test_a_long_name_and_title_are_stored_clipped(engine):
    learner = LearnerRef("slack", "T1", "U1", display_name="N" * 300)
    channel = ChatRef("slack", "T1", "C1", is_group=True, title="T" * 300)
    question = await ask(engine, learner, channel)
    result = await engine.answer(learner, channel, question.instance_id, 0)
    assert result.status.counted
    data = await engine.profiles.export(learner)
    assert data["learner"]["display_name"] == "N" * 127 + "…"
    board = await engine.leaderboard(channel, learner)
    assert board.all_time[0].name == "N" * 127 + "…"
