"""Settings read once from the environment (and `.env`), checked before anything starts."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.clock import valid_timezone
from storage.db import DatabaseUrlError, engine_url

DEFAULT_DATABASE_URL = "sqlite:///studybot.db"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    default_timezone: str = "Asia/Tokyo"
    decks: str = ""
    daily_grace_minutes: int = Field(default=180, ge=0, le=24 * 60)
    host: str = "0.0.0.0"
    port: int = 8080
    telegram_bot_token: str | None = None
    telegram_api_base_url: str | None = None
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: str | None = None
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            engine_url(value)
        except DatabaseUrlError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        if not valid_timezone(value):
            raise ValueError(f"'{value}' is not an IANA time zone such as Asia/Tokyo")
        return value

    @field_validator("telegram_webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError(f"'{value}' is not an http(s) URL")
        return value or None

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: str | None) -> str | None:
        # Telegram accepts 1–256 characters of A-Z, a-z, 0-9, _ and -.
        if value and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            raise ValueError("use 1–256 characters: letters, digits, _ and -")
        return value or None

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL, so that "
                "nobody else can post updates to the webhook"
            )
        return self

    def deck_paths(self) -> list[Path]:
        """Extra deck files or folders listed in DECKS (separated by commas or colons)."""
        parts = self.decks.replace(";", ",").replace(":", ",").split(",")
        return [Path(p.strip()) for p in parts if p.strip()]

    def platforms(self) -> list[str]:
        found = []
        if self.telegram_bot_token:
            found.append("telegram")
        if self.slack_bot_token and self.slack_signing_secret:
            found.append("slack")
        return found


def load_settings(**overrides: object) -> Settings:
    """Read the settings; raise SettingsError naming the first bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]).upper() if error["loc"] else "TELEGRAM_WEBHOOK_SECRET"
        message = error["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
