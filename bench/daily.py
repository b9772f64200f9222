"""Question-of-the-day benchmark: Telegram fan-out under a rate limit, and claiming at scale.

1. Fan-out: 10,000 Telegram subscriptions due in the same minute, sent by the real adapter
   (TelegramLimiter configured for N messages/s) to the fake Bot API server, which answers
   429 above N sends in any rolling second. Reports achieved rate / N (target ≥ 0.95), 429s
   (target 0), deliveries lost or doubled (target 0). A second, smaller fan-out runs at an N
   this machine can keep up with (--low-rate), so that the pacing is tested at its limit too.
2. The delivery path alone (diagnostic): deliveries/s with a sender that returns at once, and
   the time per step of one delivery, showing whether N is reachable at all.
3. Claim: the time to find and claim 100,000 due subscriptions (target ≤ 2 s), spread over
   100 (zone, time) pairs and all in one pair.

    python bench/daily.py --help
    python bench/daily.py --db both --postgres-url postgresql://USER:PW@HOST/DB

The PostgreSQL database named by the URL is emptied (DROP SCHEMA public CASCADE): give the
benchmark a database of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The fake Bot API server lives in tests/fakes, which is not part of the installed package.
sys.path.insert(0, str(ROOT))

import daily_ceiling  # noqa: E402
import daily_claim  # noqa: E402
import daily_fanout  # noqa: E402
from daily_report import DIAGNOSTIC, details, summary_rows, table  # noqa: E402

from bot.app import BUILTIN_DECKS  # noqa: E402
from content.catalog import Catalog  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="bench/daily.py",
        description="Question-of-the-day benchmark: Telegram fan-out and claiming at scale.",
    )
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    p.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL"),
        help="PostgreSQL URL (default $BENCH_POSTGRES_URL); its public schema is dropped",
    )
    p.add_argument("--sqlite-path", type=Path, help="SQLite file (default: a temporary one)")
    p.add_argument("--fanout", type=int, default=10_000, help="subscriptions due at once")
    p.add_argument("--rate", type=int, default=300, help="N: messages/s for fake and bot")
    p.add_argument(
        "--low-rate",
        type=int,
        default=100,
        help="a second, smaller fan-out at an N this machine can keep up with (0: skip)",
    )
    p.add_argument("--low-fanout", type=int, default=2_000, help="its subscriptions")
    p.add_argument(
        "--ceiling",
        type=int,
        default=2_000,
        help="deliveries for the delivery-path-alone figure and its breakdown (0: skip)",
    )
    p.add_argument("--claim", type=int, default=100_000, help="subscriptions to claim")
    p.add_argument("--claim-reps", type=int, default=2, help="repetitions of each claim timing")
    p.add_argument("--only", choices=["fanout", "ceiling", "claim"], help="run one part only")
    p.add_argument(
        "--profile",
        type=Path,
        help="cProfile (thread CPU time) each fan-out into DIR/daily-fanout-<db>-<N>.prof",
    )
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    return p.parse_args(argv)


def _commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes" if dirty else "")


async def _fanouts(args: argparse.Namespace, kind: str, url: str, catalog: Catalog) -> list:
    runs = []
    plan = [(args.fanout, args.rate), (args.low_fanout, args.low_rate)]
    for count, rate in [(c, r) for c, r in plan if c and r]:
        print(f"{kind}: fan-out of {count:,} at N = {rate}/s …", file=sys.stderr)
        profile = None
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profile = str(args.profile / f"daily-fanout-{kind}-{rate}.prof")
        result = await daily_fanout.run(url, count, rate, catalog, profile=profile)
        result["load"] = [round(x, 2) for x in os.getloadavg()]
        runs.append(result)
    return runs


async def bench(args: argparse.Namespace) -> dict:
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    catalog = Catalog.from_paths([BUILTIN_DECKS])
    started = time.perf_counter()
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs "
        f"({_cpu_model()}), Python {platform.python_version()}",
        "commit": _commit(),
        "command": "python " + " ".join(["bench/daily.py", *sys.argv[1:]]),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="daily-bench-") as tmp:
        for kind in kinds:
            if kind == "sqlite":
                path = args.sqlite_path or Path(tmp) / "daily.db"
                url = f"sqlite:///{path.resolve()}"
            else:
                url = args.postgres_url
            found: dict = {}
            results["databases"][kind] = found
            if args.only in (None, "fanout"):
                found["fanout"] = await _fanouts(args, kind, url, catalog)
            if args.only in (None, "ceiling") and args.ceiling:
                print(f"{kind}: the delivery path without a platform …", file=sys.stderr)
                found["ceiling"] = await daily_ceiling.run(
                    url, args.ceiling, max(args.ceiling // 4, 1), catalog
                )
            if args.only in (None, "claim"):
                print(f"{kind}: claiming {args.claim:,} …", file=sys.stderr)
                found["claim"] = await daily_claim.run(url, args.claim, catalog, args.claim_reps)
    results["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["total_s"] = round(time.perf_counter() - started, 1)
    return results


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db in ("postgres", "both") and not args.postgres_url:
        print("daily.py: --postgres-url or BENCH_POSTGRES_URL is needed", file=sys.stderr)
        return 2
    results = asyncio.run(bench(args))
    rows = summary_rows(results)
    keys = ("db", "figure", "value", "target", "verdict")
    results["summary"] = [dict(zip(keys, r, strict=True)) for r in rows]
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print(table(rows))
        print()
        print(details(results))
    return 0 if all(r[4] in ("met", DIAGNOSTIC) for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
