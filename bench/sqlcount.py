"""Counting the SQL statements a piece of the engine runs, and the time spent in the driver."""

from __future__ import annotations

import time

from sqlalchemy import event

from storage.db import Database


class SqlCounter:
    """Counts statements and the time spent inside the driver's execute (DB + thread hop)."""

    def __init__(self, db: Database) -> None:
        self.statements = 0
        self.seconds = 0.0
        self._began = 0.0
        # SQLite use cases run on the Database's synchronous engine; PostgreSQL on the async one.
        self._engine = db.sync_engine
        event.listen(self._engine, "before_cursor_execute", self._before)
        event.listen(self._engine, "after_cursor_execute", self._after)

    def detach(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._before)
        event.remove(self._engine, "after_cursor_execute", self._after)

    def _before(self, *_args) -> None:
        self.statements += 1
        self._began = time.perf_counter()

    def _after(self, *_args) -> None:
        self.seconds += time.perf_counter() - self._began
