"""Updates of different chats side by side, each chat's in order, and never too many at once."""

from __future__ import annotations

import asyncio

from bot.adapters.telegram.chat_order import ChatOrderedProcessor
from tests.fakes.telegram_updates import TelegramWorld


async def test_each_chat_in_order_chats_side_by_side_within_the_bound():
    world = TelegramWorld("1:T", "bot")
    people = [world.user(100 + n, f"P{n}") for n in range(4)]
    processor = ChatOrderedProcessor(handling=3)
    started: list[tuple[int, int]] = []
    running: set[int] = set()
    busiest = 0
    overlapped_in_a_chat = False

    async def handle(chat: int, n: int) -> None:
        nonlocal busiest, overlapped_in_a_chat
        overlapped_in_a_chat |= chat in running
        running.add(chat)
        busiest = max(busiest, len(running))
        started.append((chat, n))
        for _ in range(3):  # a database turn, a request: the handler yields
            await asyncio.sleep(0)
        running.discard(chat)

    tasks = []
    for n in range(5):  # five updates from each person, interleaved as they arrive
        for person in people:
            update = world.send_text(person, world.private_chat(person), f"/quiz {n}")
            chat = update.effective_chat.id
            tasks.append(asyncio.create_task(processor.process_update(update, handle(chat, n))))
    await asyncio.gather(*tasks)

    assert not overlapped_in_a_chat
    for person in people:
        assert [n for chat, n in started if chat == person.id] == [0, 1, 2, 3, 4]
    assert busiest == 3  # different chats do run together, and no more than the bound
    assert processor._chats == {}  # idle chats are forgotten


async def test_a_busy_chat_does_not_hold_back_the_others():
    world = TelegramWorld("1:T", "bot")
    busy, quiet = world.user(1, "Busy"), world.user(2, "Quiet")
    processor = ChatOrderedProcessor(handling=2)
    release = asyncio.Event()
    done: list[str] = []

    async def slow() -> None:
        await release.wait()
        done.append("busy")

    async def fast() -> None:
        done.append("quiet")

    tasks = [
        asyncio.create_task(
            processor.process_update(world.send_text(busy, world.private_chat(busy), "x"), slow())
        )
        for _ in range(10)
    ]
    quiet_update = world.send_text(quiet, world.private_chat(quiet), "y")
    tasks.append(asyncio.create_task(processor.process_update(quiet_update, fast())))
    for _ in range(10):
        await asyncio.sleep(0)
    assert done == ["quiet"]  # ten waiting updates of one chat took no slot from another
    release.set()
    await asyncio.gather(*tasks)
    assert done.count("busy") == 10
