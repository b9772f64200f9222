"""What `studybot --version` and `studybot run --help` tell: the version, and every setting
`studybot run` reads (bot/config.py's Settings), with its variable, default and meaning."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from bot.config import Settings

# What each setting is for; a field that carries its own `description` in Settings needs none.
MEANINGS = {
    "database_url": "sqlite:///PATH, postgres://… or postgresql://…",
    "default_timezone": "time zone for streak days and leaderboard weeks until one is set",
    "decks": "extra deck files or folders, separated by commas",
    "daily_grace_minutes": "how late a missed question of the day is still sent",
    "host": "address the web server listens on",
    "port": "port of the web server (/healthz, webhooks, Slack events)",
    "telegram_bot_token": "turns on the Telegram adapter (long polling)",
    "telegram_api_base_url": "a self-hosted Bot API server",
    "telegram_webhook_url": "webhook mode instead of long polling",
    "telegram_webhook_secret": "required with TELEGRAM_WEBHOOK_URL",
    "slack_bot_token": "with SLACK_SIGNING_SECRET, turns on the Slack adapter",
    "slack_signing_secret": "checks that Slack requests come from Slack",
    "slack_app_token": "Socket Mode instead of HTTP",
    "slack_api_url": "another Slack Web API base URL",
}


def studybot_version() -> str:
    try:
        return version("studybot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def settings_help() -> str:
    """The settings `studybot run` reads, one line each, for the end of its --help."""
    rows = []
    for name, field in Settings.model_fields.items():
        meaning = field.description or MEANINGS.get(name, "")
        default = "" if field.default in (None, "") else f" (default: {field.default})"
        rows.append((name.upper(), f"{meaning}{default}"))
    width = max(len(env) for env, _ in rows)
    lines = [f"  {env.ljust(width)}  {text}" for env, text in rows]
    return "\n".join(
        [
            "settings, read from the environment or from .env in the working directory:",
            *lines,
        ]
    )
