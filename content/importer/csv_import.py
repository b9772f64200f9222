"""Questions from a spreadsheet or flashcard export: one CSV row per question.

Columns: topic, question, options separated by `|`, answer index (0-based, like the deck
format), explanation. A header row is recognised and skipped; a file with tabs and no commas
is read as tab-separated (Anki exports). A row with no options and `true`/`false` (or
正しい/誤り) as its answer becomes a true/false question. A bad row is reported with its line
number and left out; the good rows still make a deck.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content.importer import ids, terms
from content.schema import (
    MAX_EXPLANATION_CHARS,
    MAX_OPTION_CHARS,
    MAX_OPTIONS,
    MAX_PROMPT_CHARS,
    MAX_TITLE_CHARS,
    MIN_OPTIONS,
)

COLUMNS = ("topic", "question", "options", "answer", "explanation")
_TRUE = {"true", "t", "yes", "正しい", "正", "○", "o"}
_FALSE = {"false", "f", "no", "誤り", "誤", "×", "x"}


@dataclass
class CsvDeck:
    data: dict[str, Any]
    rows: int
    problems: list[str] = field(default_factory=list)


def build(text: str, path: str, deck_id: str, title: str) -> CsvDeck:
    """Deck data from CSV text; `problems` lists each skipped row as `path:line: message`."""
    name = path
    delimiter = "\t" if _tab_separated(text) else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    language = _language(text, delimiter)
    topics: dict[str, dict[str, Any]] = {}
    questions: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    first = True
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if first and _header(cells):
                first = False
                continue
            first = False
            try:
                question = _question(cells, language)
            except ValueError as exc:
                problems.append(f"{name}:{start}: {exc}")
                continue
            topic_title = question.pop("topic_title")
            topic = _topic(topics, topic_title)
            question["id"] = ids.question_id(topic["id"], "csv", _key(question))
            question["topic"] = topic["id"]
            question["source_section"] = topic_title
            question["source_lines"] = [start, line - 1]
            if question["id"] in seen:
                problems.append(
                    f"{name}:{start}: the same question as line {seen[question['id']]}"
                )
                continue
            seen[question["id"]] = start
            questions.append(_ordered(question))
    except csv.Error as exc:
        problems.append(f"{name}:{line}: unreadable CSV ({exc}); the rest of the file is skipped")
    data = {
        "id": deck_id,
        "title": title[:MAX_TITLE_CHARS],
        "language": language,
        "source": Path(path).name,
        "topics": list(topics.values()),
        "questions": questions,
    }
    return CsvDeck(data, len(questions), problems)


def _language(text: str, delimiter: str) -> str:
    """From the questions only: the header row and service names in options say nothing."""
    rows = csv.reader(io.StringIO(text[:200000]), delimiter=delimiter)
    sample = " ".join(cells[1] for cells in rows if len(cells) >= 3 and not _header(cells))
    return "ja" if terms.is_japanese(sample) else "en"


def _tab_separated(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return "\t" in first and first.count("\t") >= first.count(",")


def _header(cells: list[str]) -> bool:
    names = [c.strip().casefold() for c in cells]
    return bool(names) and names[0] in ("topic", "トピック") and "question" in " ".join(names)


def _question(cells: list[str], language: str) -> dict[str, Any]:
    cells = [c.strip() for c in cells]
    if len(cells) == 4:
        cells.append("")
    if len(cells) != 5:
        raise ValueError(f"{len(cells)} columns; expected 5: {', '.join(COLUMNS)}")
    topic, prompt, options_cell, answer_cell, explanation = cells
    if not topic:
        raise ValueError("the topic is empty")
    if not prompt:
        raise ValueError("the question is empty")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise ValueError(f"the question is {len(prompt)} characters; at most {MAX_PROMPT_CHARS}")
    options = [o.strip() for o in options_cell.split("|")] if options_cell else []
    if not options and answer_cell.casefold() in _TRUE | _FALSE:
        truth = answer_cell.casefold() in _TRUE
        label = ("正しい" if truth else "誤り") if language == "ja" else str(truth)
        return _with_explanation(topic, prompt, None, truth, explanation, label, language)
    if any(not o for o in options):
        raise ValueError("an option is empty (options are separated by |)")
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(f"{len(options)} option(s); a question needs {MIN_OPTIONS}–{MAX_OPTIONS}")
    long = [o for o in options if len(o) > MAX_OPTION_CHARS]
    if long:
        raise ValueError(f"option '{long[0][:30]}…' is longer than {MAX_OPTION_CHARS} characters")
    if len({o.casefold() for o in options}) < len(options):
        raise ValueError("two options are the same")
    try:
        answer = int(answer_cell)
    except ValueError:
        raise ValueError(
            f"answer '{answer_cell}' is not an option number (0 for the first option)"
        ) from None
    if not 0 <= answer < len(options):
        raise ValueError(f"answer {answer} is out of range 0–{len(options) - 1}")
    return _with_explanation(
        topic, prompt, options, answer, explanation, options[answer], language
    )


def _with_explanation(
    topic: str,
    prompt: str,
    options: list[str] | None,
    answer: int | bool,
    explanation: str,
    label: str,
    language: str,
) -> dict[str, Any]:
    if not explanation:
        explanation = f"正解: {label}" if language == "ja" else f"Answer: {label}"
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise ValueError(f"the explanation is longer than {MAX_EXPLANATION_CHARS} characters")
    return {
        "topic_title": topic,
        "type": "choice" if options is not None else "true_false",
        "prompt": prompt,
        "options": options,
        "answer": answer,
        "explanation": explanation,
    }


def _topic(topics: dict[str, dict[str, Any]], title: str) -> dict[str, Any]:
    key = terms.norm(title)
    if key not in topics:
        taken = {t["id"] for t in topics.values()}
        tid = ids.slug(title)
        if tid in taken:
            tid = f"{tid[: ids.MAX_TOPIC_ID - 7]}-{ids.short_hash(title, 6)}"
        topics[key] = {"id": tid, "title": title[:MAX_TITLE_CHARS], "source_section": title}
    return topics[key]


def _key(question: dict[str, Any]) -> str:
    options = question["options"] or []
    answer = question["answer"]
    right = options[answer] if options and not isinstance(answer, bool) else str(answer)
    return f"csv|{terms.norm(question['prompt'])}|{terms.norm(right)}"


def _ordered(question: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "topic", "type", "prompt", "options", "answer", "explanation")
    out = {k: question[k] for k in keys if question.get(k) is not None}
    out["source_section"] = question["source_section"]
    # Owned by the import: a row edited or removed in the CSV replaces or retires it.
    out["generated"] = True
    out["source_lines"] = question["source_lines"]
    return out
