"""Progress pictures: how long one takes for a learner with 1,000 reviewed cards and a year of
history, how much memory the drawing process needs, and whether the bot keeps answering others
while pictures are drawn.

    python bench/progress.py            # SQLite in a temporary folder
    python bench/progress.py --runs 40 --database-url postgresql://USER:PW@HOST/DB
    python bench/progress.py --sample docs/progress-sample.png   # the README's picture

Prints one JSON object of figures. The history is written with the storage functions the
engine's answer path uses (answers, quiz instances, FSRS cards reviewed day by day), so the
report reads a realistic database; the pictures are drawn by the bot's own Painter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import filldb
import psutil
from fsrs import Scheduler

from bot.clock import FixedClock
from bot.engine import Engine, fsrs_cards, rows, streaks
from bot.engine.views import ChatRef, LearnerRef
from bot.pictures.painter import Painter
from content.catalog import Catalog
from content.schema import Deck, Question, Topic
from storage import cards, learners, progress, quizzes
from storage.db import Database

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
ME = LearnerRef("console", "local", "bench-progress", "Ann")
OTHER = LearnerRef("console", "local", "bench-other", "other")
CHAT = ChatRef("console", "local", "terminal")
TITLES = ("SQS と SNS", "Kinesis", "DynamoDB キャパシティ", "S3 レプリケーション", "X-Ray")


def deck(topics: int = 40, per_topic: int = 25) -> Deck:
    """1,000 questions in 40 topics with Japanese titles, like the shipped memo's."""
    return Deck(
        id="bench",
        title="進捗ベンチ",
        language="ja",
        source="bench/progress.py",
        topics=[
            Topic(id=f"t{t:02d}", title=f"{TITLES[t % 5]} その{t:02d}", summary="ベンチ")
            for t in range(topics)
        ],
        questions=[
            Question(
                id=f"t{t:02d}-q{q:02d}",
                topic=f"t{t:02d}",
                type="choice",
                prompt=f"問題 {t}-{q}",
                options=["A", "B", "C", "D"],
                answer=q % 4,
                explanation="ベンチ",
                source_section="ベンチ",
            )
            for t in range(topics)
            for q in range(per_topic)
        ],
    )


def fill(conn, catalog: Catalog, seed: int) -> int:
    """A year of study: most days a few new cards and the due reviews; returns answers."""
    rng = random.Random(seed)
    fsrs = Scheduler(enable_fuzzing=False)
    who = rows.learner_row(conn, ME, NOW - timedelta(days=366))
    chat = rows.chat_row(conn, CHAT, NOW)
    new = list(catalog.new_order)
    state: dict[str, object] = {}
    last, current, best, held, answered, used = None, 0, 0, 0, 0, 0
    for back in range(365, -1, -1):
        day_start = NOW - timedelta(days=back, hours=2)
        if rng.random() > 0.85:
            continue
        due = [k for k, c in state.items() if c.due <= day_start][:12]
        todays = due + [new.pop() for _ in range(min(4, len(new)))]
        for i, key in enumerate(todays):
            when = day_start + timedelta(minutes=i)
            right = rng.random() < 0.8
            inst = quizzes.create_instance(
                conn, chat_id=chat.id, question_key=key, learner_id=who.id, kind="quiz", now=when
            )
            quizzes.record_answer(
                conn, instance_id=inst, learner_id=who.id, option_index=0, correct=right, now=when
            )
            state[key] = fsrs_cards.review(
                fsrs, state.get(key), learner_id=who.id, question_key=key, correct=right, now=when
            )
            answered += 1
        today = (day_start + timedelta(hours=9)).date()
        step = streaks.count_day(last, current, best, today, held)
        progress.add_frozen_days(conn, who.id, step.frozen)
        used += len(step.frozen)
        last, current, best, held = step.last, step.current, step.best, step.held
    for card in state.values():
        cards.save_card(conn, card)
    learners.record_activity(
        conn,
        who.id,
        correct=True,
        current_streak=current,
        best_streak=best,
        active_date=last,
        freezes_held=held,
        freezes_spent=used,
    )
    progress.set_exam_date(conn, who.id, date(2027, 1, 20))
    return answered


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


async def answers_meanwhile(engine: Engine, drawing) -> list[float]:
    """Latencies (ms) of another learner's answers while `drawing` runs on the same loop."""
    took = []
    task = asyncio.ensure_future(drawing)
    while not task.done() or len(took) < 20:
        start = time.perf_counter()
        q = await engine.next_question(OTHER, CHAT)
        await engine.answer(OTHER, CHAT, q.instance_id, 0)
        took.append((time.perf_counter() - start) * 1000)
        await asyncio.sleep(0)
        if len(took) > 5000:
            break
    await task
    return took


