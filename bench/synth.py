"""Synthetic deck and answer history for the benchmark, generated in memory, reproducibly.

Nothing here touches a database: `history()` returns plain rows that `filldb` inserts in bulk.
The rows are what the engine would have written had every answer gone through it, so the
measurements run on a realistic database without spending an hour filling it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from bot.engine import streaks
from content.catalog import Catalog
from content.schema import Deck, Question, Topic

# Fixed so that re-runs produce the same database and the same due cards.
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
TIMEZONE = "Asia/Tokyo"
# Tokyo has had no daylight saving time since 1951, so a fixed offset gives its local dates.
_TOKYO_OFFSET = 9 * 3600
HISTORY_DAYS = 90
PLATFORM, WORKSPACE = "console", "local"
# The console adapter's one shared chat: making it the busiest chat means `studybot chat`
# shows the leaderboard that the benchmark times.
TERMINAL = "terminal"
DUE_LEARNER = "bench-due"  # 1,000 cards, some due now: the next-question measurement
NEW_LEARNER = "bench-new"  # 1,000 cards, none due: the "pick a new card" path
DEDICATED_CARDS = 1000
DUE_NOW = 50

DECK_ID = "bench"


def deck(topics: int = 40, per_topic: int = 50) -> Deck:
    """A deck of `topics` × `per_topic` four-option questions, sized like hand-written ones."""
    return Deck(
        id=DECK_ID,
        title="Benchmark deck",
        language="en",
        source="bench/synth.py",
        topics=[
            Topic(id=f"t{t:02d}", title=f"Topic {t:02d}", summary=f"Synthetic topic {t}.")
            for t in range(topics)
        ],
        questions=[
            Question(
                id=f"t{t:02d}-q{q:03d}",
                topic=f"t{t:02d}",
                type="choice",
                prompt=f"Topic {t:02d}, question {q}: which of these services fits the "
                "described workload best, given the constraints in the memo?",
                options=[f"Service {chr(65 + i)} for case {q}" for i in range(4)],
                answer=(t + q) % 4,
                explanation="The memo's comparison table lists this service for exactly this "
                "workload; the others lack the property the question asks about.",
                source_section=f"Section {t}.{q}",
            )
            for t in range(topics)
            for q in range(per_topic)
        ],
    )


def write_deck(d: Deck, path: Path) -> Path:
    """Write the deck as YAML so `studybot chat` (via DECKS) serves the same questions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = d.model_dump(mode="json", exclude_defaults=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class History:
    learners: list[dict] = field(default_factory=list)
    chats: list[dict] = field(default_factory=list)
    instances: list[tuple] = field(default_factory=list)  # id, chat, key, owner, count, ts
    answers: list[tuple] = field(default_factory=list)  # id, instance, learner, opt, ok, ts
    cards: list[dict] = field(default_factory=list)
    scores: list[dict] = field(default_factory=list)
    busiest_chat: int = 0
    # A learner ranked mid-table in the busiest chat (in this week's and the all-time table),
    # so the leaderboard also has to compute the asker's own rank.
    mid_rank_learner: str = ""
    external_ids: list[str] = field(default_factory=list)  # index = learner id - 1


def _ts(when: datetime) -> float:
    return when.timestamp()


def dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _local_day(ts: float) -> int:
    return int((ts + _TOKYO_OFFSET) // 86400)


def history(catalog: Catalog, learners: int, answers: int, chats: int, seed: int) -> History:
    """Learners, chats, quiz instances, answers, cards and scores, consistent with each other."""
    if learners < 3 or chats < 2 or answers < 2 * DEDICATED_CARDS:
        raise ValueError("need at least 3 learners, 2 chats and 2,000 answers")
    rng = random.Random(seed)
    keys = catalog.new_order
    if len(keys) < DEDICATED_CARDS + 1:
        raise ValueError("the deck needs more than 1,000 questions")
    right = {k: catalog.questions[k].answer for k in keys}
    n_opts = {k: len(catalog.questions[k].options) for k in keys}
    now = _ts(NOW)
    start = now - HISTORY_DAYS * 86400
    monday = streaks.week_start(NOW.astimezone(ZoneInfo(TIMEZONE)).date())
    week_from = _ts(datetime.combine(monday, datetime.min.time(), ZoneInfo(TIMEZONE)))
    week = monday.isoformat()

    h = History()
    h.external_ids = [DUE_LEARNER, NEW_LEARNER] + [
        f"learner{i:05d}" for i in range(3, learners + 1)
    ]
    accuracy = [rng.uniform(0.5, 0.95) for _ in range(learners + 1)]
    # Heavy-tailed activity: a few learners answer far more than most, as in any real group.
    activity = [min(rng.paretovariate(1.2), 60.0) for _ in range(learners + 1)]
    ordinary = list(range(3, learners + 1))

    # Chat 1 is the terminal (personal questions); the others are groups. Chat c gets a share
    # of answers ∝ 1/c and members ∝ 1/c, so chat 1 is the busiest.
    members: dict[int, list[int]] = {}
    for c in range(1, chats + 1):
        size = max(min(30, len(ordinary)), int(0.6 * len(ordinary) / c))
        members[c] = rng.sample(ordinary, min(size, len(ordinary)))
    joined = {lid for ms in members.values() for lid in ms}
    for lid in ordinary:
        if lid not in joined:
            members[rng.randint(1, chats)].append(lid)
    weights = [1 / c for c in range(1, chats + 1)]
    pool = answers - 2 * DEDICATED_CARDS
    share = [int(pool * w / sum(weights)) for w in weights]
    share[0] += pool - sum(share)

    cards: dict[tuple[int, str], list] = {}  # reps, wrong, last_ts, last_ok
    # answered, correct, last right answer, first answer: reached_at is the time of the last
    # point, or of the first answer while there is none (as scores.add_answer leaves it).
    scores: dict[tuple[int, str, int], list] = {}
    days: dict[int, set[int]] = defaultdict(set)
    totals = [[0, 0] for _ in range(learners + 1)]

    def record(inst: int, chat: int, lid: int, key: str, ts: float) -> None:
        ok = rng.random() < accuracy[lid]
        opt = right[key] if ok else (right[key] + rng.randint(1, n_opts[key] - 1)) % n_opts[key]
        h.answers.append((len(h.answers) + 1, inst, lid, opt, ok, ts))
        totals[lid][0] += 1
        totals[lid][1] += ok
        days[lid].add(_local_day(ts))
        card = cards.get((lid, key))
        if card is None:
            cards[lid, key] = [1, 0, ts, ok]
        else:
            card[0] += 1
            card[1] += not ok
            if ts >= card[2]:
                card[2], card[3] = ts, ok
        periods = ("all", week) if ts >= week_from else ("all",)
        for period in periods:
            s = scores.setdefault((chat, period, lid), [0, 0, None, ts])
            s[0] += 1
            s[1] += ok
            if ok and (s[2] is None or ts > s[2]):
                s[2] = ts
            s[3] = min(s[3], ts)

    def instance(chat: int, key: str, owner: int | None, ts: float, count: int) -> int:
        # Since 0ab8c1e the engine tallies answers only on group questions.
        count = 0 if owner is not None else count
        h.instances.append((len(h.instances) + 1, chat, key, owner, count, ts))
        return len(h.instances)

    # The dedicated learners answered 1,000 distinct questions each, once, in the terminal.
    for lid in (1, 2):
        for key in keys[:DEDICATED_CARDS]:
            ts = rng.uniform(start, now - 86400)
            record(instance(1, key, lid, ts, 1), 1, lid, key, ts)
    for c in range(1, chats + 1):
        ms = members[c]
        if c == 1:
            cum, acc = [], 0.0
            for lid in ms:
                acc += activity[lid]
                cum.append(acc)
            for lid in rng.choices(ms, cum_weights=cum, k=share[0]):
                key = keys[rng.randrange(len(keys))]
                ts = rng.uniform(start, now - 60)
                record(instance(1, key, lid, ts, 1), 1, lid, key, ts + rng.uniform(1, 50))
            continue
        left, posted = share[c - 1], 0
        while left > 0:
            who = rng.sample(ms, min(left, len(ms), rng.randint(1, 25)))
            key = keys[posted % len(keys)]
            posted += 1
            ts = rng.uniform(start, now - 3600)
            inst = instance(c, key, None, ts, len(who))
            for lid in who:
                record(inst, c, lid, key, ts + rng.uniform(5, 3500))
            left -= len(who)

    created = dt(start - 86400)
    for lid in range(1, learners + 1):
        streak, best, last = _streaks(days.get(lid, set()))
        h.learners.append(
            {
                "id": lid,
                "platform": PLATFORM,
                "workspace": WORKSPACE,
                "external_id": h.external_ids[lid - 1],
                "display_name": h.external_ids[lid - 1],
                "active": True,
                "answered": totals[lid][0],
                "correct": totals[lid][1],
                "current_streak": streak,
                "best_streak": best,
                "last_active_date": last,
                "created_at": created,
            }
        )
    for c in range(1, chats + 1):
        h.chats.append(
            {
                "id": c,
                "platform": PLATFORM,
                "workspace": WORKSPACE,
                "external_id": TERMINAL if c == 1 else f"group-{c:02d}",
                "is_group": c != 1,
                "title": TERMINAL if c == 1 else f"Study group {c:02d}",
                "created_at": created,
            }
        )
    h.cards = _cards(cards, rng, now)
    for (chat, period, lid), (n, ok, last_ok, first) in scores.items():
        h.scores.append(
            {
                "chat_id": chat,
                "period": period,
                "learner_id": lid,
                "points": ok,
                "answered": n,
                "correct": ok,
                "reached_at": dt(first if last_ok is None else last_ok),
            }
        )
    h.busiest_chat = 1
    h.mid_rank_learner = _mid_rank(scores, 1, week, h.external_ids)
    return h


def _cards(cards: dict[tuple[int, str], list], rng: random.Random, now: float) -> list[dict]:
    """FSRS-shaped card rows: right last time → Review, wrong → Relearning."""
    rows = []
    dedicated = {1: 0, 2: 0}
    for (lid, key), (reps, wrong, last, ok) in cards.items():
        stability = rng.uniform(0.5, 40.0) if ok else rng.uniform(0.1, 3.0)
        due = last + stability * 86400 if ok else last + 600
        if lid in dedicated:
            # Exactly DUE_NOW of the due-learner's cards are due; none of the new-learner's.
            n = dedicated[lid]
            dedicated[lid] += 1
            due = now - 3600 - n * 60 if lid == 1 and n < DUE_NOW else now + (n + 1) * 3600
        rows.append(
            {
                "learner_id": lid,
                "question_key": key,
                "state": 2 if ok else 3,
                "step": None if ok else 0,
                "stability": stability,
                "difficulty": rng.uniform(2.0, 9.0),
                "due": dt(due),
                "last_review": dt(last),
                "reps": reps,
                "lapses": wrong - (0 if ok or reps > wrong else 1),
                "last_correct": ok,
            }
        )
    return rows


def _streaks(active: set[int]) -> tuple[int, int, date | None]:
    """Current and best streak and the last active local date, from local day numbers."""
    if not active:
        return 0, 0, None
    ordered = sorted(active)
    best = run = 1
    for prev, day in pairwise(ordered):
        run = run + 1 if day == prev + 1 else 1
        best = max(best, run)
    return run, best, date(1970, 1, 1) + timedelta(days=ordered[-1])


def _mid_rank(
    scores: dict[tuple[int, str, int], list], chat: int, week: str, names: list[str]
) -> str:
    def ranked(period: str) -> list[int]:
        rows = [
            (-s[1], s[3] if s[2] is None else s[2], lid)
            for (c, p, lid), s in scores.items()
            if c == chat and p == period
        ]
        return [lid for *_, lid in sorted(rows)]

    this_week = ranked(week)
    if len(this_week) <= 20:
        return names[ranked("all")[len(ranked("all")) // 2] - 1]
    return names[this_week[len(this_week) // 2] - 1]
