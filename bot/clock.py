"""Where the time comes from, so tests can set it instead of sleeping; which zones exist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Protocol
from zoneinfo import available_timezones


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)


# A file of the system's zone folder that is not a zone name: it means "this server's zone".
_NOT_ZONES = frozenset({"localtime"})


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone name zoneinfo lists, by its case-folded spelling."""
    names = (available_timezones() - _NOT_ZONES) | {"UTC"}
    return {name.casefold(): name for name in names}


def canonical_timezone(name: str) -> str | None:
    """The IANA zone `name` spells in any letter case ("asia/tokyo" → "Asia/Tokyo"), or None.

    Only the names zoneinfo lists count: a folder of zones (America/Argentina), a leap-second
    variant (right/Asia/Tokyo) or any other path is not a zone.
    """
    return _zones().get(name.casefold())


def valid_timezone(name: str) -> bool:
    """Whether `name` is exactly an IANA zone name zoneinfo lists (or UTC)."""
    return canonical_timezone(name) == name
