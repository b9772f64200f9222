"""Both interface languages have every message, with the same placeholders."""

from __future__ import annotations

from string import Formatter

from bot.messages.catalogue import MESSAGES, tr


def fields(message: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(message) if name}


def test_languages_have_the_same_messages_and_placeholders():
    ja, en = MESSAGES["ja"], MESSAGES["en"]
    assert ja.keys() == en.keys()
    for key in ja:
        assert fields(ja[key]) == fields(en[key]), key


def test_unknown_language_falls_back_to_japanese():
    assert tr("fr", "lang_set") == MESSAGES["ja"]["lang_set"]
