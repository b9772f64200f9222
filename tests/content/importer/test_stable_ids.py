"""Topic and question ids come from the text, never from numbering or position."""

from __future__ import annotations

import re

from content.importer.build import build
from content.importer.parser import parse
from tests.content.importer.support import MEMOS

OUTLINE = MEMOS / "numbered-outline-serverless.md"


def _ids(text: str) -> tuple[list[str], dict[str, str]]:
    made = build(parse(text, "outline"), "deck", "outline.md")
    topics = [t["id"] for t in made.data["topics"]]
    return topics, {q["id"]: q["prompt"] for q in made.data["questions"]}


def _sections(text: str) -> list[str]:
    """The memo cut at its `## ` headings: the lines before the first, then each section."""
    parts = text.split("\n## ")
    return [parts[0], *("## " + p for p in parts[1:])]


def test_renumbering_and_moving_sections_keeps_every_id():
    text = OUTLINE.read_text(encoding="utf-8")
    topics, questions = _ids(text)
    assert "lambda" in topics and "api-gateway" in topics and "step-functions" in topics
    assert not any(t[0].isdigit() for t in topics)
    head, *sections = _sections(text)
    # Renumber every heading (1. → 7., 1.1 → 7.1, 第1章 → 第9章) and reverse the sections.
    moved = []
    for index, section in enumerate(reversed(sections)):
        number = str(index + 7)
        section = re.sub(r"(?m)^(#{2,3}) \d+(\.\d+\.?|\.) ", rf"\g<1> {number}\g<2> ", section)
        moved.append(re.sub(r"第\d章", f"第{index + 4}章", section))
    changed = "\n".join([head.replace("第1章", "第9章"), *moved])
    assert "## 7. " in changed and "### 12.1 " in changed and "## 1. " not in changed
    assert changed != text
    new_topics, new_questions = _ids(changed)
    assert sorted(new_topics) == sorted(topics)
    assert set(new_questions) == set(questions)
    assert new_questions == {qid: questions[qid] for qid in new_questions}


def test_an_added_line_adds_questions_without_changing_the_others():
    text = OUTLINE.read_text(encoding="utf-8")
    _, questions = _ids(text)
    added = text.replace(
        "6) レイヤー：1 関数あたり 5 つまで\n",
        "6) レイヤー：1 関数あたり 5 つまで\n6.5) 環境変数：合計 4 KB まで\n",
    )
    _, new_questions = _ids(added)
    assert set(questions) <= set(new_questions)
    assert len(new_questions) - len(questions) <= 1
