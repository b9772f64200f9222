"""Telegram rendering: escaping, message splitting, callback data."""

from __future__ import annotations

import pytest

from bot.adapters.telegram import markup
from bot.engine.views import QuestionView


def test_deck_text_is_escaped():
    q = QuestionView(
        1, "d/q", "t", "A <b> & C", "Is x < y & z?", ("<i>", "&amp;"), "choice", "new"
    )
    body = markup.question("ja", q)
    assert "A &lt;b&gt; &amp; C" in body
    assert "Is x &lt; y &amp; z?" in body
    assert "1. &lt;i&gt;" in body and "2. &amp;amp;" in body


def test_buttons_carry_only_ids_within_64_bytes():
    q = QuestionView(10**18, "d/q", "t", "T", "P", ("x" * 100, "y"), "choice", "new")
    keyboard = markup.question_keyboard(q)
    data = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert data == [f"a:{10**18}:0", f"a:{10**18}:1"]
    labels = [b.text for row in keyboard.inline_keyboard for b in row]
    assert len(labels[0]) == markup.MAX_BUTTON_LABEL and labels[0].endswith("…")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("a:12:3", markup.Tap("answer", 12, 3)),
        ("n:", markup.Tap("next")),
        ("n:streams", markup.Tap("next", value="streams")),
        ("t:queues", markup.Tap("topic", value="queues")),
        ("f:yes", markup.Tap("forget", value="yes")),
        ("a:12", None),
        ("a:-1:0", None),
        ("a:1:x", None),
        ("t:", None),
        ("zzz", None),
        (None, None),
        ("a:1:" + "1" * 70, None),
    ],
)
def test_parse_tap(data, expected):
    assert markup.parse_tap(data) == expected


def test_split_keeps_lines_and_limits():
    body = "\n".join(f"line {i} " + "x" * 50 for i in range(200))
    pieces = markup.split(body)
    assert all(len(p) <= markup.MAX_MESSAGE for p in pieces)
    assert "\n".join(pieces) == body


def test_split_never_cuts_an_entity():
    body = "a" * 4093 + "&amp;" + "b" * 10
    pieces = markup.split(body)
    assert pieces[0] == "a" * 4093 and pieces[1].startswith("&amp;")
    assert "".join(pieces) == body


def test_split_short_message_is_one_piece():
    assert markup.split("hi") == ["hi"]
