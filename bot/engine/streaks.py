"""Calendar arithmetic for streaks, streak freezes and leaderboard weeks, in local dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ALL_TIME = "all"
FREEZE_EVERY = 7  # a freeze is earned for every 7 days of streak
MAX_FREEZES = 2


@dataclass(frozen=True)
class StreakDay:
    """A learner's streak after an answer on a local day."""

    current: int
    best: int
    last: date  # the local day to store as the last active one
    held: int  # freezes held afterwards
    frozen: tuple[date, ...] = ()  # missed days that freezes bridged on the way


@dataclass(frozen=True)
class Standing:
    """The streak as of a day without counting an answer: what /stats and the picture show."""

    current: int
    held: int
    frozen: tuple[date, ...] = ()  # missed days the next answer will bridge with freezes


def _missed(last: date, today: date) -> tuple[date, ...]:
    return tuple(last + timedelta(days=i) for i in range(1, (today - last).days))


def count_day(last: date | None, current: int, best: int, today: date, held: int) -> StreakDay:
    """The streak after activity on `today`: a missed day spends a freeze instead of breaking
    it (when the learner holds enough for every missed day), and each 7th day earns one."""
    if last is not None and last >= today:
        # Same day again, or a clock that went backwards: the day is already counted.
        current = max(current, 1)
        return StreakDay(current, max(best, current), last, held)
    missed = _missed(last, today) if last is not None else ()
    if last is not None and not missed:
        current += 1
    elif missed and current > 0 and len(missed) <= held:
        current += 1
        held -= len(missed)
    else:
        current, missed = 1, ()
    if current % FREEZE_EVERY == 0 and held < MAX_FREEZES:
        held += 1
    return StreakDay(current, max(best, current), today, held, missed)


def standing(last: date | None, current: int, today: date, held: int = 0) -> Standing:
    """The current streak as of today: a missed day resets it unless freezes cover it."""
    if last is None:
        return Standing(0, held)
    missed = _missed(last, today) if last < today else ()
    if not missed:
        return Standing(current, held)
    if current > 0 and len(missed) <= held:
        return Standing(current, held - len(missed), missed)
    return Standing(0, held)


def shown(last: date | None, current: int, today: date, held: int = 0) -> int:
    """The current streak as of today: a day with no answer since yesterday resets it."""
    return standing(last, current, today, held).current


def moved(last: date | None, old_today: date, new_today: date) -> date | None:
    """The last active day re-expressed in a new time zone, so that it stays "today",
    "yesterday" or as many days back as it was at the moment of the change: changing zone
    then neither breaks a streak nor counts one day twice."""
    return None if last is None else last + (new_today - old_today)


def week_start(day: date) -> date:
    """Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_period(day: date) -> str:
    return week_start(day).isoformat()
