"""The judged memos: every generated question has a hand verdict (judged.yaml), the ones
judged good stay as they were, and each memo meets the quality targets of IMPORT.md."""

from __future__ import annotations

import pytest

from content.importer.build import build
from content.importer.parser import parse
from tests.content.importer.judging import fingerprint, verdicts
from tests.content.importer.support import MEMOS, SEED

JUDGED = verdicts()
PATHS = sorted([SEED, *MEMOS.glob("*.md")])


def test_every_test_memo_is_judged():
    assert sorted(JUDGED) == [p.name for p in PATHS]


@pytest.fixture(params=PATHS, ids=lambda p: p.stem)
def memo(request):
    path = request.param
    parsed = parse(path.read_text(encoding="utf-8"), path.stem)
    return path, parsed, build(parsed, "test-deck", path.name)


def test_every_question_has_a_verdict_and_the_good_ones_stay(memo):
    path, _, made = memo
    judged = JUDGED[path.name]
    produced = {q["id"]: fingerprint(q) for q in made.data["questions"]}
    unjudged = sorted(
        qid for qid, fp in produced.items() if judged.get(qid, [None, None])[1] != fp
    )
    assert not unjudged, (
        f"{path.name}: judge these and add them to judged.yaml "
        f"(python -m tests.content.importer.judging {path}): {unjudged}"
    )
    lost = sorted(qid for qid, v in judged.items() if v[0] == "good" and qid not in produced)
    assert not lost, f"{path.name}: questions judged good are no longer made: {lost}"


def test_each_memo_meets_the_quality_targets(memo):
    path, parsed, made = memo
    judged = JUDGED[path.name]
    ids = [q["id"] for q in made.data["questions"]]
    good = sum(judged[qid][0] == "good" for qid in ids if qid in judged)
    assert len(ids) >= 10, path.name
    assert good / len(ids) >= 0.9, f"{path.name}: {good} of {len(ids)} good"
    asked = {id(d.topic) for _, d in made.drafts}
    covered = sum(id(t) in asked for t in parsed.topics)
    assert covered / len(parsed.topics) >= 0.8, f"{path.name}: {covered}/{len(parsed.topics)}"
