"""What a newcomer meets first: `studybot --version`, `run --help`, `migrate`, `check`."""

from __future__ import annotations

import asyncio
from importlib.metadata import version

from bot.config import Settings
from storage.db import Database
from storage.migrate import downgrade, head
from tests.conftest import MINI_DECK
from tests.support.cli import run


def test_version(tmp_path):
    done = run(["--version"], tmp_path)
    assert done.returncode == 0
    assert done.stdout == f"studybot {version('studybot')}\n"


def test_run_help_lists_every_setting_it_reads(tmp_path):
    done = run(["run", "--help"], tmp_path)
    assert done.returncode == 0
    listed = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("  ")}
    for name in Settings.model_fields:
        assert name.upper() in listed, name
        assert len(listed[name.upper()].split()) > 1, f"{name.upper()} says nothing"
    assert "(default: sqlite:///studybot.db)" in listed["DATABASE_URL"]
    assert "from .env in the working directory" in done.stdout


def test_migrate_says_what_it_did(tmp_path):
    created = run(["migrate", "--db", "new.db"], tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"created the schema at revision {head()} in new.db\n"
    again = run(["migrate", "--db", "new.db"], tmp_path)
    assert again.stdout == f"new.db is already at revision {head()}: nothing to do\n"

    async def back_to_0003() -> None:
        db = Database(f"sqlite:///{tmp_path / 'new.db'}")
        await downgrade(db, "0003")
        await db.close()

    asyncio.run(back_to_0003())
    upgraded = run(["migrate", "--db", "new.db"], tmp_path)
    assert upgraded.stdout == f"upgraded the schema from revision 0003 to {head()} in new.db\n"


def test_check_reports_an_unknown_field_and_every_other_problem(tmp_path):
    text = MINI_DECK.read_text()
    assert "  - id: q-queue-2\n" in text and "    answer: 1\n" in text
    broken = text.replace("  - id: q-queue-2\n", "  - id: q-queue-2\n    difficulty: hard\n", 1)
    broken = broken.replace("    answer: 1\n", "    answer: 7\n", 1)
    deck = tmp_path / "broken.yaml"
    deck.write_text(broken)
    done = run(["check", str(deck)], tmp_path)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert any(
        line.startswith(f"{deck}:")
        and "question 'q-queue-2': unknown field 'difficulty' (the fields are: id, topic," in line
        for line in lines
    ), done.stderr
    assert any("answer index 7 is out of range 0–2" in line for line in lines), done.stderr
    assert lines[-1] == "studybot: found 2 deck problem(s)"
    assert "Extra inputs" not in done.stderr and "questions." not in done.stderr


def test_a_too_long_terminal_name_is_one_line(tmp_path):
    done = run(["chat", "--user", "x" * 51, "--db", "u.db"], tmp_path, "/stats\n")
    assert done.returncode == 2
    assert done.stderr == "studybot: --user: a name of at most 50 characters, please\n"
    fits = run(["chat", "--user", "x" * 50, "--db", "u.db"], tmp_path, "/stats\n")
    assert fits.returncode == 0 and "回答数: 0" in fits.stdout
