"""Core benchmark: fill a database with a large answer history, then time the engine on it.

Measures, on SQLite and/or PostgreSQL: answers recorded per second through Engine.answer,
next-question latency for a learner with 1,000 reviewed cards, leaderboard latency for the
busiest chat, and the peak RSS of a real `studybot chat` session on the filled database.

    python bench/core.py --help
    python bench/core.py --db both --postgres-url postgresql://USER:PW@HOST/DB
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import filldb
import synth
from report import fmt_tables, report
from sqlcount import SqlCounter

from bot.clock import FixedClock
from bot.engine import Engine
from bot.engine.views import ChatRef, LearnerRef, QuestionView
from content.catalog import Catalog
from storage.db import Database

OUT = Path(__file__).resolve().parent / "out"
CHAT_SCRIPT = "/quiz\n1\n/stats\n/topics\n/leaderboard\n/quit\n"
CHAT_TIMEOUT_S = 300


def _learner(name: str) -> LearnerRef:
    return LearnerRef(synth.PLATFORM, synth.WORKSPACE, name, display_name=name)


def _private(name: str) -> ChatRef:
    return ChatRef(synth.PLATFORM, synth.WORKSPACE, f"dm-{name}", is_group=False)


TERMINAL_CHAT = ChatRef(
    synth.PLATFORM, synth.WORKSPACE, synth.TERMINAL, is_group=False, title=synth.TERMINAL
)


def _percentiles(ms: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98], "max": max(ms), "n": len(ms)}


async def _timed(call, samples: int, warmup: int) -> tuple[list[float], list[float], object]:
    """Wall and CPU milliseconds per awaited call, after `warmup` untimed calls.

    CPU time is this process's only (not the PostgreSQL server's). On a shared machine it shows
    what a call costs when wall time also includes waiting for a core.
    """
    result = None
    for _ in range(warmup):
        result = await call()
    wall, cpu = [], []
    for _ in range(samples):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = await call()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu, result


async def _open_questions(
    engine: Engine, names: list[str], count: int
) -> list[tuple[str, QuestionView]]:
    asked = []
    for i in range(count):
        name = names[i % len(names)]
        view = await engine.next_question(_learner(name), _private(name))
        assert isinstance(view, QuestionView), view
        asked.append((name, view))
    return asked


async def _answer_all(
    engine: Engine, asked: list[tuple[str, QuestionView]], rng: random.Random
) -> list[str]:
    """Answer every question (70 % right); returns what went wrong, if anything did."""
    errors = []
    for name, view in asked:
        right = engine.catalog.questions[view.question_key].answer
        option = right if rng.random() < 0.7 else (right + 1) % len(view.options)
        try:
            result = await engine.answer(_learner(name), _private(name), view.instance_id, option)
        except Exception as exc:  # a lock timeout under concurrency is a finding, not a crash
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
            continue
        if not result.status.counted:
            errors.append(f"status {result.status.value}")
    return errors


async def _latencies(engine: Engine, h: synth.History, args) -> dict:
    res: dict = {}
    for label, name, reason in (
        ("next_question_due_ms", synth.DUE_LEARNER, "due"),
        ("next_question_new_ms", synth.NEW_LEARNER, "new"),
    ):
        times, cpu, view = await _timed(
            lambda n=name: engine.next_question(_learner(n), _private(n)),
            args.samples,
            args.warmup,
        )
        assert isinstance(view, QuestionView) and view.reason == reason, view
        res[label] = _percentiles(times)
        res[label.replace("_ms", "_cpu_ms")] = _percentiles(cpu)
    asker = _learner(h.mid_rank_learner)
    times, cpu, board = await _timed(
        lambda: engine.leaderboard(TERMINAL_CHAT, asker), args.samples, args.warmup
    )
    res["leaderboard_ms"] = _percentiles(times)
    res["leaderboard_cpu_ms"] = _percentiles(cpu)
    res["leaderboard_asker"] = h.mid_rank_learner
    res["leaderboard_asker_rank"] = [
        r.rank if r else None for r in (board.my_week, board.my_all_time)
    ]
    return res


async def _throughput(engine: Engine, h: synth.History, args) -> dict:
    rng = random.Random(args.seed)
    names = h.external_ids[2:]
    rng.shuffle(names)
    asked = await _open_questions(engine, names, args.answer_count)
    began, began_cpu = time.perf_counter(), time.process_time()
    errors = await _answer_all(engine, asked, rng)
    elapsed, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    # Statements are counted on a separate, untimed batch: the event hooks cost ~15 % of an
    # answer, which would otherwise show up in the rate.
    counted = await _open_questions(engine, names[len(asked) :] or names, 200)
    counter = SqlCounter(engine.db)
    await _answer_all(engine, counted, rng)
    counter.detach()
    res = {
        "answers_per_s": len(asked) / elapsed,
        "answers_per_cpu_s": len(asked) / cpu,
        "answer_ms": elapsed * 1000 / len(asked),
        "answer_statements": counter.statements / len(counted),
        "answer_ms_in_driver": counter.seconds * 1000 / len(counted),
        "answer_errors": errors[:5],
        "concurrency": args.concurrency,
    }
    # Several answers in flight at once, as when a group answers one question together;
    # other learners than above, so no answer waits on its own learner's row.
    asked = await _open_questions(engine, names[::-1], args.answer_count // 2)
    began = time.perf_counter()
    batches = await asyncio.gather(
        *(_answer_all(engine, asked[i :: args.concurrency], rng) for i in range(args.concurrency))
    )
    res["answers_per_s_concurrent"] = len(asked) / (time.perf_counter() - began)
    res["answer_errors_concurrent"] = [e for batch in batches for e in batch][:5]
    if args.profile:
        res["answer_profile"] = await _profile_answers(engine, names, rng, engine.db.dialect)
    return res


async def measure(url: str, catalog: Catalog, h: synth.History, args) -> dict:
    db = Database(url)
    engine = Engine(db, catalog, FixedClock(synth.NOW))
    try:
        return {**await _latencies(engine, h, args), **await _throughput(engine, h, args)}
    finally:
        await db.close()


async def _profile_answers(
    engine: Engine, names: list[str], rng: random.Random, dialect: str
) -> str:
    """cProfile of a separate answering run (the timed figure above is unprofiled)."""
    asked = await _open_questions(engine, names[len(names) // 3 :], min(1000, len(names)))
    profiler = cProfile.Profile()
    profiler.enable()
    await _answer_all(engine, asked, rng)
    profiler.disable()
    path = OUT / f"answer-{dialect}.prof"
    profiler.dump_stats(path)
    return str(path)


# Spawning from this process would inherit its high-water mark: Linux carries ru_maxrss across
# exec, and subprocess uses vfork, so the child would report this (>1 GB) process's peak. A
# small launcher forks the session from a fresh, small image and reports its wait4() rusage.
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump({"exit": os.waitstatus_to_exitcode(status), "maxrss_kib": usage.ru_maxrss}, f)
"""


