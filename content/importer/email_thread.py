"""Notes kept as an e-mail thread (a memo sent to a study partner, their reply quoted
around it), read as the Markdown it stands for, line for line:

    From: / To: / Subject: / Date: / Sent: headers, "-----Original Message-----",
    "On … wrote:" and signatures (a `--` line and what follows it)   → nothing
    > quoted lines                                                    → the lines unquoted
    [1] Title                                                         → ## Title
    a quoted line the reply disputes ("No, actually …")               → nothing
    situation …………… answer (a dotted leader)                          → situation ⇒ answer

A memo is an e-mail thread when two header lines stand in its first lines and its lines are
quoted (`>`) or an original message is marked. The standard library's `email` package
parses a message's headers and parts, not the quoting inside its text; that is what this
module reads.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^(?:From|To|Cc|Bcc|Subject|Date|Sent|Reply-To):\s", re.IGNORECASE)
_ORIGINAL = re.compile(
    r"^\s*(?:-{3,}\s*(?:Original Message|Forwarded message)\s*-{3,}|On .+ wrote:)\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"^((?:>\s?)+)(.*)$")
_SIGNATURE = re.compile(r"^--\s?$")
_NUMBERED_TITLE = re.compile(r"^\[(\d{1,2})\]\s+(\S.*)$")
_LEADER = re.compile(r"\s*(?:\.{3,}|…{2,}|・{3,})\s*(?=\S)")
# A reply that opens by correcting what it answers: the quoted line above it is wrong.
_DISPUTES = re.compile(
    r"^(?:no\b|nope\b|not quite\b|not\s|wrong\b|careful\b|actually\b|incorrect\b|"
    r"two fixes\b|correction\b|fix:|いや|違う|ちがう|間違い|訂正)",
    re.IGNORECASE,
)


# What such a reply opens with before its fact: "No, actually - ", "Careful, that's a
# simplification. ", "Two fixes. ".
_OPENER = re.compile(
    r"^(?:(?:no|nope|careful|actually|two fixes|correction|fix)\b[\s,.!:\-–—]*)+"
    r"(?:that'?s (?:a |an )?\w+(?: \w+)?\.\s*)?",
    re.IGNORECASE,
)


def is_email(lines: list[str]) -> bool:
    head = lines[:30]
    headers = sum(bool(_HEADER.match(ln)) for ln in head)
    quoted = sum(bool(_QUOTED.match(ln)) for ln in lines)
    marked = any(_ORIGINAL.match(ln) for ln in lines)
    return headers >= 2 and (quoted >= 5 or marked)


def to_markdown(lines: list[str]) -> list[str]:
    """The memo's lines as Markdown, one for one; `lines` unchanged when it is no e-mail."""
    if not is_email(lines):
        return lines
    out: list[str] = []
    signature = False
    last_quoted = -1  # where the last quoted line went in `out`
    opened = -1  # where the open paragraph or list item went: a wrapped line joins it
    texts = [_unquoted(line) for line in lines]
    for no, (quoted, text) in enumerate(texts):
        if signature and text.strip():
            out.append("")
            continue
        signature = False
        if _SIGNATURE.match(text) or _HEADER.match(text) or _ORIGINAL.match(text):
            signature = bool(_SIGNATURE.match(text))
            if signature and out and len(out[-1]) <= 20 and (len(out) < 2 or not out[-2]):
                out[-1] = ""  # the sign-off name above the signature
            out.append("")
            opened = -1
            continue
        if not text.strip():
            out.append("")
            opened = -1 if not quoted else opened
            continue
        wrapped = opened >= 0 and (not quoted or text.startswith("  "))
        if wrapped and not _ITEM.match(text) and not _NUMBERED_TITLE.match(text.strip()):
            # A hard-wrapped line goes on the line it continues: a sentence is read whole.
            out[opened] = out[opened] + " " + text.strip()
            out.append("")
            continue
        following = next((t for q, t in texts[no + 1 :] if t.strip()), "")
        if quoted:
            last_quoted = len(out)
            line = _line(text, following)
        else:
            if last_quoted >= 0 and _DISPUTES.match(text.strip()):
                out[last_quoted] = ""  # "No, actually - Simple AD does NOT support trusts"
                text = _OPENER.sub("", text.strip())
            last_quoted = -1
            line = _line(text, following)
        opened = len(out) if not line.startswith("#") else -1
        out.append(line)
    return out


_ITEM = re.compile(r"^\s*[-*+] ")


def _unquoted(line: str) -> tuple[bool, str]:
    quoted = _QUOTED.match(line)
    return (True, quoted.group(2)) if quoted else (False, line)


def _line(text: str, following: str) -> str:
    stripped = text.strip()
    if title := _NUMBERED_TITLE.match(stripped):
        return "## " + title.group(2)
    titled = _ITEM.match(following) and not _ITEM.match(text) and len(stripped) <= 40
    if titled and not stripped.endswith((".", ":", ",", "?", "!", "。")):
        return "### " + stripped  # "AD Connector" over its "- " lines: their title
    return _LEADER.sub(" ⇒ ", text.rstrip())
