"""When a question of the day is due: local wall-clock times turned into instants, DST-safe."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Slot:
    local_date: date
    due_at: datetime  # UTC
    state: str  # "claimed": send now; "skipped": missed beyond the grace window


def due_at(local_date: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """The instant of HH:MM on that local date.

    A wall time that does not exist (the spring-forward gap) lands just after the gap; one that
    happens twice (fall back) is the first of the two — either way the day gets one slot.
    """
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(local_date, time(hour, minute), tzinfo=zone).astimezone(UTC)


def due_slots(now: datetime, timezone: str, hhmm: str, grace: timedelta) -> list[Slot]:
    """Yesterday's and today's slots that are already due, oldest first.

    Yesterday is included so that a slot late in the evening, missed while the process was
    down over midnight, is still sent within the grace window (or recorded as skipped).
    """
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    found = []
    for day in (today - timedelta(days=1), today):
        due = due_at(day, hhmm, zone)
        if due <= now:
            found.append(Slot(day, due, "claimed" if now - due <= grace else "skipped"))
    return found
