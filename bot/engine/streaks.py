"""Calendar arithmetic for streaks and leaderboard weeks, in local dates."""

from __future__ import annotations

from datetime import date, timedelta

ALL_TIME = "all"


def advance(last: date | None, current: int, best: int, today: date) -> tuple[int, int]:
    """Current and best streak after activity on `today` (a local date)."""
    if last is not None and last >= today:
        # Same day again, or a clock that went backwards: the day is already counted.
        current = max(current, 1)
    elif last is not None and last == today - timedelta(days=1):
        current += 1
    else:
        current = 1
    return current, max(best, current)


def shown(last: date | None, current: int, today: date) -> int:
    """The current streak as of today: a day with no answer since yesterday resets it."""
    if last is None or last < today - timedelta(days=1):
        return 0
    return current


def week_start(day: date) -> date:
    """Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_period(day: date) -> str:
    return week_start(day).isoformat()
