"""What a Slack HTTP request must pass before bolt sees it: signature, shape, workspace, retry.

bolt parses a request's body while building it, before it checks the signature, so a stranger's
malformed body (`[]` as JSON, `payload=1`, a timestamp `abc`) raised inside bolt with a
traceback each. Here the signature is checked first on the raw bytes (slack_sdk's
SignatureVerifier; nothing is parsed for an unsigned request), then the body's shape (bolt
assumes dicts where a signed but broken body may have lists or strings), then the workspace
(the one the token was installed in, from auth.test), then Events API retries (Slack resends an
event it thinks was lost; each event_id is served once).
"""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

# Events our listeners serve for a person; one without its user is malformed.
USER_EVENTS = frozenset({"app_home_opened"})
EVENT_MEMORY = 10_000  # event ids remembered
EVENT_MEMORY_SECONDS = 3600.0  # Slack retries within minutes; an hour is plenty


@dataclass(frozen=True)
class Verdict:
    """None of these set: hand the request to bolt."""

    status: int | None = None  # answer with this status and nothing else
    reason: str = ""


PASS = Verdict()


def signed(verifier: SignatureVerifier, body: bytes, headers) -> bool:
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp.isdecimal() or not signature:
        return False  # SignatureVerifier would raise on a timestamp that is not a number
    return verifier.is_valid(body, timestamp, signature)


def parse(body: bytes, content_type: str) -> dict:
    """The request as bolt will see it; ValueError when it is not a shape Slack sends."""
    if content_type == "application/json":
        data = json.loads(body)
        if not isinstance(data, dict):
            raise ValueError("the JSON body is not an object")
        event = data.get("event", {})
        if not isinstance(event, dict):
            raise ValueError("'event' is not an object")
        if event.get("type") in USER_EVENTS and not _text(event.get("user")):
            raise ValueError(f"a {event['type']} event without a user")
        return data
    try:
        form = {k: v[-1] for k, v in parse_qs(body.decode(), strict_parsing=False).items()}
    except UnicodeDecodeError as exc:
        raise ValueError("the form is not UTF-8") from exc
    if "payload" not in form:
        if "command" in form and not _text(form.get("user_id")):
            raise ValueError("a command without a user_id")
        return form
    payload = json.loads(form["payload"])
    if not isinstance(payload, dict):
        raise ValueError("'payload' is not an object")
    for key in ("user", "team", "channel", "container", "message", "view"):
        if key in payload and not isinstance(payload[key], dict | None):
            raise ValueError(f"'{key}' is not an object")
    actions = payload.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise ValueError("'actions' is not a list of objects")
    if payload.get("type") == "block_actions" and not _text((payload.get("user") or {}).get("id")):
        raise ValueError("a block_actions payload without a user")
    return payload


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value)


def team_of(data: dict) -> str | None:
    team = data.get("team_id") or data.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if team is None and isinstance(data.get("user"), dict):
        team = data["user"].get("team_id")
    return team if isinstance(team, str) else None


class EventMemory:
    """Event ids served lately, so a retried event is acknowledged but not served again."""

    def __init__(
        self,
        size: int = EVENT_MEMORY,
        seconds: float = EVENT_MEMORY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size, self.seconds, self.clock = size, seconds, clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        now = self.clock()
        while self._seen and (
            len(self._seen) >= self.size or next(iter(self._seen.values())) < now - self.seconds
        ):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True


class RequestChecks:
    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.monotonic) -> None:
        self.verifier = SignatureVerifier(signing_secret)
        self.team_id: str | None = None  # set from auth.test once connected
        self.events = EventMemory(clock=clock)

    def check(self, body: bytes, headers, content_type: str) -> Verdict:
        if not signed(self.verifier, body, headers):
            return Verdict(401)  # strangers get no log line: they could fill the log
        try:
            data = parse(body, content_type)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            log.warning("slack: malformed signed request: %s", str(exc).splitlines()[0])
            return Verdict(400, "malformed request")
        team = team_of(data)
        if self.team_id is not None and team is not None and team != self.team_id:
            log.warning("slack: refused a request for workspace %s", team[:20])
            return Verdict(403, "not installed in this workspace")
        event_id = data.get("event_id")
        if isinstance(event_id, str) and not self.events.first_time(event_id):
            log.info("slack: event %s delivered again; already served", event_id[:40])
            return Verdict(200)
        return PASS
