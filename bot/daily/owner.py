"""Which process holds a question-of-the-day claim, and whether that process is dead.

A claim names its process as host/pid/boot (boot: random, per start). A process that was
killed leaves claims nobody touches; others take them over once they go stale (10 minutes),
since a process on another host cannot be seen. On the same host it can: a claim whose pid is
no longer running, or is our own pid under another boot (a container restarted as pid 1), is
dead, and is taken over at once. Two live processes never have the same host and pid, so
neither ever takes over the other's live claims.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable

Alive = Callable[[int], bool]


def pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: running
    return True


class Owner:
    def __init__(
        self,
        host: str | None = None,
        pid: int | None = None,
        boot: str | None = None,
        alive: Alive = pid_running,
    ) -> None:
        self.host = (host or socket.gethostname())[:40]
        self.pid = os.getpid() if pid is None else pid
        self.boot = boot or uuid.uuid4().hex[:12]
        self.alive = alive
        self.token = f"{self.host}/{self.pid}/{self.boot}"

    def is_dead(self, token: str) -> bool:
        """Whether the claim owner `token` is a process on this host that no longer runs."""
        parts = token.split("/")
        if len(parts) != 3:
            return False  # a form we do not know: wait for it to go stale
        host, pid_text, boot = parts
        if host != self.host or not pid_text.isdecimal():
            return False  # another host: wait for it to go stale
        pid = int(pid_text)
        if pid == self.pid:
            return boot != self.boot
        return not self.alive(pid)
