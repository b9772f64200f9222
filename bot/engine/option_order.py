"""The order a quiz instance shows its options in, chosen once when the instance is recorded.

An order is a tuple `order` where shown position i holds the deck's option `order[i]`. It is
stored with the instance as "2,0,3,1"; NULL (None) is the deck's own order, which true/false
questions always keep and which instances recorded before shuffling existed have.
"""

from __future__ import annotations

from random import Random

Order = tuple[int, ...]


def choose(kind: str, count: int, rng: Random | None) -> str | None:
    """A new stored order for a question with `count` options; None keeps the deck's order."""
    if rng is None or kind == "true_false" or count < 2:
        return None
    order = list(range(count))
    rng.shuffle(order)
    return encode(tuple(order))


def encode(order: Order) -> str:
    return ",".join(str(i) for i in order)


def decode(stored: str | None, count: int) -> Order:
    """The stored order, or the deck's order when there is none or it no longer fits.

    A deck edited since the instance was sent may have a different number of options; the
    stored order then no longer names them, and the deck's own order is the honest fallback.
    """
    identity = tuple(range(count))
    if not stored:
        return identity
    try:
        order = tuple(int(part) for part in stored.split(","))
    except ValueError:
        return identity
    return order if sorted(order) == list(identity) else identity


def shown(options: tuple[str, ...], order: Order) -> tuple[str, ...]:
    """The options in the order the learner sees them."""
    return tuple(options[i] for i in order)


def position(order: Order, deck_index: int) -> int:
    """Where the deck's option `deck_index` is shown."""
    return order.index(deck_index)
