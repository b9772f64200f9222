"""Logging for `studybot`: one format, and at most one line per kind of message in a while.

A fault that repeats (a platform answering 500, an update that cannot be read, a flood of
unsigned requests) must not flood the log. log-rate-limit's filter lets one record per call site
(file and line) through per period and notes how many it skipped; a message that must appear
every time names its own stream (`extra=every_time(key)`).
"""

from __future__ import annotations

import logging

from log_rate_limit import RateLimit, StreamRateLimitFilter

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
PERIOD = 30.0  # seconds between two records of one kind


def configure(level: int, *, period: float = PERIOD) -> None:
    logging.basicConfig(level=level, format=FORMAT)
    # Alembic narrates every start-up ("Context impl SQLiteImpl."); only its problems matter.
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    for handler in logging.getLogger().handlers:
        handler.addFilter(rate_limit(period))


def rate_limit(period: float = PERIOD) -> logging.Filter:
    return StreamRateLimitFilter(
        period_sec=period, default_stream_id="file_line_no", filter_undefined=True
    )


def every_time(key: str) -> RateLimit:
    """`extra=` for a record of its own kind (each start-up attempt gets its line)."""
    return RateLimit(stream_id=key)
