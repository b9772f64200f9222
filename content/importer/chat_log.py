"""Notes kept by posting to oneself in a chat (a Slack DM copied out), read without the
chat's own lines, line for line:

    --- 11月3日（月） ---        (a day separator)
    Ken Sato  21:04             (who posted, and when)
    21:09                       (a later message of the same run)
    … (edited)                  (the edit mark)
    返信 2 件 / 2 replies        (a thread's reply count)

Those lines become blank and the edit mark goes; what the messages say is kept. A memo is
a chat log when at least three lines are such message headers. Chat exports come in each
app's JSON; a copied-out log is plain text no library reads.
"""

from __future__ import annotations

import re

_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*[AaPp][Mm])?"
_HEADER = re.compile(rf"^\s*(?:\S.{{0,40}}?\s{{2,}})?{_TIME}\s*$")
_DAY = re.compile(
    r"^\s*-{2,}\s*(?:Today|Yesterday|今日|昨日|\d{1,2}月\d{1,2}日.*?|"
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s.*?|\d{4}[-/]\d{1,2}[-/]\d{1,2}.*?)\s*-{2,}\s*$"
    r"|^\s*(?:Today|Yesterday|今日|昨日|\d{1,2}月\d{1,2}日（.）)\s*$"
)
_REPLIES = re.compile(r"^\s*(?:返信\s*\d+\s*件|\d+\s+repl(?:y|ies))\s*$", re.IGNORECASE)
_EDITED = re.compile(r"\s*[(（](?:edited|編集済み)[)）]\s*$", re.IGNORECASE)
MIN_HEADERS = 3


def is_chat_log(lines: list[str]) -> bool:
    return sum(bool(_HEADER.match(ln)) for ln in lines) >= MIN_HEADERS


def without_chat_lines(lines: list[str]) -> list[str]:
    """The memo's lines with the chat's own lines blank; `lines` unchanged when it is no
    chat log."""
    if not is_chat_log(lines):
        return lines
    out = []
    for line in lines:
        if _HEADER.match(line) or _DAY.match(line) or _REPLIES.match(line):
            out.append("")
        else:
            out.append(_EDITED.sub("", line))
    return out
