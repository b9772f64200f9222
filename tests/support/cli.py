"""The real `studybot` command run as a user would: through a pipe, with real settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

STUDYBOT = str(Path(sys.executable).with_name("studybot"))
# Settings of the machine running the tests that must not leak into the command.
OWN_SETTINGS = ("TELEGRAM_", "SLACK_", "DATABASE_", "DECKS", "DEFAULT_TIMEZONE")


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_SETTINGS)}
    env.update(overrides)
    return env


def run(args, tmp_path, stdin="", **env_overrides):
    return subprocess.run(
        [STUDYBOT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(**env_overrides),
        timeout=60,
    )
