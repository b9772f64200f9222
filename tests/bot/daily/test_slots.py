"""Due instants of HH:MM in a time zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.daily.slots import due_at, due_slots

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def test_tokyo_has_no_dst():
    assert due_at(date(2026, 11, 25), "08:30", ZoneInfo("Asia/Tokyo")) == datetime(
        2026, 11, 24, 23, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "day", "hhmm", "expected_utc"),
    [
        (NY, date(2026, 3, 7), "09:00", datetime(2026, 3, 7, 14, 0, tzinfo=UTC)),  # EST
        (NY, date(2026, 3, 8), "09:00", datetime(2026, 3, 8, 13, 0, tzinfo=UTC)),  # EDT
        # 02:30 does not exist on 8 March in New York: it is sent at 03:30 EDT, once.
        (NY, date(2026, 3, 8), "02:30", datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        # 01:30 happens twice on 1 November: the first one counts.
        (NY, date(2026, 11, 1), "01:30", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (BERLIN, date(2026, 3, 29), "02:30", datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        (BERLIN, date(2026, 10, 25), "02:30", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_dst_transitions(zone, day, hhmm, expected_utc):
    assert due_at(day, hhmm, zone) == expected_utc


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Berlin"])
@pytest.mark.parametrize("hhmm", ["00:30", "01:30", "02:30", "03:30", "09:00", "23:30"])
def test_every_local_day_has_exactly_one_slot_through_dst(zone, hhmm):
    """Tick every half hour across both transitions: each local date is due exactly once."""
    grace = timedelta(hours=3)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    due_dates = []
    seen = set()
    now = start
    while now < datetime(2026, 11, 10, tzinfo=UTC):
        for slot in due_slots(now, zone, hhmm, grace):
            if slot.local_date not in seen and slot.state == "claimed":
                seen.add(slot.local_date)
                due_dates.append(slot.local_date)
        now += timedelta(minutes=30)
    # The walk may start just after a late slot of the previous day: that day counts too.
    assert due_dates[0] in (date(2026, 2, 28), date(2026, 3, 1))
    expected = [due_dates[0] + timedelta(days=i) for i in range(len(due_dates))]
    assert due_dates == expected
    assert due_dates[-1] >= date(2026, 11, 8)


def test_yesterdays_late_slot_is_still_due_after_midnight():
    now = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)  # 00:30 on the 26th in Tokyo
    found = due_slots(now, "Asia/Tokyo", "23:50", timedelta(hours=3))
    assert [(s.local_date, s.state) for s in found] == [(date(2026, 11, 25), "claimed")]


def test_slot_beyond_grace_is_skipped():
    now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
    found = due_slots(now, "Asia/Tokyo", "08:30", timedelta(hours=3))
    assert [(s.local_date, s.state) for s in found][-1] == (date(2026, 11, 25), "skipped")
