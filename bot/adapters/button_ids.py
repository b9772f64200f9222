"""The ids an answer button carries, decoded the same way on every platform.

A button's payload comes back from the platform as text anyone can forge. Ids the database
cannot hold (beyond a signed 64-bit integer), digits other than 0–9, or an option number no
question has are refused here as "not made by this bot", before they reach the engine.
"""

from __future__ import annotations

import re

MAX_ROW_ID = 2**63 - 1  # quiz instance ids are BIGINT columns
_ID = re.compile(r"[0-9]{1,19}")
_OPTION = re.compile(r"[0-9]{1,2}")  # a question has at most a handful of options


def answer_ids(instance: str, option: str) -> tuple[int, int] | None:
    """(instance id, option index) from their decimal text; None for anything forged."""
    if not (_ID.fullmatch(instance) and _OPTION.fullmatch(option)):
        return None
    number = int(instance)
    return (number, int(option)) if number <= MAX_ROW_ID else None
