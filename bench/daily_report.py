"""The question-of-the-day benchmark's report: headline figures against targets, then details."""

from __future__ import annotations

TARGET_RATE = 0.95
TARGET_CLAIM_S = 2.0
DIAGNOSTIC = "(diagnostic)"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _rows_ok(fan: dict) -> bool:
    """Every delivery row is sent, with its message and quiz instance recorded."""
    n = fan["subscriptions"]
    return (
        fan["delivery_states"] == {"sent": n} and fan["sent_rows_with_message_and_instance"] == n
    )


def _fanout_rows(db: str, fan: dict) -> list[tuple[str, str, str, str, str]]:
    n, count = fan["rate_limit_n"], fan["subscriptions"]
    where = f"N = {n}/s, {count:,} chats"
    return [
        (
            db,
            f"achieved rate / N ({where})",
            f"{fan['achieved_over_n']:.3f} ({fan['achieved_per_s']:.1f}/s)",
            f"≥ {TARGET_RATE}",
            _verdict(fan["achieved_over_n"] >= TARGET_RATE),
        ),
        (
            db,
            f"429s received ({where})",
            str(fan["rejected_429"]),
            "0",
            _verdict(fan["rejected_429"] == 0),
        ),
        (
            db,
            f"deliveries lost / doubled ({where})",
            f"{fan['lost']} / {fan['doubled']}",
            "0 / 0",
            _verdict(fan["lost"] == 0 and fan["doubled"] == 0 and _rows_ok(fan)),
        ),
        (
            db,
            f"someone's /quiz + answer meanwhile, p95 / max ({where})",
            "{p95} / {max} ms".format(**fan["quiz_and_answer_ms"]),
            "-",
            DIAGNOSTIC,
        ),
    ]


def summary_rows(results: dict) -> list[tuple[str, str, str, str, str]]:
    """(database, figure, value, target, verdict) for every headline figure."""
    rows = []
    for db, found in results["databases"].items():
        fanouts = found.get("fanout", [])
        for fan in fanouts:
            rows += _fanout_rows(db, fan)
        ceiling = found.get("ceiling")
        if ceiling:
            needed = f"≥ {TARGET_RATE * fanouts[0]['rate_limit_n']:.0f}/s" if fanouts else "-"
            rows.append(
                (
                    db,
                    "delivery path alone: deliveries/s with an instant sender",
                    f"{ceiling['per_s']:.0f}/s ({ceiling['cpu_ms_per_delivery']:.1f} ms CPU each)",
                    needed + " for the rate target to be reachable",
                    DIAGNOSTIC,
                )
            )
        for scenario in found.get("claim", []):
            pairs = scenario["pairs"]
            rows.append(
                (
                    db,
                    f"find + claim {scenario['subscriptions']:,} due "
                    f"({scenario['scenario']}, {pairs} (zone, time) pair{'s' * (pairs > 1)})",
                    f"{scenario['worst_claim_s']:.2f} s "
                    f"(via tick(): {scenario['worst_tick_s']:.2f} s)",
                    f"≤ {TARGET_CLAIM_S:g} s",
                    _verdict(
                        scenario["worst_claim_s"] <= TARGET_CLAIM_S and scenario["all_inserted"]
                    ),
                )
            )
    return rows


def table(rows) -> str:
    head = ("database", "figure", "measured", "target", "")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(5)]

    def line(cells) -> str:
        return " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))

    return "\n".join([line(head), "-+-".join("-" * w for w in widths), *map(line, rows)])


def _fanout_details(db: str, fan: dict) -> str:
    return (
        f"{db} fan-out N={fan['rate_limit_n']}: {fan['subscriptions']:,} subscriptions "
        f"(fill {fan['fill_s']} s); tick claimed {fan['claimed']:,} in {fan['tick_claim_s']} s; "
        f"tick+drain {fan['tick_plus_drain_s']} s; first→last accepted send "
        f"{fan['first_to_last_send_s']} s; busiest rolling second {fan['busiest_second']}; "
        f"sends/s by fifth {fan['rate_by_fifth']}; wall rate/N {fan['wall_rate_over_n']}; "
        f"limiter retries {fan['limiter_retries']}; bot CPU {fan['cpu_s']} s "
        f"({fan['cpu_ms_per_delivery']} ms per delivery); fake server CPU, its own process, "
        f"{fan['fake_cpu_s']} s; bot loop lag ms {fan['loop_lag_ms']}; someone else's /quiz "
        f"and answer meanwhile, ms {fan.get('quiz_and_answer_ms')}; states "
        f"{fan['delivery_states']}; failed sends {fan['failed_sends']}; "
        f"load average {fan.get('load')}"
    )


def _ceiling_details(db: str, ceiling: dict) -> str:
    serial = ceiling["serial"]
    steps = ", ".join(f"{k} {v} ms" for k, v in serial["ms_per_delivery_by_step"].items())
    return (
        f"{db} delivery path alone: {ceiling['deliveries']:,} at concurrency 64: "
        f"{ceiling['per_s']}/s, {ceiling['cpu_ms_per_delivery']} ms CPU each, "
        f"states {ceiling['states']}; one at a time ({serial['deliveries']:,}): "
        f"{serial['per_s']}/s, {serial['transactions_per_delivery']} transactions and "
        f"{serial['statements_per_delivery']} statements per delivery; {steps}"
    )


def _claim_details(db: str, s: dict) -> str:
    runs = []
    for r in s["runs"]:
        st, tk = r["claim"], r["tick"]
        runs.append(
            f"rep {r['rep']}: claim_due() {st['seconds']} s (loop stalled up to "
            f"{st['longest_loop_stall_s']} s, {st['rows_inserted']:,} rows); "
            f"tick() {tk['seconds']} s (loop stalled up to {tk['longest_loop_stall_s']} s, "
            f"+{tk['rss_growth_mb']} MB RSS for the queued claims, {tk['rows_inserted']:,} rows)"
        )
    return f"{db} claim {s['scenario']}: fill {s['fill_s']} s; " + "; ".join(runs)


def details(results: dict) -> str:
    out = [
        f"{results['date']} · {results['machine']} · commit {results.get('commit')}",
        results["command"],
    ]
    for db, found in results["databases"].items():
        for fan in found.get("fanout", []):
            out.append(_fanout_details(db, fan))
            if fan.get("profile"):
                out.append(fan["profile"])
        if found.get("ceiling"):
            out.append(_ceiling_details(db, found["ceiling"]))
        for scenario in found.get("claim", []):
            out.append(_claim_details(db, scenario))
    out.append(f"total run time {results['total_s']:.0f} s")
    return "\n".join(out)
