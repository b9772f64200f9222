"""`studybot check --lint`: the cues a test-wise learner uses to answer without knowing.

Each cue has a target; a deck that misses one fails the lint. The cues:

- longest key: the right option is the strictly longest one. By chance that is about one
  question in four, so more than 35 % of choice questions teaches "pick the longest".
- absolutes: words such as 常に / 決して / always / never in a true/false prompt or in an
  option. Learners know that sweeping claims are usually false and drop those options.
- length outliers: an option under 0.4× or over 2.5× the median length of the other options
  of its question stands out, whether it is the key (a tell) or a distractor (a throw-away).
- true/false balance: when nearly all true/false answers are "true" (or "false"), guessing
  the majority wins, so the share of true answers must be 35–65 %.
- few options: a choice question with fewer than 4 options gives a guess one chance in three
  or better.

Lengths are display widths (a full-width character counts 2), since the learner compares
what the buttons look like, not code points.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from content.loader import LoadedDeck
from content.schema import Deck, Question

MAX_LONGEST_KEY_SHARE = 0.35
TRUE_SHARE_RANGE = (0.35, 0.65)
SHORT_FACTOR = 0.4
LONG_FACTOR = 2.5
MIN_CHOICE_OPTIONS = 4

# Words that make a statement sweeping. Japanese has no word boundaries, so the words are
# matched as substrings; "not only" forms (だけでなく, のみならず) are removed first because
# they widen a claim instead of narrowing it. すべて/全て and 一切 are included even though
# they can be neutral ("すべてのリージョン"): a prompt that needs them reads better rephrased.
ABSOLUTES_JA = ("常に", "決して", "必ず", "すべて", "全て", "絶対", "一切", "のみ", "だけ")
NOT_ONLY_JA = re.compile(r"(だけ|のみ)(で(は)?なく|ならず|に限らず)")
ABSOLUTES_EN = ("always", "never", "all", "every", "only", "none")
NOT_ONLY_EN = re.compile(r"\bnot only\b", re.IGNORECASE)
_EN_WORDS = re.compile(r"\b(" + "|".join(ABSOLUTES_EN) + r")\b", re.IGNORECASE)

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class LintFinding:
    loc: Loc  # where in the deck file, as the loader's line map keys it
    question_id: str
    message: str


@dataclass(frozen=True)
class LintReport:
    deck_id: str
    choice_questions: int
    longest_key: tuple[LintFinding, ...]
    true_false_questions: int
    true_answers: int
    absolutes: tuple[LintFinding, ...]
    length_outliers: tuple[LintFinding, ...]
    few_options: tuple[LintFinding, ...]
    missed: tuple[str, ...] = field(default=())

    @property
    def longest_key_share(self) -> float:
        return len(self.longest_key) / self.choice_questions if self.choice_questions else 0.0

    @property
    def true_share(self) -> float | None:
        if not self.true_false_questions:
            return None
        return self.true_answers / self.true_false_questions

    @property
    def passed(self) -> bool:
        return not self.missed


def display_width(text: str) -> int:
    """Columns the text takes on screen; runs of spaces count once."""
    text = " ".join(text.split())
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def absolutes_in(text: str, language: str) -> list[str]:
    """The sweeping words in `text`, in order of first appearance."""
    if language == "ja":
        text = NOT_ONLY_JA.sub("", text)
        found = [(text.find(w), w) for w in ABSOLUTES_JA if w in text]
        # English words appear in Japanese decks too (service names aside, rarely absolutes).
        return [w for _, w in sorted(found)] + _english_absolutes(text)
    return _english_absolutes(text)


def _english_absolutes(text: str) -> list[str]:
    text = NOT_ONLY_EN.sub("", text)
    return list(dict.fromkeys(m.group(1).lower() for m in _EN_WORDS.finditer(text)))


def key_is_longest(q: Question) -> bool:
    """True when the right option is strictly longer than every other option."""
    options = q.options or []
    widths = [display_width(o) for o in options]
    key = int(q.answer)
    return len(widths) > 1 and all(widths[key] > w for i, w in enumerate(widths) if i != key)


def length_outliers(q: Question) -> list[tuple[int, float]]:
    """(option index, width ÷ median width of the others) for each option that stands out."""
    widths = [display_width(o) for o in q.options or []]
    out = []
    for i, width in enumerate(widths):
        others = widths[:i] + widths[i + 1 :]
        if not others:
            continue
        ratio = width / median(others)
        if ratio < SHORT_FACTOR or ratio > LONG_FACTOR:
            out.append((i, ratio))
    return out


def lint_deck(deck: Deck) -> LintReport:
    """Measure every cue on one deck and name the targets it misses."""
    longest, absolutes, outliers, few = [], [], [], []
    choice = true_false = true_answers = 0
    for i, q in enumerate(deck.questions):
        where: Loc = ("questions", i)
        if q.type == "true_false":
            true_false += 1
            true_answers += q.answer is True
            words = absolutes_in(q.prompt, deck.language)
            if words:
                msg = f"absolute {'/'.join(words)} in a true/false prompt"
                absolutes.append(LintFinding((*where, "prompt"), q.id, msg))
            continue
        choice += 1
        options = q.options or []
        if key_is_longest(q):
            longest.append(LintFinding((*where, "answer"), q.id, "the key is the longest option"))
        if len(options) < MIN_CHOICE_OPTIONS:
            msg = f"{len(options)} options; a guess needs to face at least {MIN_CHOICE_OPTIONS}"
            few.append(LintFinding((*where, "options"), q.id, msg))
        for j, option in enumerate(options):
            words = absolutes_in(option, deck.language)
            if words:
                msg = f"absolute {'/'.join(words)} in option {j + 1}"
                absolutes.append(LintFinding((*where, "options", j), q.id, msg))
        for j, ratio in length_outliers(q):
            kind = "key" if j == q.answer else "option"
            msg = f"{kind} {j + 1} is {ratio:.1f}× the median length of the others"
            outliers.append(LintFinding((*where, "options", j), q.id, msg))
    report = LintReport(
        deck_id=deck.id,
        choice_questions=choice,
        longest_key=tuple(longest),
        true_false_questions=true_false,
        true_answers=true_answers,
        absolutes=tuple(absolutes),
        length_outliers=tuple(outliers),
        few_options=tuple(few),
    )
    return _with_targets(report)


def _with_targets(report: LintReport) -> LintReport:
    missed = []
    if report.longest_key_share > MAX_LONGEST_KEY_SHARE:
        missed.append(f"longest key above {_percent(MAX_LONGEST_KEY_SHARE)}")
    share = report.true_share
    low, high = TRUE_SHARE_RANGE
    if share is not None and not low <= share <= high:
        missed.append(f"true share outside {_percent(low)}–{_percent(high)}")
    for name, found in [
        ("absolutes", report.absolutes),
        ("length outliers", report.length_outliers),
        ("choice questions under 4 options", report.few_options),
    ]:
        if found:
            missed.append(name)
    return LintReport(**{**report.__dict__, "missed": tuple(missed)})


def summary(report: LintReport) -> str:
    """One line with every measure and its target, ending in ok or the targets missed."""
    share = report.true_share
    tf = (
        f"true/false {report.true_answers}/{report.true_false_questions} true "
        f"({_percent(share)}, target 35–65 %)"
        if share is not None
        else "no true/false questions"
    )
    parts = [
        f"longest key {len(report.longest_key)}/{report.choice_questions} "
        f"({_percent(report.longest_key_share)}, target ≤ 35 %)",
        tf,
        f"{len(report.absolutes)} absolutes",
        f"{len(report.length_outliers)} length outliers",
        f"{len(report.few_options)} under {MIN_CHOICE_OPTIONS} options",
    ]
    verdict = "ok" if report.passed else "missed: " + ", ".join(report.missed)
    return f"{report.deck_id}: " + "; ".join(parts) + f": {verdict}"


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def findings_to_show(report: LintReport) -> list[LintFinding]:
    """Per-question findings worth listing; longest-key ones only when that target is missed."""
    shown = [*report.absolutes, *report.length_outliers, *report.few_options]
    if report.longest_key_share > MAX_LONGEST_KEY_SHARE:
        shown.extend(report.longest_key)
    return sorted(shown, key=lambda f: f.loc)


def report_lines(loaded: LoadedDeck) -> tuple[list[str], bool]:
    """`file:line: lint: …` for each finding, then `file: lint: <summary>`; and pass/fail."""
    report = lint_deck(loaded.deck)
    name = str(loaded.path)
    lines = [
        f"{name}:{loaded.line_of(f.loc)}: lint: {f.question_id}: {f.message}"
        for f in findings_to_show(report)
    ]
    lines.append(f"{name}: lint: {summary(report)}")
    return lines, report.passed
