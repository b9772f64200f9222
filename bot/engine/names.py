"""Names and titles from a platform, made to fit the columns that store them.

Telegram allows a 64-character first name plus a 64-character last name, and a group title of
up to 128; Slack names have their own limits. The database keeps at most MAX_NAME_CHARS, so a
longer one is clipped where it enters the engine instead of failing the answer being stored
(PostgreSQL refuses a value longer than its column; SQLite would keep it silently).
"""

from __future__ import annotations

MAX_NAME_CHARS = 128  # learners.display_name and chats.title (storage/models.py)


def fitted(name: str) -> str:
    """`name` clipped to MAX_NAME_CHARS with an ellipsis; a lone surrogate becomes "?"."""
    try:
        name.encode()
    except UnicodeEncodeError:
        name = name.encode("utf-8", "replace").decode()
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"
