"""Deck buttons on Telegram: callback data (at most 64 bytes) and keyboards.

Data forms: `p:<instance>` report this question, `p:<instance>:<w|u|t>` with a reason,
`k:<on|off|del>:<deck>` switch or delete a deck, `x:<deck/question>` retire a question."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.deck_views import REASONS, DeckLine, Review
from bot.messages.catalogue import tr

_REASON_CODES = {r[0]: r for r in REASONS}
_VERBS = {"on": "on", "off": "off", "del": "delete"}
MAX_DATA = 64


@dataclass(frozen=True)
class DeckTap:
    action: str  # "report", "deck" or "retire"
    instance_id: int = 0
    reason: str = ""  # "" asks which reason
    verb: str = ""
    value: str = ""  # a deck id or a question key


def parse(data: str | None) -> DeckTap | None:
    """A deck button's data, or None when it is not one (other buttons, forged data)."""
    if not data or len(data.encode()) > MAX_DATA:
        return None
    kind, _, rest = data.partition(":")
    if kind == "p":
        instance, _, code = rest.partition(":")
        if instance.isdecimal() and len(instance) <= 18 and (not code or code in _REASON_CODES):
            return DeckTap("report", int(instance), _REASON_CODES.get(code, ""))
    elif kind == "k":
        verb, _, deck = rest.partition(":")
        if verb in _VERBS and deck:
            return DeckTap("deck", verb=_VERBS[verb], value=deck)
    elif kind == "x" and "/" in rest:
        return DeckTap("retire", value=rest)
    return None


def report_button(lang: str | None, instance_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(tr(lang, "report_button"), callback_data=f"p:{instance_id}")


def with_report(
    keyboard: InlineKeyboardMarkup, lang: str | None, instance_id: int
) -> InlineKeyboardMarkup:
    """`keyboard` with a "⚑ report" row under it."""
    rows = [list(row) for row in keyboard.inline_keyboard]
    return InlineKeyboardMarkup([*rows, [report_button(lang, instance_id)]])


def reasons_keyboard(lang: str | None, instance_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    tr(lang, "report_reason_" + r), callback_data=f"p:{instance_id}:{r[0]}"
                )
                for r in REASONS
            ]
        ]
    )


def added_keyboard(lang: str | None, deck_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(tr(lang, "deck_quiz_button"), callback_data=f"t:{deck_id}"),
                InlineKeyboardButton(
                    tr(lang, "deck_delete_button"), callback_data=f"k:del:{deck_id}"
                ),
            ]
        ]
    )


def decks_keyboard(lang: str | None, lines: list[DeckLine]) -> InlineKeyboardMarkup:
    rows = []
    for d in lines:
        verb = "off" if d.on else "on"
        label = tr(lang, f"deck_{verb}_button", deck=d.deck_id)
        rows.append([InlineKeyboardButton(label[:60], callback_data=f"k:{verb}:{d.deck_id}")])
    return InlineKeyboardMarkup(rows)


def review_keyboard(lang: str | None, review: Review) -> InlineKeyboardMarkup | None:
    rows = [
        [
            InlineKeyboardButton(
                tr(lang, "retire_button", qid=item.key)[:60], callback_data=f"x:{item.key}"
            )
        ]
        for item in review.items
        if len(f"x:{item.key}".encode()) <= MAX_DATA
    ]
    return InlineKeyboardMarkup(rows) if rows else None
