"""The quiz engine: every feature once, for every adapter; plain values in and out.

`use_cases.Engine` is the entry point. Each of its public methods (and those of `profiles`
and `deliveries`) owns its database transaction: nothing outside the engine and `storage/`
holds a connection. The other modules are the pieces the use cases are made of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.use_cases import Engine

__all__ = ["Engine"]


def __getattr__(name: str):
    # Imported on first use: the picture worker reads the engine's plain report values
    # (progress_views) without loading the database layer it has no use for.
    if name == "Engine":
        from bot.engine.use_cases import Engine

        return Engine
    raise AttributeError(f"module 'bot.engine' has no attribute {name!r}")
