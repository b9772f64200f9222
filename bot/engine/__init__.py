"""The quiz engine: every feature once, for every adapter; plain values in and out.

`use_cases.Engine` is the entry point. Each of its public methods (and those of `profiles`
and `deliveries`) owns its database transaction: nothing outside the engine and `storage/`
holds a connection. The other modules are the pieces the use cases are made of.
"""

from bot.engine.use_cases import Engine

__all__ = ["Engine"]
