"""The `studybot` command: chat, run, check, migrate."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import signal
import sys
from pathlib import Path

from bot import cli_import
from bot.config import Settings, SettingsError, load_settings
from content.loader import DeckError, LoadedDeck, load_decks
from storage.db import DatabaseUnavailable, DatabaseUrlError, engine_url

PLATFORM_SETTINGS = "TELEGRAM_BOT_TOKEN, or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"


class CliError(Exception):
    """A one-line error for the user; exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.command == "run" else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.handler(args)
    except (SettingsError, CliError, DatabaseUrlError, DatabaseUnavailable) as exc:
        print(f"studybot: {exc}", file=sys.stderr)
        return 2
    except DeckError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        what = "found" if args.command == "check" else "refusing to start:"
        print(f"studybot: {what} {len(exc.problems)} deck problem(s)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`studybot chat | head`): stop quietly, as other tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit-time flush quiet
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    chat = sub.add_parser("chat", help="study in the terminal (no token needed)")
    chat.add_argument("--user", default=None, help="learner name (default: your login name)")
    chat.add_argument(
        "--db", default=None, help="SQLite file or database URL (default: DATABASE_URL)"
    )
    chat.set_defaults(handler=_chat)

    run = sub.add_parser("run", help="serve the configured chat platforms")
    run.set_defaults(handler=_run)

    check = sub.add_parser("check", help="validate deck files")
    check.add_argument("paths", nargs="*", type=Path, help="deck files or folders (default: all)")
    check.add_argument(
        "--lint", action="store_true", help="also report answer cues (longest key, absolutes, …)"
    )
    check.set_defaults(handler=_check)

    migrate = sub.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument("--db", default=None, help="SQLite file or database URL")
    migrate.set_defaults(handler=_migrate)

    cli_import.add_parser(sub)
    return parser


def _database_url(settings: Settings, db: str | None) -> str:
    if db is None:
        return settings.database_url
    url = db if "://" in db else f"sqlite:///{db}"
    engine_url(url)
    return url


def _chat(args: argparse.Namespace) -> int:
    from bot.adapters import console
    from bot.app import build

    settings = load_settings()
    url = _database_url(settings, args.db)
    user = args.user or _login_name()

    async def session() -> None:
        app = await build(settings, database_url=url)
        try:
            await console.run(app.engine, user)
        finally:
            await app.close()

    asyncio.run(session())
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.app import deck_paths

    settings = load_settings()
    load_decks(deck_paths(settings))
    if not settings.platforms():
        raise CliError(
            f"no chat platform configured: set {PLATFORM_SETTINGS} "
            "(or try studybot in the terminal with `studybot chat`)"
        )
    from bot.runner import serve

    async def until_signalled() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(settings, stop)

    asyncio.run(until_signalled())
    return 0


def _check(args: argparse.Namespace) -> int:
    from bot.app import deck_paths

    paths = args.paths or deck_paths(load_settings())
    loaded = load_decks(paths)
    topics = sum(len(d.deck.topics) for d in loaded)
    questions = sum(len(d.deck.questions) for d in loaded)
    print(f"ok: {len(loaded)} deck(s), {topics} topics, {questions} questions")
    return _lint(loaded) if args.lint else 0


def _lint(loaded: list[LoadedDeck]) -> int:
    from content.lint import report_lines

    failed = 0
    for item in loaded:
        lines, passed = report_lines(item)
        print("\n".join(lines))
        failed += not passed
    if failed:
        print(f"studybot: lint: {failed} deck(s) miss a target", file=sys.stderr)
    return 1 if failed else 0


def _migrate(args: argparse.Namespace) -> int:
    from storage.db import Database

    url = _database_url(load_settings(), args.db)

    async def upgrade() -> None:
        db = Database(url)
        try:
            await db.migrate()
        finally:
            await db.close()

    asyncio.run(upgrade())
    print("database is up to date")
    return 0


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"
