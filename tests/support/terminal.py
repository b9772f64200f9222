"""`studybot chat` on a real pseudo-terminal, typed at key by key as a person would."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import subprocess
import termios
import time
from pathlib import Path

from tests.support.cli import STUDYBOT

UP = "\x1b[A"
LEFT = "\x1b[D"
CTRL_D = "\x04"
CTRL_C = "\x03"


def _control_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    # An interactive shell starts a program with Ctrl-C's signal at its default. The tests
    # may run where it is ignored (a background job of a non-interactive shell ignores
    # SIGINT, and exec keeps an ignored signal ignored): then Ctrl-C could not work at all.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """The screen is every byte the program wrote, decoded; `until` waits for a text on it."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self._fd, child = pty.openpty()
        self.process = subprocess.Popen(
            [STUDYBOT, *args],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=cwd,
            env={**env, "TERM": "xterm"},
            # A session of its own with this terminal as its controlling one, as a shell gives:
            # only then does Ctrl-C reach the program as SIGINT.
            start_new_session=True,
            preexec_fn=_control_terminal,
        )
        os.close(child)
        self.screen = ""

    def type(self, keys: str) -> None:
        os.write(self._fd, keys.encode())

    def until(self, text: str, after: int = 0, timeout: float = 30) -> int:
        """Read output until `text` appears past position `after`; return where it ends."""
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(text, after)) == -1:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._read(remaining):
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen}")
        return found + len(text)

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self._fd, 65536)
        except OSError:  # the program ended and closed the terminal
            return False
        self.screen += chunk.decode(errors="replace")
        return bool(chunk)

    def wait(self, timeout: float = 30) -> int:
        """The exit status, reading whatever is still written meanwhile."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.1)
        while self._read(0):
            pass
        return self.process.wait(timeout=max(0.0, deadline - time.monotonic()))

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self._fd)
