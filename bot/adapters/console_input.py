"""Reading the lines of `studybot chat`: line editing, history and Tab completion of commands
when a person types at a terminal (the standard library's readline), plain lines from a pipe.

Each line is read on a daemon thread of its own, so the event loop stays free while a person
thinks (the question of the day is due beside the chat), and Ctrl-C ends the chat at once
instead of waiting in a worker thread for one more line.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import threading
from collections.abc import Iterable
from typing import Any, TextIO

PROMPT = "> "


class LineReader:
    def __init__(self, stdin: TextIO, out: TextIO, words: Iterable[str] = ()) -> None:
        self.stdin, self.out = stdin, out
        self.interactive = stdin.isatty()
        # input() edits lines only on the process's own terminal.
        self._editing = (
            self.interactive
            and stdin is sys.stdin
            and out is sys.stdout
            and _readline(sorted(words))
        )
        self._terminal = _terminal_state(stdin) if self.interactive else None

    async def read(self) -> str | None:
        """The next line, or None at the end of input (Ctrl-D, or the end of a pipe)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()
        threading.Thread(target=self._read, args=(loop, future), daemon=True).start()
        return await future

    def _read(self, loop: asyncio.AbstractEventLoop, future: asyncio.Future) -> None:
        # Ctrl-C must reach the main thread. asyncio.run's SIGINT handler runs only there,
        # and it sets no wakeup fd: a SIGINT the kernel hands to this thread instead would
        # leave the loop asleep in select() until some other event, and the chat hanging.
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            line: str | None = input(PROMPT) if self._editing else self._plain_line()
        except EOFError:
            line = None
        except Exception as exc:  # a closed or broken stdin: report it in the chat's loop
            loop.call_soon_threadsafe(_settle, future, exc, True)
            return
        loop.call_soon_threadsafe(_settle, future, line, False)

    def _plain_line(self) -> str | None:
        if self.interactive:
            self.out.write(PROMPT)
            self.out.flush()
        return self.stdin.readline() or None

    def close(self) -> None:
        """Leave the terminal as it was (a chat ended by Ctrl-C may stop in mid-line)."""
        if self._terminal is not None:
            restore, state = self._terminal
            restore(state)


def _settle(future: asyncio.Future, value: Any, failed: bool) -> None:
    if future.done():  # the chat ended (Ctrl-C) while this line was being read
        return
    if failed:
        future.set_exception(value)
    else:
        future.set_result(value)


def _readline(words: list[str]) -> bool:
    """Turn on readline for input(), with Tab completing `words`; False where it is missing."""
    try:
        import readline
    except ImportError:  # not every platform's Python has it
        return False

    def complete(text: str, state: int) -> str | None:
        matches = [w for w in words if w.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer(complete)
    readline.set_completer_delims(" \t\n")
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    return True


def _terminal_state(stdin: TextIO):
    """(restore, saved state) of the terminal's modes, or None where termios is missing."""
    try:
        import termios
    except ImportError:
        return None
    try:
        fd = stdin.fileno()
        saved = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return None

    def restore(state) -> None:
        with contextlib.suppress(OSError, termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, state)

    return restore, saved
