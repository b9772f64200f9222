"""Hand verdicts on generated questions (judged.yaml) and the tool to judge new ones.

Every question the importer makes from a test memo has a verdict in judged.yaml: good, or
bad with the failure kind. A question is good only if it is answerable from the memo, has
exactly one right option, at least one wrong option a learner could plausibly pick, gives
nothing away (no content word or stem of the answer in the clue) and reads well. Each
verdict carries a fingerprint of what was judged (prompt, options, answer), so an edited
question shows up as unjudged again.

    python -m tests.content.importer.judging MEMO.md   # prints the questions left to judge
    python -m tests.content.importer.judging --figures MEMO.md …  # the measured figures
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

from content.importer.build import Built, build
from content.importer.parser import parse

JUDGED = Path(__file__).with_name("judged.yaml")


def fingerprint(question: dict[str, Any]) -> str:
    parts = [question["prompt"], *question.get("options", []), str(question["answer"])]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def verdicts() -> dict[str, dict[str, list[str]]]:
    """memo file name -> question id -> [good|bad, fingerprint, failure kind (bad only)]."""
    return yaml.safe_load(JUDGED.read_text(encoding="utf-8")) or {}


def made(path: Path) -> Built:
    return build(parse(path.read_text(encoding="utf-8"), path.stem), "test-deck", path.name)


def unjudged(path: Path) -> list[dict[str, Any]]:
    judged = verdicts().get(path.name, {})
    return [
        q
        for q in made(path).data["questions"]
        if q["id"] not in judged or judged[q["id"]][1] != fingerprint(q)
    ]


def figures(path: Path) -> dict[str, Any]:
    """The measured figures of one judged memo: questions, good, failure kinds, topics
    covered, and how the report's doubt flags match the verdicts."""
    parsed = parse(path.read_text(encoding="utf-8"), path.stem)
    built = build(parsed, "test-deck", path.name)
    judged = verdicts().get(path.name, {})
    kinds: dict[str, int] = {}
    flags = {"tp": 0, "fp": 0, "fn": 0}
    for qid, draft in built.drafts:
        verdict = judged.get(qid, ["unjudged", ""])
        bad = verdict[0] == "bad"
        if bad:
            why = verdict[2].split(":")[0] if len(verdict) > 2 else "?"
            kinds[why] = kinds.get(why, 0) + 1
        if draft.doubts:
            flags["tp" if bad else "fp"] += 1
        elif bad:
            flags["fn"] += 1
    asked = {id(d.topic) for _, d in built.drafts}
    return {
        "questions": len(built.drafts),
        "good": sum(judged.get(q, ["?"])[0] == "good" for q, _ in built.drafts),
        "kinds": kinds,
        "topics": len(parsed.topics),
        "covered": sum(id(t) in asked for t in parsed.topics),
        **flags,
    }


def main(argv: list[str]) -> int:
    if argv[:1] == ["--figures"]:
        for name in argv[1:]:
            f = figures(Path(name))
            share = 100 * f["good"] / max(1, f["questions"])
            print(
                f"{Path(name).name}: {f['questions']} questions, {f['good']} good "
                f"({share:.1f} %), bad {f['kinds']}, topics {f['covered']}/{f['topics']}, "
                f"flags TP {f['tp']} FP {f['fp']} FN {f['fn']}"
            )
        return 0
    for name in argv:
        path = Path(name)
        for q in unjudged(path):
            options = q.get("options")
            shown = (
                " / ".join(("*" if i == q["answer"] else "") + o for i, o in enumerate(options))
                if options
                else ("TRUE" if q["answer"] else "FALSE")
            )
            print(f"{q['id']}  [{fingerprint(q)}]  line {q['source_lines'][0]}")
            print("    " + q["prompt"].replace("\n", "\n    "))
            print(f"    -> {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
