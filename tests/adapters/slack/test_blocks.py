"""Block Kit rendering: mrkdwn escaping and Slack's size limits."""

from __future__ import annotations

from datetime import date

from bot.adapters.slack import blocks
from bot.engine.views import (
    AnswerResult,
    AnswerStatus,
    Leaderboard,
    LeaderRow,
    QuestionView,
    Stats,
    TopicProgress,
)


def test_deck_text_is_escaped_for_mrkdwn():
    q = QuestionView(
        5, "d/q", "t", "A <b> & C", "Is <@U1> & x?", ("<!here>", "a&b"), "choice", "group"
    )
    rendered = blocks.question("ja", q, group=True)
    mrkdwn = " ".join(b["text"]["text"] for b in rendered if b["type"] == "section")
    assert "A &lt;b&gt; &amp; C" in mrkdwn
    assert "Is &lt;@U1&gt; &amp; x?" in mrkdwn
    assert "&lt;!here&gt;" in mrkdwn and "<!here>" not in mrkdwn  # no channel-wide ping
    # Button labels are plain_text, which Slack shows as written.
    labels = [e["text"]["text"] for b in rendered if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["1. <!here>", "2. a&b"]


def test_buttons_carry_ids_and_fit_slack_limits():
    q = QuestionView(123, "d/q", "t", "T", "P", ("x" * 100, "y"), "choice", "group")
    actions = next(b for b in blocks.question("en", q, group=True) if b["type"] == "actions")
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert all(len(label) <= 75 for label in labels)
    assert [e["value"] for e in actions["elements"]] == ["123:0", "123:1"]


def test_long_text_is_cut_to_a_section():
    r = AnswerResult(
        AnswerStatus.CORRECT,
        1,
        chosen=0,
        correct_index=0,
        options=("a", "b"),
        explanation="x" * 5000,
        source="m.md",
        source_section="s",
    )
    (section,) = blocks.result("ja", r)
    assert len(section["text"]["text"]) <= 3000


def test_tally_lists_names_and_stays_short():
    names = tuple(f"person{i}" for i in range(40))
    block = blocks.tally("ja", 40, names)
    text = block["elements"][0]["text"]
    assert "👥 回答 40 人" in text and "person0" in text and text.endswith("…")
    assert "person39" not in text


def test_home_view_fits_in_fifty_blocks():
    topics = [TopicProgress(f"t{i}", f"Topic {i} " + "x" * 80, 5, 2, 1) for i in range(300)]
    view = blocks.home("ja", Stats(10, 7, 2, 3, 4, 9), topics)
    assert view["type"] == "home" and len(view["blocks"]) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in view["blocks"])


def test_leaderboard_shows_streaks():
    board = Leaderboard(date(2026, 11, 23), (LeaderRow(1, "A&B", 3, 4, 3, 2),), ())
    text = str(blocks.leaderboard("en", board))
    assert "1. A&amp;B — 3 pts (4 answered, 75% right) 🔥2" in text
