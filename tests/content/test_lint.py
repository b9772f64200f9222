"""`studybot check --lint`: each cue a test-wise learner uses is caught, and only that cue."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.app import BUILTIN_DECKS
from content.lint import absolutes_in, display_width, lint_deck, report_lines
from content.loader import load_deck
from content.schema import Deck
from tests.conftest import FIXTURES

LINT = FIXTURES / "decks" / "lint"
STUDYBOT = str(Path(sys.executable).with_name("studybot"))
ENV = {k: v for k, v in os.environ.items() if k != "DECKS"}


def lint(name: str):
    return lint_deck(load_deck(LINT / name).deck)


def test_a_clean_deck_passes():
    report = lint("clean.yaml")
    assert report.passed, report.missed
    # c2's key ties with another option for the longest: a tie is no tell.
    assert report.longest_key == ()
    assert (report.true_answers, report.true_false_questions) == (1, 2)


@pytest.mark.parametrize(
    ("fixture", "missed", "flagged"),
    [
        ("longest_key.yaml", "longest key above 35 %", {"long-1", "long-2"}),
        ("absolutes.yaml", "absolutes", {"tf-always", "option-never"}),
        ("outliers.yaml", "length outliers", {"short-option", "long-option"}),
        ("few_options.yaml", "choice questions under 4 options", {"three"}),
        ("true_heavy.yaml", "true share outside 35 %–65 %", set()),
    ],
)
def test_each_cue_trips_its_own_target_only(fixture, missed, flagged):
    report = lint(fixture)
    assert report.missed == (missed,)
    found = {
        f.question_id
        for f in (
            *report.longest_key,
            *report.absolutes,
            *report.length_outliers,
            *report.few_options,
        )
    }
    assert found == flagged


def test_longest_key_share_and_which_questions():
    report = lint("longest_key.yaml")
    assert report.choice_questions == 3
    assert round(report.longest_key_share, 2) == 0.67
    lines, passed = report_lines(load_deck(LINT / "longest_key.yaml"))
    assert not passed
    # Listed with the line of each question's answer, so an editor can jump to it.
    assert f"{LINT / 'longest_key.yaml'}:13: lint: long-1: the key is the longest option" in lines
    assert any(":21: lint: long-2: the key is the longest option" in line for line in lines)
    assert not any("short-key" in line for line in lines)


def test_outliers_name_the_option_and_its_ratio():
    report = lint("outliers.yaml")
    messages = {(f.question_id, f.message) for f in report.length_outliers}
    assert ("short-option", "option 1 is 0.1× the median length of the others") in messages
    assert ("long-option", "option 4 is 20.0× the median length of the others") in messages


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("Global Accelerator では常に NLB を置く", "ja", ["常に"]),
        ("スロットリングは決して起きない", "ja", ["決して"]),
        ("必ず同期され、すべてのリージョンで同じ", "ja", ["必ず", "すべて"]),
        ("ALB と NLB のみ", "ja", ["のみ"]),
        ("受信ルールだけ", "ja", ["だけ"]),
        ("EC2 だけでなく RDS も", "ja", []),
        ("EC2 のみならず RDS も", "ja", []),
        ("CloudTrail が有効か", "ja", []),
        ("Firehose always buffers", "en", ["always"]),
        ("It is never retried", "en", ["never"]),
        ("Only ALB and NLB", "en", ["only"]),
        ("Not only EC2 but also RDS", "en", []),
        ("Install the agent", "en", []),  # "all" inside a word is no absolute
    ],
)
def test_absolutes(text, language, words):
    assert absolutes_in(text, language) == words


def test_width_counts_full_width_characters_twice():
    assert display_width("SQS") == 3
    assert display_width("キュー") == 6
    assert display_width("SQS  の キュー") == 3 + 1 + 2 + 1 + 6


def test_the_shipped_deck_passes_every_target():
    report = lint_deck(load_deck(BUILTIN_DECKS / "aws-0916.yaml").deck)
    assert report.passed, report.missed
    assert report.longest_key_share <= 0.35
    assert 0.35 <= report.true_share <= 0.65


def test_cli_lint_exit_status_and_output(tmp_path):
    bad = subprocess.run(
        [STUDYBOT, "check", "--lint", str(LINT / "clean.yaml"), str(LINT / "absolutes.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert bad.returncode == 1
    out = bad.stdout.splitlines()
    assert out[0] == "ok: 2 deck(s), 2 topics, 9 questions"
    assert f"{LINT / 'clean.yaml'}: lint: lint-clean: " in out[1] and out[1].endswith(": ok")
    assert f"{LINT / 'absolutes.yaml'}:11: lint: tf-always: absolute 常に" in bad.stdout
    assert out[-1].endswith(": missed: absolutes")
    assert bad.stderr == "studybot: lint: 1 deck(s) miss a target\n"

    good = subprocess.run(
        [STUDYBOT, "check", "--lint"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=ENV,
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert good.stdout.rstrip().endswith(": ok")
    assert "aws-0916.yaml: lint: aws-0916: longest key" in good.stdout


def choice_deck(longest: int, total: int) -> Deck:
    """`total` choice questions; in the first `longest` the key is the longest option."""
    questions = [
        {
            "id": f"q{i}",
            "topic": "t",
            "type": "choice",
            "prompt": "Which one?",
            "options": ["Amazon SQS", "Amazon SNS", "Amazon MQ", "Amazon Kinesis Data Streams"],
            "answer": 3 if i < longest else 0,
            "explanation": "Because.",
            "source_section": "S",
        }
        for i in range(total)
    ]
    data = {"id": "d", "title": "D", "topics": [{"id": "t", "title": "T"}]}
    return Deck.model_validate({**data, "questions": questions})


@pytest.mark.parametrize(("longest", "passed"), [(7, True), (8, False)])
def test_longest_key_target_is_at_most_35_percent(longest, passed):
    report = lint_deck(choice_deck(longest, 20))
    assert len(report.longest_key) == longest
    assert ("longest key above 35 %" not in report.missed) is passed
