"""The drawing process: `python -m bot.pictures.worker` reads requests on stdin and writes
PNGs on stdout, one at a time, until stdin closes.

A request is a 4-byte big-endian length and a pickle of (picture, *arguments) from the bot's
own Painter (never from elsewhere: pickles are trusted here). A reply is one status byte
(0 ok, 1 failed), a 4-byte length and the PNG (or the error text).
"""

from __future__ import annotations

import gc
import pickle
import sys
import traceback

from bot.pictures import progress

PICTURES = {"progress": progress.render}


def serve(stdin, stdout) -> None:
    progress.warm_up()
    # What is loaded now lives as long as the process: keeping it out of the collector's
    # passes makes the collection after each picture cheap (bench/RESULTS.md).
    gc.freeze()
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return  # the bot closed the pipe: it is stopping
        request = stdin.read(int.from_bytes(head, "big"))
        try:
            name, *args = pickle.loads(request)
            status, body = 0, PICTURES[name](*args)
        except Exception:
            status, body = 1, traceback.format_exc(limit=5).encode()
        stdout.write(bytes([status]) + len(body).to_bytes(4, "big") + body)
        stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
