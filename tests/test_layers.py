"""Imports point one way: adapters → engine → storage, content (docs/DESIGN.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBS = {"telegram", "slack_bolt", "slack_sdk"}
# Start-up wires adapters to the engine; nothing else in bot/ outside the adapters may.
START_UP = {"cli.py", "cli_import.py", "runner.py", "app.py", "config.py", "clock.py"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, dotted in full (`from a.b import c` gives a.b and a.b.c)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def imports(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_content_imports_nothing_of_ours():
    for path in modules("content"):
        assert not imports(path) & {"bot", "storage"}, path


def test_storage_does_not_import_the_application():
    for path in modules("storage"):
        assert not imports(path) & {"bot", "content"}, path


def test_sqlalchemy_only_in_storage():
    for package in ("bot", "content"):
        for path in modules(package):
            assert not imports(path) & {"sqlalchemy", "alembic"}, path


def test_platform_libraries_only_in_their_adapter():
    for path in [*modules("bot"), *modules("storage"), *modules("content")]:
        used = imports(path) & PLATFORM_LIBS
        if used:
            # telegram only under bot/adapters/telegram, slack_* only under bot/adapters/slack.
            adapter = path.relative_to(ROOT / "bot" / "adapters").parts[0].removesuffix(".py")
            expected = {"telegram"} if adapter == "telegram" else {"slack_bolt", "slack_sdk"}
            assert used <= expected, path


def test_the_engine_and_the_messages_know_no_adapter_and_no_daily_pipeline():
    for package in ("bot/engine", "bot/messages"):
        for path in modules(package):
            names = imported_modules(path)
            assert not any(n.startswith(("bot.adapters", "bot.daily")) for n in names), path


def test_the_daily_pipeline_knows_only_the_adapter_contract():
    for path in modules("bot/daily"):
        adapters = {n for n in imported_modules(path) if n.startswith("bot.adapters")}
        assert adapters <= {
            "bot.adapters.base",
            *(f"bot.adapters.base.{n}" for n in ("DailySender", "Unreachable", "Adapter")),
        }, path


def test_start_up_is_the_only_other_place_that_names_adapters():
    for path in modules("bot"):
        inside = path.relative_to(ROOT / "bot").parts
        if inside[0] in ("adapters", "daily") or path.name in START_UP:
            continue
        assert "bot.adapters" not in path.read_text(encoding="utf-8"), path


# A connection, a transaction or a repository call: what only storage/ and the engine do.
_CONNECTION = re.compile(r"\.transaction\(|\.run_sync\(|\bengine\.db\b|\bself\.db\b")


def test_adapters_and_the_daily_pipeline_never_touch_the_database():
    for package in ("bot/adapters", "bot/daily", "bot/messages"):
        for path in modules(package):
            names = imported_modules(path)
            from_storage = {n for n in names if n == "storage" or n.startswith("storage.")}
            # Plain records are values; everything else in storage/ speaks to the database.
            assert all(n.startswith("storage.records") for n in from_storage), path
            assert not _CONNECTION.search(path.read_text(encoding="utf-8")), path


def test_the_layer_checks_can_fail(tmp_path):
    bad = tmp_path / "handlers.py"
    bad.write_text(
        "from storage.db import Database\nasync def f(engine):\n"
        "    async with engine.db.transaction() as tx:\n        pass\n",
        encoding="utf-8",
    )
    assert "storage.db" in imported_modules(bad)
    assert _CONNECTION.search(bad.read_text(encoding="utf-8"))


def test_modules_stay_small():
    for package in ("bot", "content", "storage"):
        for path in modules(package):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path
