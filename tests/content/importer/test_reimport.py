"""Re-importing keeps ids, retires what went away, keeps reviewed questions; --merge adds."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from content.importer import Request, run_import
from content.loader import load_deck
from tests.content.importer.support import HAND_DECK, MEMOS, SEED, studybot_import

SMALL = MEMOS / "ja-storage.md"


def ids_of(path: Path) -> dict[str, dict]:
    return {q["id"]: q for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]}


def edit(path: Path, old: str, new: str | None) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    index = lines.index(old)
    if new is None:
        del lines[index]
    else:
        lines[index] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def test_same_memo_gives_a_byte_identical_deck(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert studybot_import(SEED, "--out", first) == 0
    assert studybot_import(SEED, "--out", second) == 0
    assert first.read_bytes() == second.read_bytes()
    # Re-importing over the deck it wrote changes nothing either.
    assert studybot_import(SEED, "--out", first) == 0
    assert first.read_bytes() == second.read_bytes()


def test_editing_a_line_changes_only_its_questions_id(tmp_path):
    memo = tmp_path / SEED.name
    shutil.copy(SEED, memo)
    deck = tmp_path / "deck.yaml"
    assert studybot_import(memo, "--out", deck) == 0
    before = ids_of(deck)
    edited = [qid for qid, q in before.items() if q["source_lines"] == [40, 40]]
    assert len(edited) == 1
    edit(memo, "- ライブ配信に特化、超低遅延", "- ライブ配信に特化、遅延は数秒未満")
    result = run_import(Request(memo, out=deck))
    after = ids_of(deck)
    assert set(before) - set(after) == set(edited)
    (added,) = set(after) - set(before)
    assert after[added]["source_lines"] == [40, 40]
    assert result.retired == edited
    assert f"#   - {edited[0]}" in deck.read_text(encoding="utf-8")
    # Unchanged questions are unchanged, not just their ids.
    for qid in set(before) & set(after):
        assert before[qid]["prompt"] == after[qid]["prompt"]


def test_removed_lines_retire_their_questions_and_stay_listed(tmp_path):
    memo = tmp_path / SMALL.name
    shutil.copy(SMALL, memo)
    deck = tmp_path / "deck.yaml"
    assert studybot_import(memo, "--out", deck) == 0
    before = ids_of(deck)
    # The lines of the S3 section (3 to 21) that give a question: remove two of them.
    asked = sorted({q["source_lines"][0] for q in before.values()} & set(range(3, 22)))
    assert len(asked) >= 2
    lines = SMALL.read_text(encoding="utf-8").split("\n")
    removed = [lines[n - 1] for n in asked[-2:]]
    gone = {qid for qid, q in before.items() if q["source_lines"][0] in asked[-2:]}
    assert len(gone) == 2
    for line in removed:
        edit(memo, line, None)
    first = run_import(Request(memo, out=deck))
    assert gone <= set(first.retired)
    assert not gone & set(ids_of(deck))
    # A later import remembers them: the header keeps the list until the lines come back.
    again = run_import(Request(memo, out=deck))
    assert gone <= set(again.retired)
    shutil.copy(SMALL, memo)
    back = run_import(Request(memo, out=deck))
    assert not gone & set(back.retired)
    assert gone <= set(ids_of(deck))


def test_reviewed_questions_survive_a_reimport(tmp_path):
    deck = tmp_path / "deck.yaml"
    assert studybot_import(SMALL, "--out", deck) == 0
    data = yaml.safe_load(deck.read_text(encoding="utf-8"))
    reviewed = data["questions"][0]
    reviewed["prompt"] = "アクセス頻度が高いデータに向くストレージクラスはどれ？"
    reviewed["generated"] = False
    hand = {
        "id": "my-own-question",
        "topic": data["topics"][0]["id"],
        "type": "true_false",
        "prompt": "S3 Standard には最低保存期間がない。",
        "answer": True,
        "explanation": "著者が書いた問題。",
        "source_section": data["topics"][0]["source_section"],
    }
    data["questions"].append(hand)
    deck.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_import(Request(SMALL, out=deck))
    after = ids_of(deck)
    assert after[reviewed["id"]]["prompt"] == reviewed["prompt"]
    assert after["my-own-question"]["prompt"] == hand["prompt"]
    assert result.kept == 2 and result.retired == []
    assert load_deck(deck).deck.id == "ja-storage"


def test_reimport_keeps_the_deck_id_and_refuses_another_memos_deck(tmp_path, capsys):
    deck = tmp_path / "deck.yaml"
    assert studybot_import(SMALL, "--out", deck, "--deck-id", "storage-draft") == 0
    assert studybot_import(SMALL, "--out", deck) == 0
    assert load_deck(deck).deck.id == "storage-draft"
    before = deck.read_bytes()
    assert studybot_import(MEMOS / "en-networking.md", "--out", deck) == 2
    assert "holds the deck made from ja-storage.md" in capsys.readouterr().err
    assert deck.read_bytes() == before


def test_merge_adds_a_memos_topics_to_an_existing_deck(tmp_path):
    deck = tmp_path / "aws-0916.yaml"
    shutil.copy(HAND_DECK, deck)
    hand = load_deck(deck).deck
    assert studybot_import(MEMOS / "ja-storage.md", "--merge", "--out", deck) == 0
    merged = load_deck(deck).deck
    assert (merged.id, merged.title, merged.source) == (hand.id, hand.title, hand.source)
    assert [t.id for t in merged.topics][: len(hand.topics)] == [t.id for t in hand.topics]
    added = [t.title for t in merged.topics[len(hand.topics) :]]
    assert added == [
        "S3 のストレージクラス",
        "EBS と EFS とインスタンスストア",
        "バックアップの考え方",
        "CloudFront の署名付き URL と署名付き Cookie",
        "KMS のキー",
    ]
    old = {q.id: q for q in hand.questions}
    new = {q.id: q for q in merged.questions}
    assert all(new[qid] == q for qid, q in old.items())
    assert len(new) > len(old)
    # Merging the same memo again changes nothing.
    before = deck.read_bytes()
    assert studybot_import(MEMOS / "ja-storage.md", "--merge", "--out", deck) == 0
    assert deck.read_bytes() == before


def test_merge_needs_an_existing_deck(tmp_path, capsys):
    assert studybot_import(SEED, "--merge") == 2
    assert "--merge needs --out" in capsys.readouterr().err
    assert studybot_import(SEED, "--merge", "--out", tmp_path / "none.yaml") == 2
    assert "no such deck to merge into" in capsys.readouterr().err


def test_a_broken_deck_at_out_is_not_overwritten(tmp_path, capsys):
    deck = tmp_path / "deck.yaml"
    deck.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    assert studybot_import(SEED, "--out", deck) == 2
    err = capsys.readouterr().err
    assert "exists and is not a valid deck" in err and "Traceback" not in err
    assert deck.read_text(encoding="utf-8") == "id: x\ntitle: [unclosed\n"


def test_merge_never_takes_over_another_memos_topic(tmp_path):
    deck = tmp_path / "deck.yaml"
    assert studybot_import(SEED, "--out", deck) == 0
    seed_deck = load_deck(deck).deck
    s3 = next(t for t in seed_deck.topics if t.id == "s3")
    assert s3.source_section == "S3 バージョニング + ライフサイクルポリシー"
    before = {q.id for q in seed_deck.questions}
    result = run_import(Request(SMALL, out=deck, merge=True))
    merged = load_deck(deck).deck
    assert before <= {q.id for q in merged.questions} and result.retired == []
    storage = [t for t in merged.topics if t.source_section == "S3 のストレージクラス"]
    assert len(storage) == 1 and storage[0].id.startswith("s3-") and storage[0].id != "s3"
