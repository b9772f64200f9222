"""Block Kit for decks: a deck added, a chat's decks with on/off buttons, review with retire
buttons, and the report button with its reasons."""

from __future__ import annotations

from bot.adapters.slack.blocks import Block, button, esc, section
from bot.engine.deck_views import REASONS, DeckLine, Review
from bot.messages.catalogue import tr

MAX_VALUE = 150  # well under Slack's 2,000 characters; a question key is at most 160


def report(lang: str, instance_id: int) -> Block:
    return {
        "type": "actions",
        "block_id": "report",
        "elements": [button(tr(lang, "report_button"), "report", str(instance_id))],
    }


def reasons(lang: str, instance_id: int) -> list[Block]:
    return [
        section(tr(lang, "report_ask")),
        {
            "type": "actions",
            "block_id": "report_reasons",
            "elements": [
                button(tr(lang, "report_reason_" + r), f"report_{r}", f"{instance_id}:{r}")
                for r in REASONS
            ],
        },
    ]


def added(lang: str, message: str, deck_id: str) -> list[Block]:
    return [
        section(esc(message)),
        {
            "type": "actions",
            "block_id": "deck_added",
            "elements": [
                button(tr(lang, "deck_quiz_button"), "deck_quiz", deck_id),
                button(tr(lang, "deck_delete_button"), "deck_delete", f"delete:{deck_id}"),
            ],
        },
    ]


def deck_list(lang: str, message: str, lines: list[DeckLine]) -> list[Block]:
    elements = []
    for d in lines:
        verb = "off" if d.on else "on"
        label = tr(lang, f"deck_{verb}_button", deck=d.deck_id)
        elements.append(
            button(label[:70], f"deck_{verb}_{d.deck_id}"[:255], f"{verb}:{d.deck_id}")
        )
    out = [section(esc(message))]
    for start in range(0, len(elements), 25):  # an actions block holds at most 25 elements
        out.append({"type": "actions", "elements": elements[start : start + 25]})
    return out


def review(lang: str, message: str, found: Review) -> list[Block]:
    out = [section(esc(message))]
    items = [i for i in found.items if len(i.key) <= MAX_VALUE]
    for start in range(0, len(items), 25):
        out.append(
            {
                "type": "actions",
                "elements": [
                    button(
                        tr(lang, "retire_button", qid=i.key)[:70], f"retire_{i.key}"[:255], i.key
                    )
                    for i in items[start : start + 25]
                ],
            }
        )
    return out