def chat_memory(url: str, user: str, deck_path: Path) -> dict:
    """Peak RSS of a real `studybot chat` session on the filled database (wait4 rusage)."""
    exe = Path(sys.executable).with_name("studybot")
    env = {**os.environ, "DECKS": str(deck_path)}
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rusage.json"
        cmd = [sys.executable, "-c", _LAUNCHER, str(report), str(exe), "chat", "--user", user]
        began = time.perf_counter()
        proc = subprocess.run(
            [*cmd, "--db", url],
            input=CHAT_SCRIPT,
            capture_output=True,
            text=True,
            env=env,
            cwd=OUT,
            timeout=CHAT_TIMEOUT_S,
        )
        seconds = time.perf_counter() - began
        usage = json.loads(report.read_text()) if report.exists() else {}
    text = proc.stdout
    exit_code = usage.get("exit", proc.returncode)
    ok = exit_code == 0 and "📊" in text and "🏆" in text and "Traceback" not in text
    return {
        "chat_peak_rss_mib": usage.get("maxrss_kib", 0) / 1024,  # Linux reports KiB
        "chat_seconds": seconds,
        "chat_ok": ok,
        "chat_exit": exit_code,
        "chat_output": text if not ok else _excerpt(text),
        "chat_stderr": proc.stderr[-2000:],
    }


