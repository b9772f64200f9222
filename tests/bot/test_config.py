"""Settings: read once, checked at start, one line naming the bad variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "DEFAULT_TIMEZONE", "DECKS", "PORT", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults():
    settings = load_settings()
    assert settings.database_url == "sqlite:///studybot.db"
    assert settings.default_timezone == "Asia/Tokyo"
    assert settings.platforms() == []


def test_dotenv_is_read(tmp_path):
    (tmp_path / ".env").write_text("DEFAULT_TIMEZONE=Europe/Berlin\nDECKS=a.yaml,more/\n")
    settings = load_settings()
    assert settings.default_timezone == "Europe/Berlin"
    assert settings.deck_paths() == [Path("a.yaml"), Path("more")]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "nonsense", "DATABASE_URL: 'nonsense' is not a database URL"),
        ("DEFAULT_TIMEZONE", "Mars/Base", "DEFAULT_TIMEZONE: 'Mars/Base' is not an IANA"),
        ("DEFAULT_TIMEZONE", "America/Argentina", "DEFAULT_TIMEZONE: 'America/Argentina' is"),
        ("DEFAULT_TIMEZONE", "right/Asia/Tokyo", "DEFAULT_TIMEZONE: 'right/Asia/Tokyo' is"),
        ("DEFAULT_TIMEZONE", "x" * 300, "DEFAULT_TIMEZONE: 'xxx"),
        ("PORT", "eighty", "PORT: "),
    ],
)
def test_bad_values_name_the_variable(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_platforms_need_their_settings(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert load_settings().platforms() == []
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:abc")
    assert load_settings().platforms() == ["telegram", "slack"]


def test_utc_is_a_default_timezone(monkeypatch):
    monkeypatch.setenv("DEFAULT_TIMEZONE", "UTC")
    assert load_settings().default_timezone == "UTC"
