"""Imports point one way: adapters → engine → storage, content (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLATFORM_LIBS = {"telegram", "slack_bolt", "slack_sdk"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


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


def test_engine_knows_no_adapter():
    for path in modules("bot"):
        # cli.py and runner.py are the start-up modules that wire adapters to the engine.
        if "adapters" not in path.parts and path.name not in ("cli.py", "runner.py"):
            assert "bot.adapters" not in path.read_text(encoding="utf-8"), path


def test_modules_stay_small():
    for package in ("bot", "content", "storage"):
        for path in modules(package):
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path