def _excerpt(text: str) -> str:
    """The stats block, to show that the session really read the filled learner."""
    start = text.find("📊")
    return "\n".join(text[start:].splitlines()[:7]) if start >= 0 else ""


def _run_one(kind: str, url: str, catalog: Catalog, deck_path: Path, h, args) -> dict:
    print(f"[{kind}] emptying and migrating {_safe(url)}", flush=True)
    asyncio.run(filldb.reset(url))
    began = time.perf_counter()
    tables = asyncio.run(filldb.load(url, h))
    fill = time.perf_counter() - began
    print(f"[{kind}] filled in {fill:.1f} s: {fmt_tables(tables)}", flush=True)
    res = {"database": kind, "fill_s": fill, "fill_tables_s": tables}
    res["rows"] = asyncio.run(filldb.sizes(url))
    print(f"[{kind}] measuring the engine", flush=True)
    # Other work on the machine shows up in every wall-clock figure; record how busy it was.
    load_before = os.getloadavg()[0]
    res.update(asyncio.run(measure(url, catalog, h, args)))
    res["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    print(f"[{kind}] running `studybot chat` for peak memory", flush=True)
    res.update(chat_memory(url, synth.DUE_LEARNER, deck_path))
    return res


def _app_version() -> str:
    """The application commit measured, and whether its code had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    # Read-only: GIT_OPTIONAL_LOCKS=0 keeps git from refreshing the index under the other
    # people working in this checkout.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "diff", "--quiet", "HEAD", "--", "bot", "storage", "content"],
            cwd=root,
            env=env,
            check=False,
        ).returncode
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+uncommitted" if dirty else "")


def _safe(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if "@" in rest else url


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    p.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="an empty PostgreSQL database whose public schema may be dropped "
        "(default: $BENCH_POSTGRES_URL)",
    )
    p.add_argument(
        "--sqlite-path",
        type=Path,
        default=OUT / "bench.db",
        help="SQLite file, deleted first (default: bench/out/bench.db)",
    )
    p.add_argument("--learners", type=int, default=10_000)
    p.add_argument("--answers", type=int, default=1_000_000)
    p.add_argument("--chats", type=int, default=50)
    p.add_argument("--topics", type=int, default=40, help="synthetic deck topics")
    p.add_argument("--per-topic", type=int, default=50, help="questions per topic")
    p.add_argument("--samples", type=int, default=500, help="timed calls per latency figure")
    p.add_argument("--warmup", type=int, default=20, help="untimed calls before each figure")
    p.add_argument(
        "--answer-count", type=int, default=5000, help="answers timed through Engine.answer"
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="callers answering at once for the concurrent answers figure",
    )
    p.add_argument("--seed", type=int, default=20261125)
    p.add_argument(
        "--profile",
        action="store_true",
        help="also cProfile 1,000 extra answers into bench/out/answer-<db>.prof",
    )
    p.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in kinds and not args.postgres_url:
        print("core.py: --postgres-url or BENCH_POSTGRES_URL is needed", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    app = _app_version()
    print(f"application {app}", flush=True)
    deck = synth.deck(args.topics, args.per_topic)
    deck_path = synth.write_deck(deck, OUT / "bench-deck.yaml")
    catalog = Catalog([deck])
    began = time.perf_counter()
    h = synth.history(catalog, args.learners, args.answers, args.chats, args.seed)
    print(
        f"generated {len(h.answers)} answers, {len(h.instances)} instances, "
        f"{len(h.cards)} cards in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    urls = {"sqlite": f"sqlite:///{args.sqlite_path.resolve()}", "postgres": args.postgres_url}
    results = [_run_one(k, urls[k], catalog, deck_path, h, args) for k in kinds]
    env = {
        "app": app,
        "learners": args.learners,
        "answers": args.answers,
        "chats": args.chats,
        "questions": len(catalog.questions),
        "clock": synth.NOW.isoformat(),
        "total_s": round(time.perf_counter() - started),
    }
    print()
    print(report(results, env))
    if args.json:
        args.json.write_text(json.dumps({"env": env, "results": results}, indent=2, default=str))
    return 0 if all(r["chat_ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
