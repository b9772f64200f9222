"""`studybot import` as an author runs it: one command, a deck that loads, a report."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

from bot import cli_import
from content.catalog import Catalog
from content.loader import load_deck
from tests.content.importer.support import ROOT, SEED

STUDYBOT = str(Path(sys.executable).with_name("studybot"))


def test_seed_import_through_run(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = argparse.Namespace(
        memo=SEED, out=None, deck_id=None, merge=False, report=True, csv=False
    )
    assert cli_import.run(args) == 0
    out = capsys.readouterr().out
    deck_file = tmp_path / "aws-study-memo-0916.yaml"  # default: <memo stem>.yaml here
    deck = load_deck(deck_file).deck
    assert deck.id == "aws-study-memo-0916" and deck.language == "ja"
    # At least 80 % of the 25 topics found give a question (a topic without one is left out).
    assert len(deck.questions) >= 60 and len(deck.topics) >= 20
    assert all(t.summary for t in deck.topics)
    for line in [
        "Topics found: 25",
        "fill in the blank",
        "which one (sibling sections)",
        "true/false (term swapped or kept)",
        "by topic:",
        "sqs-sns",
        "Doubtful questions:",
        "Retired ids: 0",
        f"wrote {Path('aws-study-memo-0916.yaml')}",
    ]:
        assert line in out, line
    # The bot can serve it: the catalog takes it as it takes the shipped deck.
    catalog = Catalog([deck])
    assert len(catalog.questions) == len(deck.questions)
    first = next(iter(catalog.questions.values()))
    assert first.key.startswith("aws-study-memo-0916/") and first.generated


def test_the_yaml_reads_well(tmp_path):
    out = tmp_path / "deck.yaml"
    parser = argparse.ArgumentParser()
    cli_import.add_parser(parser.add_subparsers())
    args = parser.parse_args(["import", str(SEED), "--out", str(out)])
    assert args.handler(args) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Draft deck made by `studybot import` from aws-study-memo-0916.md.")
    assert "  prompt: |-\n    「SQS と SNS の違い」: 次の説明に当てはまるのはどれ？\n" in text
    assert "\\u" not in text  # Japanese is written as it is, not escaped
    assert "generated: true" in text and "source_lines:" in text


def test_import_command_imports_only_content_and_config():
    tree = ast.parse((ROOT / "bot" / "cli_import.py").read_text(encoding="utf-8"))
    ours = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            ours.add(node.module)
        elif isinstance(node, ast.Import):
            ours |= {alias.name for alias in node.names}
    ours = {m for m in ours if m.split(".")[0] in ("bot", "content", "storage")}
    assert all(m.startswith("content") or m == "bot.config" for m in ours), ours


def test_the_real_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKS", "TELEGRAM_"))}
    helped = subprocess.run(
        [STUDYBOT, "import", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert helped.returncode == 0, helped.stderr
    assert "--merge" in helped.stdout and "--csv" in helped.stdout
    done = subprocess.run(
        [STUDYBOT, "import", str(SEED), "--report"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Generated questions:" in done.stdout
    checked = subprocess.run(
        [STUDYBOT, "check", "aws-study-memo-0916.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert checked.returncode == 0 and checked.stdout.startswith("ok: 1 deck(s)")
    bad = subprocess.run(
        [STUDYBOT, "import", "missing.md"], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert bad.returncode == 2 and bad.stderr == "studybot: missing.md: no such file\n"
