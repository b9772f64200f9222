"""The deck tables on SQLite and PostgreSQL: a chat's decks, switches, retired questions,
reports once per learner, the version that tells caches to rebuild, and the migration."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import chat_decks, chats, learners
from storage.migrate import downgrade, upgrade

NOW = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


async def setup(db):
    async with db.transaction() as tx:
        chat = await tx.run_sync(
            chats.ensure_chat, "telegram", "", "-100", is_group=True, title="g", now=NOW
        )
        who = await tx.run_sync(learners.ensure_learner, "telegram", "", "7", "Ann", NOW)
    return chat.id, who.id


async def test_decks_switches_retired_and_version(db):
    chat_id, who = await setup(db)
    async with db.transaction() as tx:
        # The chat is still there; what it studied went with the tables.
        assert await tx.run_sync(chats.find_chat, "telegram", "", "-100") is not None
        assert await tx.run_sync(chat_decks.catalog_version, chat_id) == 0
        await tx.run_sync(
            lambda c: chat_decks.add(
                c,
                deck_id="memo",
                chat_id=chat_id,
                owner_id=who,
                file_name="memo.md",
                title="Memo",
                yaml_text="id: memo",
                doubted="q1\nq2",
                now=NOW,
            )
        )
        await tx.run_sync(chat_decks.bump, chat_id)
        await tx.run_sync(chat_decks.bump, chat_id)
    async with db.transaction() as tx:
        assert await tx.run_sync(chat_decks.catalog_version, chat_id) == 2
        row = await tx.run_sync(chat_decks.by_file, chat_id, "memo.md")
        assert (row.deck_id, row.owner_id, row.version, row.doubted) == ("memo", who, 1, "q1\nq2")
        assert await tx.run_sync(chat_decks.taken_ids, "mem") == {"memo"}
        await tx.run_sync(
            lambda c: chat_decks.replace(
                c, row.id, title="Memo 2", yaml_text="id: memo\n", doubted="", now=NOW
            )
        )
        assert (await tx.run_sync(chat_decks.by_deck_id, "memo")).version == 2
        assert await tx.run_sync(chat_decks.switch, chat_id, "memo", False) is True
        assert await tx.run_sync(chat_decks.switch, chat_id, "memo", False) is False
        assert await tx.run_sync(chat_decks.switched_off, chat_id) == {"memo"}
        assert await tx.run_sync(chat_decks.switch, chat_id, "memo", True) is True
        assert await tx.run_sync(chat_decks.retire, chat_id, "memo/q1", NOW) is True
        assert await tx.run_sync(chat_decks.retire, chat_id, "memo/q1", NOW) is False
        assert await tx.run_sync(chat_decks.retired, chat_id) == {"memo/q1"}
        assert await tx.run_sync(chat_decks.remove, chat_id, "memo") is True
        assert await tx.run_sync(chat_decks.of_chat, chat_id) == []


async def test_a_report_counts_once_per_learner(db):
    chat_id, who = await setup(db)
    report = dict(chat_id=chat_id, question_key="memo/q1", learner_id=who, now=NOW)
    async with db.transaction() as tx:
        assert await tx.run_sync(lambda c: chat_decks.report(c, reason="typo", **report))
        assert not await tx.run_sync(lambda c: chat_decks.report(c, reason="wrong", **report))
        counts = await tx.run_sync(chat_decks.report_counts, chat_id)
    assert counts == {"memo/q1": {"typo": 1}}


async def test_the_migration_goes_down_and_up_again(db):
    chat_id, _ = await setup(db)
    async with db.transaction() as tx:
        await tx.run_sync(chat_decks.bump, chat_id)
    await downgrade(db, "0005")
    await upgrade(db)
    async with db.transaction() as tx:
        # The chat is still there; what it studied went with the tables.
        assert await tx.run_sync(chats.find_chat, "telegram", "", "-100") is not None
        assert await tx.run_sync(chat_decks.catalog_version, chat_id) == 0
