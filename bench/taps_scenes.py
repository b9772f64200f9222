"""The people and questions of bench/taps.py: quiz instances made through the engine, and
the bot messages carrying their buttons made in the fake Bot API.

Private learners are 7_000_001…; group members 7_100_001…; /quiz askers 7_200_001….
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bot.app import build
from bot.config import Settings
from bot.engine.views import ChatRef, LearnerRef, QuestionView
from storage.models import Answer

LEARNER0, MEMBER0, ASKER0 = 7_000_001, 7_100_001, 7_200_001
GROUP_ID = -1_007_000_000_001


def name(user_id: int) -> str:
    return f"L{user_id}"


@dataclass
class Scene:
    """Taps ready to push: [chat_id, message_id, user_id, data, at_s], and what they answer."""

    taps: list[list]
    instances: list[int]
    users: dict[str, str]


def _learner(user_id: int) -> LearnerRef:
    return LearnerRef("telegram", "", str(user_id), display_name=name(user_id))


async def make_private(settings: Settings, fake, learners: int, each: int, spread_s: float):
    """`each` questions per learner in their private chats; one tap per question, the
    learners' taps interleaved, all at once (spread_s=0) or evenly over spread_s seconds."""
    app = await build(settings)
    shown: list[tuple[int, QuestionView]] = []
    try:
        for _ in range(each):
            for n in range(learners):
                user = LEARNER0 + n
                chat = ChatRef("telegram", "", str(user))
                q = await app.engine.next_question(_learner(user), chat)
                assert isinstance(q, QuestionView), q
                shown.append((user, q))
    finally:
        await app.db.close()
    return await _scene(fake, shown, spread_s, group=False)


async def make_group(settings: Settings, fake, members: int, spread_s: float) -> Scene:
    """One group question, tapped once by each of `members` within spread_s seconds."""
    app = await build(settings)
    try:
        chat = ChatRef("telegram", "", str(GROUP_ID), is_group=True, title="Bench group")
        q = await app.engine.next_question(_learner(MEMBER0), chat)
        assert isinstance(q, QuestionView), q
    finally:
        await app.db.close()
    return await _scene(fake, [(MEMBER0 + n, q) for n in range(members)], spread_s, group=True)


async def _scene(fake, shown, spread_s: float, *, group: bool) -> Scene:
    messages, seen = [], {}
    for user, q in shown:
        if q.instance_id in seen:
            continue
        seen[q.instance_id] = len(messages)
        chat = GROUP_ID if group else user
        text = f"{q.topic_title}\n\n{q.prompt}" + ("\n\n👥 回答 0 人" if group else "")
        data = [f"a:{q.instance_id}:{i}" for i in range(len(q.options))]
        messages.append([chat, text, data])
    ids = (await fake.ask("scene", {"messages": messages}))["ids"]
    taps = []
    for i, (user, q) in enumerate(shown):
        at = round(i * spread_s / len(shown), 4) if spread_s else 0
        chat = GROUP_ID if group else user
        taps.append([chat, ids[seen[q.instance_id]], user, f"a:{q.instance_id}:0", at])
    users = {str(user): name(user) for user, _ in shown}
    return Scene(taps, list(seen), users)


def for_reference(scene: Scene) -> Scene:
    """The same taps for the reference bot (it ignores what they answer)."""
    return Scene([list(t) for t in scene.taps], scene.instances, scene.users)


async def answers_recorded(settings: Settings, instances: list[int]) -> int:
    app = await build(settings)
    try:
        async with app.db.transaction() as tx:
            return await tx.scalar(
                select(func.count()).select_from(Answer).where(Answer.instance_id.in_(instances))
            )
    finally:
        await app.db.close()
