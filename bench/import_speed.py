"""How long `studybot import` takes on a 1,000-line memo, and on each memo of the test set.

    python bench/import_speed.py [--runs 5]

The 1,000-line memo is the test memos one after another (the seed and the other layouts),
each copy's lines made distinct, cut at 1,000 lines. Every run is a whole import: read,
parse, generate, write the YAML and load it back through the real loader, as the command
does. It prints the median and the slowest run; the target is under 2 s for 1,000 lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from content.importer import Request, run_import  # noqa: E402

MEMOS = ROOT / "tests" / "content" / "importer" / "memos"


def thousand_lines() -> str:
    lines: list[str] = ["# Import speed memo"]
    copy = 0
    while len(lines) < 1000:
        copy += 1
        for memo in sorted(MEMOS.glob("*.md")):
            body = memo.read_text(encoding="utf-8").split("\n")[1:]
            # Headings and bullets get the copy number, so no copy repeats another's lines.
            lines.extend(
                line.replace("- ", f"- ({copy}) ", 1).replace("## ", f"## {copy} ", 1)
                for line in body
            )
    return "\n".join(lines[:1000]) + "\n"


def timed(path: Path, out: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out.unlink(missing_ok=True)
        started = time.perf_counter()
        result = run_import(Request(path, out=out))
        times.append(time.perf_counter() - started)
    print(f"    {len(result.deck.questions)} questions, {len(result.deck.topics)} topics")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        memo = work / "thousand.md"
        memo.write_text(thousand_lines(), encoding="utf-8")
        print(f"1,000-line memo ({memo.stat().st_size // 1024} KB), {args.runs} runs:")
        times = timed(memo, work / "thousand.yaml", args.runs)
        median, worst = statistics.median(times), max(times)
        verdict = "met" if worst < 2 else "NOT met"
        print(f"  median {median:.2f} s, slowest {worst:.2f} s (target < 2 s: {verdict})")
        for path in sorted(MEMOS.glob("*.md")):
            lines = path.read_text(encoding="utf-8").count("\n") + 1
            print(f"{path.name} ({lines} lines):")
            one = timed(path, work / f"{path.stem}.yaml", max(1, args.runs // 2))
            print(f"  median {statistics.median(one):.2f} s")


if __name__ == "__main__":
    main()
