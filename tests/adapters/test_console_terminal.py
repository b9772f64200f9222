"""`studybot chat` at a real terminal: arrow keys edit and recall lines, Tab completes a command,
Ctrl-D and Ctrl-C end the chat cleanly."""

from __future__ import annotations

import pytest

from tests.support.cli import clean_env
from tests.support.terminal import CTRL_C, CTRL_D, LEFT, UP, Terminal

HELP_END = "/quit — 終了"


@pytest.fixture
def terminal(tmp_path):
    args = ["chat", "--user", "tess", "--db", str(tmp_path / "t.db")]
    term = Terminal(args, tmp_path, clean_env())
    term.until("> ")
    yield term
    term.close()


def test_up_arrow_recalls_the_last_line(terminal):
    terminal.type("/help\r")
    first = terminal.until(HELP_END + "\r\n> ")  # typed once the next prompt is shown
    terminal.type(UP + "\r")
    terminal.until(HELP_END, after=first)
    assert "^[[A" not in terminal.screen
    assert "というコマンドはありません" not in terminal.screen
    assert "コマンドは /help で確認できます" not in terminal.screen


def test_left_arrow_edits_and_tab_completes(terminal):
    terminal.type("/tats" + LEFT * 4 + "s\r")
    after = terminal.until("回答数: 0")
    after = terminal.until("> ", after=after)
    terminal.type("/leader\t\r")
    terminal.until("🏆", after=after)
    assert "^[[D" not in terminal.screen


def test_ctrl_d_ends_the_line_and_the_chat(terminal):
    terminal.type(CTRL_D)
    assert terminal.wait() == 0
    # The shell's prompt that follows starts on a line of its own.
    assert terminal.screen.endswith("> \r\n")


def test_ctrl_c_ends_the_chat_without_a_traceback(terminal):
    terminal.type("/quiz")
    terminal.until("/quiz")  # a person sees what they typed before pressing Ctrl-C
    terminal.type(CTRL_C)
    assert terminal.wait() == 130
    assert "Traceback" not in terminal.screen
    assert terminal.screen.endswith("\n")


async def test_only_the_main_thread_can_receive_ctrl_c():
    """Ctrl-C is a process-wide SIGINT that the kernel may hand to any thread not blocking it;
    handed to the line-reading thread, it would never wake asyncio's loop (the chat would
    hang). The reader blocks it, so it always reaches the main thread."""
    import asyncio
    import io
    import os
    import signal
    import threading

    from bot.adapters.console_input import LineReader

    read, write = os.pipe()
    reader = LineReader(io.TextIOWrapper(os.fdopen(read, "rb")), io.StringIO())
    before = set(threading.enumerate())
    reading = asyncio.ensure_future(reader.read())
    await asyncio.sleep(0)  # the reading thread has started
    (thread,) = set(threading.enumerate()) - before
    blocked = False
    for _ in range(200):  # until the thread has set its mask (it then waits for the line)
        with open(f"/proc/self/task/{thread.native_id}/status") as status:
            mask = int(next(x for x in status if x.startswith("SigBlk:")).split()[1], 16)
        if blocked := bool(mask & (1 << (signal.SIGINT - 1))):
            break
        await asyncio.sleep(0.01)
    os.write(write, b"/quiz\n")
    assert await reading == "/quiz\n"
    os.close(write)
    assert blocked
