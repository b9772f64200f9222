"""The benchmark's figures as a plain-text table against the targets of the issue."""

from __future__ import annotations

from collections.abc import Callable

ANSWERS_PER_S = 2000  # through the engine, SQLite, one process
NEXT_QUESTION_P95_MS = 5.0  # learner with 1,000 reviewed cards
LEADERBOARD_P95_MS = 20.0  # one chat
CHAT_RSS_MIB = 150.0  # peak of a `studybot chat` session

Cell = Callable[[dict], str]


def fmt_tables(tables: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}s" for k, v in tables.items())


def _judged(value: float, ok: bool) -> str:
    shown = f"{value:.0f}" if value >= 100 else f"{value:.2f}"
    return f"{shown} {'met' if ok else 'MISSED'}"


def _spread(key: str) -> Cell:
    return lambda r: f"{r[key]['p50']:.2f} / {r[key]['p99']:.2f}"


def _p95(key: str) -> Cell:
    return lambda r: f"{r[key]['p95']:.2f}"


def _rows(concurrency: int) -> list[tuple[str, str, Cell]]:
    return [
        ("fill (bulk load), s", "", lambda r: f"{r['fill_s']:.0f}"),
        (
            "answers recorded / s",
            f">= {ANSWERS_PER_S}",
            lambda r: _judged(r["answers_per_s"], r["answers_per_s"] >= ANSWERS_PER_S),
        ),
        ("  per CPU-second of this process", "", lambda r: f"{r['answers_per_cpu_s']:.0f}"),
        (
            f"  with {concurrency} concurrent callers, /s",
            "",
            lambda r: f"{r['answers_per_s_concurrent']:.0f}",
        ),
        ("  ms per answer", "", lambda r: f"{r['answer_ms']:.2f}"),
        ("  SQL statements per answer", "", lambda r: f"{r['answer_statements']:.1f}"),
        ("  ms per answer inside the driver", "", lambda r: f"{r['answer_ms_in_driver']:.2f}"),
        (
            "next_question (cards due) p95, ms",
            f"<= {NEXT_QUESTION_P95_MS:g}",
            lambda r: _judged(
                r["next_question_due_ms"]["p95"],
                r["next_question_due_ms"]["p95"] <= NEXT_QUESTION_P95_MS,
            ),
        ),
        ("  p50 / p99, ms", "", _spread("next_question_due_ms")),
        ("  p95 CPU time of this process, ms", "", _p95("next_question_due_cpu_ms")),
        (
            "next_question (none due) p95, ms",
            f"<= {NEXT_QUESTION_P95_MS:g}",
            lambda r: _judged(
                r["next_question_new_ms"]["p95"],
                r["next_question_new_ms"]["p95"] <= NEXT_QUESTION_P95_MS,
            ),
        ),
        ("  p50 / p99, ms", "", _spread("next_question_new_ms")),
        ("  p95 CPU time of this process, ms", "", _p95("next_question_new_cpu_ms")),
        (
            "leaderboard p95, ms",
            f"<= {LEADERBOARD_P95_MS:g}",
            lambda r: _judged(
                r["leaderboard_ms"]["p95"], r["leaderboard_ms"]["p95"] <= LEADERBOARD_P95_MS
            ),
        ),
        ("  p50 / p99, ms", "", _spread("leaderboard_ms")),
        ("  p95 CPU time of this process, ms", "", _p95("leaderboard_cpu_ms")),
        (
            "studybot chat peak RSS, MiB",
            f"<= {CHAT_RSS_MIB:g}",
            lambda r: _judged(
                r["chat_peak_rss_mib"], r["chat_peak_rss_mib"] <= CHAT_RSS_MIB and r["chat_ok"]
            ),
        ),
        ("  chat session wall time, s", "", lambda r: f"{r['chat_seconds']:.1f}"),
        (
            "load average before / after",
            "",
            lambda r: f"{r['load_average'][0]:.1f} / {r['load_average'][1]:.1f}",
        ),
    ]


def report(results: list[dict], env: dict) -> str:
    """One column per database, then the details a reader needs to trust the figures."""
    rows = [
        (label, target, [cell(r) for r in results])
        for label, target, cell in _rows(results[0]["concurrency"])
    ]
    head = ["metric", "target", *(r["database"] for r in results)]
    widths = [max(len(label) for label, _, _ in rows), 9, *([17] * len(results))]
    out = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for label, target, cells in rows:
        line = [label, target, *cells]
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    out.append("")
    for r in results:
        out.append(f"{r['database']}: rows {r['rows']}")
        out.append(f"  fill by table: {fmt_tables(r['fill_tables_s'])}")
        out.append(
            f"  leaderboard asked by {r['leaderboard_asker']}, "
            f"rank this week / all time {r['leaderboard_asker_rank']}"
        )
        for key in ("answer_errors", "answer_errors_concurrent"):
            if r[key]:
                out.append(f"  {key}: {r[key]}")
        if r["chat_ok"]:
            out.append("  studybot chat /stats: " + " | ".join(r["chat_output"].splitlines()))
        else:
            out.append(f"  studybot chat FAILED (exit {r['chat_exit']}):")
            out.append(r["chat_output"][-2000:] + r["chat_stderr"])
        if r.get("answer_profile"):
            out.append(f"  cProfile of the answer path: {r['answer_profile']}")
    out.append(" ".join(f"{k}={v}" for k, v in env.items()))
    return "\n".join(out)
