"""Deck results as plain text: a deck added or refused, a chat's decks, reports and review."""

from __future__ import annotations

from bot.engine.deck_views import (
    Change,
    DeckAdded,
    DeckLine,
    DeckRefused,
    Reported,
    Review,
)
from bot.messages import commands
from bot.messages.catalogue import tr
from bot.messages.plain import Escape

MAX_TOPIC_NAMES = 8
MAX_UNREAD_LINES = 8


def _same(value: str) -> str:
    return value


def added(lang: str | None, d: DeckAdded, esc: Escape = _same) -> str:
    key = "deck_updated" if d.updated else "deck_added"
    lines = [
        tr(
            lang,
            key,
            title=esc(d.title),
            deck=d.deck_id,
            topics=len(d.topics),
            questions=d.questions,
            kept=d.kept,
            retired=d.retired,
        )
    ]
    names = ", ".join(esc(t) for t in d.topics[:MAX_TOPIC_NAMES])
    if len(d.topics) > MAX_TOPIC_NAMES:
        names += ", …"
    lines.append(tr(lang, "deck_topics", names=names))
    if d.doubted:
        lines.append(tr(lang, "deck_doubted", n=d.doubted))
    if d.unread:
        shown = ", ".join(str(n) for n in d.unread[:MAX_UNREAD_LINES])
        if len(d.unread) > MAX_UNREAD_LINES:
            shown += ", …"
        lines.append(tr(lang, "deck_unread", lines=shown))
    return "\n".join(lines)


def refused(lang: str | None, r: DeckRefused, esc: Escape = _same) -> str:
    return tr(lang, r.key, **{k: esc(str(v)) for k, v in r.values.items()})


def deck_list(lang: str | None, lines: list[DeckLine], place: str, esc: Escape = _same) -> str:
    out = [tr(lang, "decks_header")]
    for d in lines:
        out.append(
            tr(
                lang,
                "deck_line",
                mark="✅" if d.on else "⏸",
                deck=d.deck_id,
                title=esc(d.title),
                topics=d.topics,
                questions=d.questions,
                whose=tr(lang, "deck_own" if d.own else "deck_builtin"),
            ).rstrip()
        )
    out.append(tr(lang, "decks_footer", cmd=commands.spelled("decks", place)))
    return "\n".join(out)


def change(lang: str | None, result: Change, verb: str, deck_id: str) -> str:
    if result is Change.NOT_ALLOWED:
        return tr(lang, "deck_not_admin")
    if result is Change.UNKNOWN:
        return tr(lang, "deck_unknown", deck=deck_id)
    if result is Change.ALREADY:
        return tr(lang, "deck_already", deck=deck_id)
    done = {"on": "deck_switched_on", "off": "deck_switched_off", "delete": "deck_deleted"}
    return tr(lang, done[verb], deck=deck_id)


def reported(lang: str | None, result: Reported) -> str:
    return tr(lang, "report_" + result.value)


def reason(lang: str | None, code: str) -> str:
    return tr(lang, "report_reason_" + code)


def review(lang: str | None, r: Review, place: str, esc: Escape = _same) -> str:
    if not r.allowed:
        return tr(lang, "deck_not_admin")
    if not r.items:
        return tr(lang, "review_empty")
    out = [tr(lang, "review_header")]
    for item in r.items:
        counts = ", ".join(f"{reason(lang, k)} {n}" for k, n in sorted(item.reports.items()))
        out.append(
            "  "
            + tr(
                lang,
                "review_item",
                qid=item.key,
                reports=counts or "0",
                doubt=tr(lang, "review_doubt") if item.doubted else "",
                prompt=esc(_short(item.prompt)),
            )
        )
    out.append(tr(lang, "review_footer", cmd=commands.spelled("review", place)))
    return "\n".join(out)


def retired(lang: str | None, result: Change, key: str, esc: Escape = _same) -> str:
    if result is Change.NOT_ALLOWED:
        return tr(lang, "deck_not_admin")
    names = {Change.DONE: "retired_done", Change.ALREADY: "retired_already"}
    return tr(lang, names.get(result, "retire_unknown"), qid=esc(key))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
