"""The real `studybot` command, run as a user would: through a pipe, with real settings."""

from __future__ import annotations

import os
import subprocess

import pytest

from storage.migrate import head
from tests.conftest import MINI_DECK
from tests.support.cli import STUDYBOT, run


def test_piped_chat_session_on_the_shipped_deck(tmp_path):
    done = run(["chat", "--user", "alice"], tmp_path, "/quiz\n1\n/stats\n/quit\n")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "studybot へようこそ" in out
    assert "番号で答えてください" in out
    assert ("✅ 正解！" in out) or ("❌ 不正解" in out)
    assert "回答数: 1" in out
    assert done.stderr == ""
    # The default database is a SQLite file created on first use in the working directory.
    assert (tmp_path / "studybot.db").exists()


def test_chat_keeps_history_in_the_chosen_database(tmp_path):
    db = tmp_path / "mine.db"
    for _ in range(2):
        done = run(["chat", "--user", "bob", "--db", str(db)], tmp_path, "/quiz\n1\n")
        assert done.returncode == 0, done.stderr
    done = run(["chat", "--user", "bob", "--db", str(db)], tmp_path, "/stats\n")
    assert "回答数: 2" in done.stdout
    other = run(["chat", "--user", "carol", "--db", str(db)], tmp_path, "/stats\n")
    assert "回答数: 0" in other.stdout


def test_bad_chat_input_never_shows_a_traceback(tmp_path):
    lines = ["/quiz nosuchtopic", "/quiz", "7", "abc", "", "x" * 10_000, "/quiz", "1", "/stats"]
    done = run(["chat", "--db", "t.db"], tmp_path, "\n".join(lines) + "\n")
    assert done.returncode == 0
    assert "Traceback" not in done.stdout + done.stderr
    assert "「nosuchtopic」は見つかりません" in done.stdout
    assert "入力が長すぎます" in done.stdout
    assert "回答数: 1" in done.stdout


def test_run_without_platform_settings_explains_itself(tmp_path):
    done = run(["run"], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "TELEGRAM_BOT_TOKEN" in lines[0] and "SLACK_BOT_TOKEN" in lines[0]
    assert "studybot chat" in lines[0]


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"DATABASE_URL": "nonsense"}, "studybot: DATABASE_URL: 'nonsense' is not a database URL"),
        ({"DATABASE_URL": "mysql://x@h/db"}, "studybot: DATABASE_URL: unsupported scheme 'mysql'"),
        ({"DEFAULT_TIMEZONE": "Mars/Base"}, "studybot: DEFAULT_TIMEZONE: 'Mars/Base' is not"),
        ({"PORT": "eighty"}, "studybot: PORT:"),
        (
            {"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"},
            "studybot: cannot open the database:",
        ),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path, env, needle):
    done = run(["chat"], tmp_path, "/stats\n", **env)
    assert done.returncode == 2
    assert done.stderr.startswith(needle), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_check_passes_on_the_shipped_deck(tmp_path):
    done = run(["check"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: 1 deck(s)")


def test_check_reports_broken_decks_with_file_and_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI_DECK.read_text().replace("answer: 1\n", "answer: 7\n", 1))
    done = run(["check", str(broken), str(MINI_DECK)], tmp_path)
    assert done.returncode == 1
    assert f"{broken}:" in done.stderr
    assert "answer index 7 is out of range 0–2" in done.stderr


def test_bot_refuses_to_start_on_a_bad_deck(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: x\ntopics: []\nquestions: [1]\n")
    done = run(["chat"], tmp_path, "/quiz\n", DECKS=str(broken))
    assert done.returncode == 1
    assert "refusing to start" in done.stderr
    assert "studybot へようこそ" not in done.stdout


def test_extra_decks_are_served(tmp_path):
    done = run(["chat"], tmp_path, "/quiz streams\n", DECKS=str(MINI_DECK))
    assert "[Streams]" in done.stdout


def test_migrate_is_idempotent(tmp_path):
    for _ in range(2):
        done = run(["migrate", "--db", "m.db"], tmp_path)
        assert done.returncode == 0, done.stderr
        assert f"revision {head()}" in done.stdout


def test_chat_into_a_closed_pipe_stops_quietly(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SLACK_"))}
    reader, writer = os.pipe()
    os.close(reader)  # like `studybot chat | head -0`: nobody reads
    done = subprocess.run(
        [STUDYBOT, "chat", "--db", "p.db"],
        input="/topics\n/quiz\n/stats\n",
        stdout=writer,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    os.close(writer)
    assert done.returncode == 0
    assert "Traceback" not in done.stderr
