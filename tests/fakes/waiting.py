"""Waiting, without polling, until a fake server has seen enough calls."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any


async def wait_until(
    changed: asyncio.Condition,
    enough: Callable[[], bool],
    *,
    timeout: float,
    calls: Sequence[Any],
    what: str,
) -> None:
    """Wait on the server's "a call arrived" condition; on timeout, list every call seen."""
    async with changed:
        try:
            await asyncio.wait_for(changed.wait_for(enough), timeout)
        except TimeoutError:
            seen = "\n".join(f"  {call.describe()}" for call in calls) or "  (none)"
            raise AssertionError(f"waited {timeout}s for {what}; calls seen:\n{seen}") from None
