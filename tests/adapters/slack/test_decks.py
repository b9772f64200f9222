"""Decks from Slack: a file shared in the app's DM, or in a channel after `/quiz import` by a
workspace admin, is fetched (files.info, url_private with the bot token) and becomes a deck of
that conversation; replies are ephemeral; report buttons under every answered question."""

from __future__ import annotations

from tests.support.memos import MEMO, QUEUES
from tests.support.slack import CHANNEL, SECRET, answer_buttons

DM = "D1"  # Ann's (U1) conversation with the app


def action_values(message: dict, action_id: str) -> list[str]:
    return [
        e["value"]
        for b in message.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    ]


async def share(slack, file_id: str, name: str, data: bytes, user: str, channel: str, **kw):
    slack.fake.add_file(file_id, name, data, user=user, **kw)
    status, _ = await slack.fake.event(
        slack.url, SECRET, slack.fake.file_shared(file_id, user, channel)
    )
    assert status == 200


async def test_a_memo_shared_in_the_dm_becomes_a_deck_to_quiz_on(slack, engine):
    await slack.command("U1", "lang en", channel=DM)
    await slack.next_private()
    await share(slack, "F1", "study.md", MEMO.encode(), "U1", DM)
    reply = await slack.next_private()
    assert reply["user"] == "U1" and reply["channel"] == DM
    assert reply["text"].startswith("📚 Added the deck “study” (study): 2 topics, 8 questions.")
    downloads = [c for c in slack.fake.calls if c.method == "download"]
    assert len(downloads) == 1  # fetched once, with the bot token (the fake refuses without)
    assert action_values(reply, "deck_quiz") == ["study"]
    await slack.click("U1", DM, "1.0", "deck_quiz", "study")
    question = await slack.next_post(DM)
    assert "Queues" in str(question.params["blocks"]) or "Streams" in str(
        question.params["blocks"]
    )
    action_id, value = answer_buttons(question.params)[0]
    await slack.click("U1", DM, question.result["ts"], action_id, value)
    update = (await slack.fake.wait_for("chat.update", 1, channel=DM, ok=True))[-1]
    instance = action_values(update.params, "report")
    assert instance == [value.split(":")[0]]
    await slack.click("U1", DM, question.result["ts"], "report", instance[0])
    reasons = await slack.next_private()
    assert action_values(reasons, "report_typo") == [f"{instance[0]}:typo"]
    await slack.click("U1", DM, question.result["ts"], "report_typo", f"{instance[0]}:typo")
    assert "Thanks for the report" in (await slack.next_private())["text"]
    await slack.command("U1", "review", channel=DM)
    review = await slack.next_private()
    assert "(reports: Typo 1)" in review["text"]
    key = next(v for v in action_values_all(review) if v.startswith("study/"))
    await slack.click("U1", DM, question.result["ts"], f"retire_{key}", key)
    assert (await slack.next_private())["text"].startswith(f"Retired {key}")


def action_values_all(message: dict) -> list[str]:
    return [
        e["value"]
        for b in message.get("blocks") or []
        if b.get("type") == "actions"
        for e in b["elements"]
    ]


async def test_channel_import_needs_a_workspace_admin(slack, engine):
    for user in ("U1", "U2"):
        await slack.command(user, "lang en")
        await slack.next_private()
    await slack.command("U2", "import")
    assert "Only this chat's administrators" in (await slack.next_private())["text"]
    # A file shared in a channel without `/quiz import` is not the app's business.
    await share(slack, "F2", "queues.md", QUEUES.encode(), "U2", CHANNEL)
    slack.fake.users["U1"]["is_admin"] = True
    await slack.command("U1", "import")
    assert "Now share the file" in (await slack.next_private())["text"]
    await share(slack, "F3", "queues.md", QUEUES.encode(), "U1", CHANNEL)
    added = await slack.next_private()
    assert added["user"] == "U1" and "Added the deck “Queues” (queues)" in added["text"]
    assert [c.params["file"] for c in slack.fake.calls if c.method == "files.info"] == ["F3"]
    await slack.command("U2", "decks")
    listing = await slack.next_private()
    assert "queues — Queues (2 topics, 3 questions) [this chat's]" in listing["text"]
    assert "off:queues" in action_values_all(listing)
    await slack.click("U2", CHANNEL, "1.0", "deck_off_queues", "off:queues")
    assert "Only this chat's administrators" in (await slack.next_private())["text"]
    await slack.command("U2", "daily 08:00")
    refused = await slack.next_private()
    assert (
        refused["text"]
        == "Only the workspace's admins and owners may change this channel's settings."
    )


async def test_bad_files_in_the_dm_are_refused_before_download(slack, engine):
    await slack.command("U1", "lang en", channel=DM)
    await slack.next_private()
    await share(slack, "F4", "big.md", b"x", "U1", DM, size=5 * 1024 * 1024)
    assert "too big (at most 2 MB)" in (await slack.next_private())["text"]
    await share(slack, "F5", "photo.jpg", b"\xff\xd8\xff", "U1", DM)
    assert "I can't read “photo.jpg”" in (await slack.next_private())["text"]
    await share(slack, "F6", "memo.txt", b"\xff\xd8\xff\xe0" + bytes(64), "U1", DM)
    assert "looks like a picture" in (await slack.next_private())["text"]
    assert len([c for c in slack.fake.calls if c.method == "download"]) == 1
    await slack.command("U1", "decks", channel=DM)
    assert "[this chat's]" not in (await slack.next_private())["text"]
