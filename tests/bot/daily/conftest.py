"""Fixtures of the question-of-the-day tests: a recording sender and a dispatch using it."""

from __future__ import annotations

import pytest

from bot.daily.dispatch import DailyDispatch
from tests.support.daily import RecordingSender


@pytest.fixture
def sender():
    return RecordingSender()


@pytest.fixture
def dispatch(engine, clock, sender):
    return DailyDispatch(engine, {"telegram": sender}, clock)
