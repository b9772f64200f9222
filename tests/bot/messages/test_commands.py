"""The command table: what each place offers, how arguments parse, one language rule."""

from __future__ import annotations

from zoneinfo import available_timezones

import pytest

from bot.clock import valid_timezone
from bot.messages import commands, plain
from bot.messages.catalogue import language_for
from bot.messages.commands import DailyChoice, Invalid


@pytest.mark.parametrize(
    ("given", "expected"),
    [("08:30", "08:30"), ("8:05", "08:05"), ("23:59", "23:59"), ("0:00", "00:00")],
)
def test_times_of_day(given, expected):
    assert commands.parse_time(given) == expected


@pytest.mark.parametrize("bad", ["25:99", "24:00", "9am", "12:60", "", "08:3", "ab:cd"])
def test_bad_times(bad):
    assert commands.parse_time(bad) is None


def test_arguments_parse_once_for_every_adapter():
    assert commands.find("daily").parse(" OFF ") == DailyChoice(None)
    assert commands.find("daily").parse("7:30") == DailyChoice("07:30")
    assert commands.find("daily").parse("25:00") == Invalid("daily_bad_time", {"value": "25:00"})
    assert commands.find("daily").parse(" ") is None  # show the current setting
    assert commands.find("lang").parse("EN") == "en"
    assert commands.find("lang").parse("fr") == Invalid("lang_usage")
    assert commands.find("timezone").parse("") is None
    assert commands.find("timezone").parse("Europe/Berlin") == "Europe/Berlin"
    assert commands.find("timezone").parse("Mars/Base") == Invalid(
        "timezone_bad", {"tz": "Mars/Base"}
    )
    assert commands.find("timezone").parse("utc") == "UTC"
    assert commands.find("timezone").parse("europe/BERLIN") == "Europe/Berlin"


@pytest.mark.parametrize(
    "zone",
    [
        "America/Argentina",  # a folder of zones
        "America/Indiana",
        "right/Asia/Tokyo",  # the leap-second copy of a zone
        "posix/Asia/Tokyo",
        "localtime",  # the server's own zone file, not a zone name
        "Asia/Tokyo/",
        "/etc/passwd",
        "../../../../etc/passwd",
        "A" * 300,
        "Asia/" + "x" * 300,
        "Asia\x00Tokyo",
    ],
)
def test_only_zone_names_are_zones(zone):
    assert commands.find("timezone").parse(zone) == Invalid("timezone_bad", {"tz": zone[:64]})
    assert not valid_timezone(zone)


def test_every_listed_zone_and_utc_are_valid():
    assert all(valid_timezone(z) for z in available_timezones() - {"localtime"})
    assert valid_timezone("UTC") and not valid_timezone("utc")  # settings want the exact name
    assert commands.find("quiz").parse("  ") is None
    assert commands.find("RANKING").name == "leaderboard"
    assert commands.find("nosuch") is None


def test_each_place_lists_only_its_own_commands():
    terminal = plain.help_text("en", commands.TERMINAL)
    private = plain.help_text("en", commands.PRIVATE)
    slack = plain.help_text("en", commands.SLACK)
    assert "/quit — leave" in terminal and "/export" not in terminal
    assert "asked when studybot chat starts" in terminal
    assert "/export — your data as JSON" in private and "/quit" not in private
    assert "/quiz daily HH:MM|off — a question of the day in this channel" in slack
    assert "/quiz leaderboard" in slack and "/timezone" not in slack
    assert plain.help_text("ja", commands.TERMINAL).startswith("コマンド:\n/quiz — ")


def test_usage_is_spelled_as_the_place_types_it():
    invalid = commands.find("daily").parse("soon")
    assert "/quiz daily 08:30" in plain.usage("en", invalid, "daily", commands.SLACK)
    assert "/daily 08:30" in plain.usage("en", invalid, "daily", commands.PRIVATE)


def test_the_telegram_menu_comes_from_the_table_in_both_languages():
    ja, en = commands.menu("ja"), commands.menu("en")
    assert [name for name, _ in ja] == [name for name, _ in en]
    assert ja[0] == ("quiz", "次の問題（/quiz トピック でトピック指定）")
    assert "export" not in dict(en) and "help" in dict(en)


@pytest.mark.parametrize(
    ("chosen", "client", "expected"),
    [
        ("en", "ja", "en"),  # a choice wins over the client
        (None, "ja-JP", "ja"),
        (None, "de", "en"),  # a client in another language reads English
        (None, None, "ja"),  # nothing known: the decks' language
        ("fr", None, "ja"),  # a stored value we have no messages for is ignored
    ],
)
def test_one_language_fall_back_rule(chosen, client, expected):
    assert language_for(chosen, client) == expected
