"""`studybot check`'s core: every problem in a deck is reported as file:line: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from content.loader import DeckError, load_deck, load_decks

GOOD = """\
id: demo
title: Demo
language: en
topics:
  - id: t1
    title: Topic one
questions:
  - id: q1
    topic: t1
    type: choice
    prompt: Pick A
    options: [A, B]
    answer: 0
    explanation: A is right.
    source_section: One
  - id: q2
    topic: t1
    type: true_false
    prompt: The sky is blue.
    answer: true
    explanation: It is.
    source_section: One
"""


def write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(DeckError) as caught:
        load_deck(path)
    return [str(p) for p in caught.value.problems]


def test_good_deck_loads(tmp_path):
    loaded = load_deck(write(tmp_path, GOOD))
    assert [q.id for q in loaded.deck.questions] == ["q1", "q2"]


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("  - id: q2\n", "  - id: q1\n", 16, "question 'q1': duplicate question id 'q1'"),
        ("    answer: 0\n", "    answer: 2\n", 13, "question 'q1': answer index 2 is out of"),
        ("options: [A, B]", "options: [A, a]", 12, "duplicate option 'a'"),
        (
            "    prompt: Pick A\n",
            "    prompt: '  '\n",
            11,
            "question 'q1': prompt ('  ') is empty",
        ),
        (
            "    topic: t1\n    type: choice",
            "    topic: t9\n    type: choice",
            9,
            "unknown topic 't9'",
        ),
        ("options: [A, B]", "options: [A, " + "B" * 101 + "]", 12, "at most 100"),
        ("options: [A, B]", "options: [A]", 12, "1 options; a question needs 2–6"),
        ("    answer: true\n", "    answer: 1\n", 20, "must be true or false"),
        ("    answer: 0\n", "    answer: true\n", 13, "must be an option index"),
        (
            "    type: true_false\n",
            "    type: essay\n",
            18,
            "question 'q2': type ('essay') should be 'choice' or 'true_false'",
        ),
        ("  - id: t1\n", "  - id: T 1\n", 5, "topic 'T 1': id ('T 1') may hold only a–z"),
        ("    explanation: It is.\n", "", 16, "question 'q2': 'explanation' is missing"),
        (
            "    answer: 0\n",
            "    answer: 0\n    hint: nope\n",
            14,
            "question 'q1': unknown field 'hint' (the fields are: id, topic, type, prompt,",
        ),
    ],
)
def test_each_problem_names_file_and_line(tmp_path, old, new, line, message):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    found = problems(path)
    assert any(p.startswith(f"{path}:{line}: ") and message in p for p in found), found


def test_duplicate_topic_id(tmp_path):
    text = GOOD.replace(
        "    title: Topic one\n", "    title: Topic one\n  - id: t1\n    title: Again\n"
    )
    found = problems(write(tmp_path, text))
    assert any(":7: " in p and "duplicate topic id 't1'" in p for p in found), found


def test_an_unknown_field_does_not_hide_the_other_problems(tmp_path):
    text = (
        GOOD.replace("    answer: true\n", "    answer: true\n    difficulty: hard\n")
        .replace("options: [A, B]", "options: [A, a]")
        .replace("    answer: 0\n", "    answer: 3\n")
        .replace("  - id: q2\n    topic: t1", "  - id: q2\n    topic: t9")
    )
    path = write(tmp_path, text)
    assert problems(path) == [
        f"{path}:12: question 'q1': duplicate option 'a'",
        f"{path}:13: question 'q1': answer index 3 is out of range 0–1",
        f"{path}:17: question 'q2': unknown topic 't9'",
        f"{path}:21: question 'q2': unknown field 'difficulty' (the fields are: id, topic, "
        "type, prompt, options, answer, explanation, source_section, generated, source_lines, "
        "corrects_memo)",
    ]


REFUSED_ITEMS = """\
id: demo
title: Demo
language: en
topics:
  - id: t1
    title: ''
questions:
  - topic: t1
    type: choice
    prompt: Pick A
    options: [A, B]
    answer: 0
    explanation: A is right.
    source_section: One
  - id: q2
    topic: t1
    type: true_false
    prompt: The sky is blue.
    answer: 1
    explanation: It is.
    source_section: One
  - id: q2
    topic: t1
    type: true_false
    prompt: The sea is blue.
    answer: true
    explanation: It is.
    source_section: One
"""


def test_a_refused_item_is_named_by_number_and_the_rest_still_checked(tmp_path):
    path = write(tmp_path, REFUSED_ITEMS)
    assert problems(path) == [
        f"{path}:6: topic 't1': title is empty",
        f"{path}:8: question number 1: 'id' is missing",
        f"{path}:19: question 'q2': a true_false answer must be true or false",
        f"{path}:22: question 'q2': duplicate question id 'q2'",
    ]  # t1's questions are not also "of an unknown topic": its own error says what is wrong


def test_all_problems_are_reported_at_once(tmp_path):
    text = GOOD.replace("answer: 0", "answer: 5").replace("  - id: q2", "  - id: q1")
    assert len(problems(write(tmp_path, text))) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"id: [unclosed\n", "YAML syntax"),
        (b"id: demo\ntitle: \xff\xfe\n", "not valid UTF-8"),
        (b"- just\n- a list\n", "must be a mapping"),
        (b"id: demo\nid: again\n", "duplicate key 'id'"),
    ],
)
def test_broken_files_give_one_clear_problem(tmp_path, content, message):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    found = problems(path)
    assert any(message in p for p in found), found
    assert all(p.startswith(f"{path}:") for p in found)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: demo\ntitle: ok\nsource: caf\xe9\n")
    assert problems(path) == [f"{path}:3: file is not valid UTF-8"]


def test_missing_file(tmp_path):
    assert "cannot read file" in problems(tmp_path / "nope.yaml")[0]


def test_same_deck_id_in_two_files(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(DeckError) as caught:
        load_decks([tmp_path])
    assert "deck id 'demo' is already used" in str(caught.value)


def test_folder_without_decks(tmp_path):
    with pytest.raises(DeckError, match="no deck files found"):
        load_decks([tmp_path])