async def main(args: argparse.Namespace) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-progress-"))
    if args.database_url:
        await filldb.reset(args.database_url)  # a second run must not add a second year
    db = Database(args.database_url or f"sqlite:///{folder / 'progress.db'}")
    await db.migrate()
    catalog = Catalog([deck()])
    painter = Painter()
    engine = Engine(db, catalog, FixedClock(NOW), painter=painter, fuzz=False)
    async with db.transaction() as tx:
        answered = await tx.run_sync(fill, catalog, args.seed)
    report_ms, draw_ms, total_ms = [], [], []
    started = time.perf_counter()
    report = await engine.progress.of_learner(ME)
    png = await engine.progress.picture(report, "ja")  # starts the worker: not counted
    cold_ms = (time.perf_counter() - started) * 1000
    worker = psutil.Process(painter.worker_pid)
    cpu_before = sum(worker.cpu_times()[:2])
    for _ in range(args.runs):
        t0 = time.perf_counter()
        report = await engine.progress.of_learner(ME)
        t1 = time.perf_counter()
        png = await engine.progress.picture(report, "ja")
        t2 = time.perf_counter()
        report_ms.append((t1 - t0) * 1000)
        draw_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
    # CPU time the worker spent per picture: what drawing costs whatever else the machine runs.
    cpu_ms = (sum(worker.cpu_times()[:2]) - cpu_before) * 1000 / args.runs
    memory = worker.memory_full_info()
    idle = await answers_meanwhile(engine, asyncio.sleep(0))
    in_process = await answers_meanwhile(engine, _draw_n(engine, report, 5))
    threads = Painter(ThreadPoolExecutor(1))
    engine.progress.painter = threads
    in_thread = await answers_meanwhile(engine, _draw_n(engine, report, 5))
    await painter.aclose()
    threads.close()
    await db.close()
    out = folder / "progress-sample.png"
    out.write_bytes(png)
    return {
        "answers_in_history": answered,
        "reviewed_cards": sum(t.reviewed for t in report.topics),
        "calendar_days_with_answers": report.active_days,
        "runs": args.runs,
        "first_picture_ms_with_worker_start": round(cold_ms),
        "report_p95_ms": round(p95(report_ms), 1),
        "draw_p50_ms": round(statistics.median(draw_ms), 1),
        "draw_p95_ms": round(p95(draw_ms), 1),
        "report_and_draw_p95_ms": round(p95(total_ms), 1),
        "draw_cpu_ms_per_picture": round(cpu_ms, 1),
        "png_bytes": len(png),
        "worker_rss_mib": round(memory.rss / 2**20, 1),
        "worker_uss_mib": round(memory.uss / 2**20, 1),
        "other_answer_p95_ms_idle": round(p95(idle), 2),
        "other_answer_p95_ms_while_drawing_in_process_pool": round(p95(in_process), 2),
        "other_answer_p95_ms_while_drawing_in_thread": round(p95(in_thread), 2),
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
        "sample": str(out),
    }


async def _draw_n(engine: Engine, report, n: int) -> None:
    for _ in range(n):
        await engine.progress.picture(report, "ja")


async def sample(path: Path) -> None:
    """The README's picture: a year on the shipped deck, drawn by the bot's own Painter."""
    from bot.app import BUILTIN_DECKS

    folder = Path(tempfile.mkdtemp(prefix="bench-progress-sample-"))
    db = Database(f"sqlite:///{folder / 'sample.db'}")
    await db.migrate()
    catalog = Catalog.from_paths([BUILTIN_DECKS])
    engine = Engine(db, catalog, FixedClock(NOW), fuzz=False)
    async with db.transaction() as tx:
        await tx.run_sync(fill, catalog, 14)
    report = await engine.progress.of_learner(ME)
    path.write_bytes(await engine.progress.picture(report, "ja"))
    await engine.progress.painter.aclose()
    await db.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--sample", type=Path, help="only draw the README's sample picture here")
    options = parser.parse_args()
    if options.sample:
        asyncio.run(sample(options.sample))
        sys.exit(0)
    figures = asyncio.run(main(options))
    json.dump(figures, sys.stdout, indent=2, ensure_ascii=False)
    print()
