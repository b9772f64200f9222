"""Parsing each command's argument: what the person typed after the command, turned into the
value the adapter hands to the engine, or an Invalid that names the usage message to show."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.clock import canonical_timezone
from bot.engine.deck_views import REASONS
from bot.engine.profiles import LANGUAGES


@dataclass(frozen=True)
class Invalid:
    """An argument that does not parse: the catalogue message that says how to use it."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DailyChoice:
    local_time: str | None  # "HH:MM", or None to switch the question of the day off


@dataclass(frozen=True)
class DeckAction:
    verb: str  # "on", "off" or "delete"
    deck_id: str


def parse_decks(arg: str) -> DeckAction | Invalid | None:
    """Nothing lists the decks; `off ID`, `on ID` or `delete ID` changes one."""
    words = arg.split()
    if not words:
        return None
    if len(words) == 2 and words[0].lower() in ("on", "off", "delete"):
        return DeckAction(words[0].lower(), words[1][:64])
    return Invalid("decks_usage")


def parse_report(arg: str) -> str | Invalid:
    reason = arg.strip().lower()
    return reason if reason in REASONS else Invalid("report_usage")


def parse_review(arg: str) -> str | Invalid | None:
    """Nothing shows the review; `retire DECK/QUESTION` retires one question here."""
    words = arg.split()
    if not words:
        return None
    if len(words) == 2 and words[0].lower() == "retire":
        return words[1][:160]
    return Invalid("review_usage")


def parse_path(arg: str) -> str | None:
    """A file to import (the terminal); none on Slack, where the file is shared next."""
    return arg.strip() or None


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_time(value: str) -> str | None:
    """ "8:30" → "08:30"; None for anything that is not a time of day on a 24-hour clock."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_topic(arg: str) -> str | None:
    return arg.strip() or None


def parse_lang(arg: str) -> str | Invalid:
    choice = arg.strip().lower()
    return choice if choice in LANGUAGES else Invalid("lang_usage")


def parse_daily(arg: str) -> DailyChoice | Invalid | None:
    """HH:MM or off; None (no argument) asks for the current setting."""
    arg = arg.strip()
    if not arg:
        return None
    if arg.lower() == "off":
        return DailyChoice(None)
    when = parse_time(arg)
    return DailyChoice(when) if when else Invalid("daily_bad_time", {"value": arg[:20]})


def parse_timezone(arg: str) -> str | Invalid | None:
    """An IANA zone (Area/City, or UTC) in any letter case; None (no argument) asks for the
    current one."""
    zone = arg.strip().split(" ")[0] if arg.strip() else ""
    if not zone:
        return None
    known = canonical_timezone(zone)
    return known if known else Invalid("timezone_bad", {"tz": zone[:64]})


@dataclass(frozen=True)
class ExamChoice:
    day: date | None  # None with show=False switches the exam date off
    show: bool = False  # no argument: show the current one


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_exam(arg: str) -> ExamChoice | Invalid:
    """`YYYY-MM-DD`, `off`, or nothing (show it); whether the day is past is the engine's."""
    value = arg.strip().split(" ")[0] if arg.strip() else ""
    if not value:
        return ExamChoice(None, show=True)
    if value.lower() == "off":
        return ExamChoice(None)
    if not _DAY.match(value):
        return Invalid("exam_usage")
    try:
        return ExamChoice(date.fromisoformat(value))
    except ValueError:
        return Invalid("exam_bad_date", {"value": value})


@dataclass(frozen=True)
class ProgressChoice:
    png_path: str | None = None  # the terminal's `/progress png PATH`: save the picture there


def parse_progress(arg: str) -> ProgressChoice | Invalid:
    word, _, rest = arg.strip().partition(" ")
    if not word:
        return ProgressChoice()
    if word.lower() in ("png", "--png") and rest.strip():
        return ProgressChoice(rest.strip())
    return Invalid("progress_usage")
