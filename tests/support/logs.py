"""The log as `studybot run` writes it: records after the rate limit of bot/logs.py."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from bot import logs


@contextmanager
def limited_log(name: str = "bot", period: float = 3600.0) -> Iterator[list[logging.LogRecord]]:
    """The records of logger `name` that studybot's rate limit lets through, while inside."""
    captured: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = captured.append  # type: ignore[method-assign]
    handler.addFilter(logs.rate_limit(period))
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield captured
    finally:
        logger.removeHandler(handler)
