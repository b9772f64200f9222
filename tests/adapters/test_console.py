"""The terminal conversation, read like a transcript: a line in, the reply out."""

from __future__ import annotations

import pytest

from bot.adapters.console import MAX_INPUT_CHARS, ConsoleSession


class ConsoleTranscript:
    def __init__(self, engine, user: str = "alice") -> None:
        self.session = ConsoleSession(engine, user)

    async def send(self, line: str) -> str:
        return await self.session.handle(line)


@pytest.fixture
async def testbot(engine):
    bot = ConsoleTranscript(engine)
    await bot.session.start()
    return bot


async def test_quiz_answer_stats(testbot):
    question = await testbot.send("/quiz")
    assert "[Queues and topics]" in question
    assert "  1. Amazon SQS" in question
    assert "番号で答えてください（1〜4）" in question
    reply = await testbot.send("1")
    assert reply.startswith("✅ 正解！")
    assert "正解: 1. Amazon SQS" in reply
    assert "解説: SQS is a queue" in reply
    assert "出典: mini-memo.md「Queues」" in reply
    stats = await testbot.send("/stats")
    assert "回答数: 1" in stats and "正答率: 100%" in stats
    assert "連続学習: 1 日（最高 1 日）" in stats


async def test_wrong_answer_shows_both_options(testbot):
    await testbot.send("/quiz")
    reply = await testbot.send("2")
    assert reply.startswith("❌ 不正解")
    assert "あなたの答え: 2. Amazon SNS" in reply
    assert "正解: 1. Amazon SQS" in reply


async def test_quiz_on_a_topic_and_unknown_topic(testbot):
    assert "[Streams]" in await testbot.send("/quiz streams")
    reply = await testbot.send("/quiz nosuchtopic")
    assert "「nosuchtopic」は見つかりません" in reply
    assert "storage — Object storage" in reply


async def test_topics_show_counts_and_mastery(testbot):
    await testbot.send("/quiz")
    await testbot.send("1")
    reply = await testbot.send("/topics")
    assert "queues — Queues and topics（2 問、習熟度 50%）" in reply
    assert "storage — Object storage（1 問、習熟度 0%）" in reply


async def test_leaderboard_shows_this_chat(engine, testbot):
    await testbot.send("/quiz")
    await testbot.send("1")
    bob = ConsoleTranscript(engine, "bob")
    await bob.send("/quiz")
    await bob.send("3")
    board = await bob.send("/leaderboard")
    assert "1. alice — 1 点（1 問、正答率 100%）" in board
    assert "2. bob — 0 点（1 問、正答率 0%）" in board


async def test_language_switch_is_remembered(engine, testbot):
    assert await testbot.send("/lang en") == "Interface language set to English."
    assert "Answer with a number (1–4)" in await testbot.send("/quiz")
    later = ConsoleSession(engine, "alice")
    assert (await later.start()).startswith("Welcome to studybot")
    assert await testbot.send("/lang fr") == "Usage: /lang ja or /lang en"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/nosuch", "「/nosuch」というコマンドはありません"),
        ("hello", "コマンドは /help で確認できます"),
        ("3", "回答する問題がありません"),
        ("x" * 10_000, f"入力が長すぎます（最大 {MAX_INPUT_CHARS} 文字）"),
    ],
)
async def test_bad_input_gets_a_hint(testbot, line, expected):
    assert expected in await testbot.send(line)


async def test_empty_line_is_ignored(testbot):
    assert await testbot.send("   ") == ""


async def test_out_of_range_number_keeps_the_question_open(testbot):
    await testbot.send("/quiz")
    assert await testbot.send("7") == "1〜4 の番号で答えてください。"
    assert await testbot.send("0") == "1〜4 の番号で答えてください。"
    assert (await testbot.send("1")).startswith("✅")


async def test_answering_twice_needs_a_new_question(testbot):
    await testbot.send("/quiz")
    await testbot.send("1")
    assert "回答する問題がありません" in await testbot.send("1")
    assert "回答数: 1" in await testbot.send("/stats")


async def test_help_and_quit(testbot):
    assert "/quiz <トピック>" in await testbot.send("/help")
    assert await testbot.send("/quit") == "おつかれさまでした！"
    assert testbot.session.done


async def test_question_of_the_day_is_shown_when_the_chat_starts(engine, clock):
    morning = ConsoleTranscript(engine, "dana")
    await morning.session.start()
    clock.set(clock.now().replace(hour=22))  # 07:00 in Tokyo
    assert "毎日 08:30（Asia/Tokyo）" in await morning.send("/daily 08:30")
    clock.advance(hours=2)  # 09:00 in Tokyo
    later = ConsoleTranscript(engine, "dana")
    greeting = await later.session.start()
    assert "📅 今日の問題" in greeting
    assert (await later.send("1")).startswith(("✅", "❌"))
    again = ConsoleTranscript(engine, "dana")
    assert "📅" not in await again.session.start()  # once a day
    other = ConsoleTranscript(engine, "erin")
    assert "📅" not in await other.session.start()  # only the subscriber's own question
    clock.advance(hours=24)
    assert "📅" in await ConsoleTranscript(engine, "dana").session.start()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/daily 9am", "使い方: /daily HH:MM"),
        ("/timezone Mars/Base", "「Mars/Base」はタイムゾーンとして認識できません"),
        ("/timezone Europe/Berlin", "タイムゾーンを Europe/Berlin にしました。"),
        ("/timezone utc", "タイムゾーンを UTC にしました。"),
        ("/timezone America/Indiana", "「America/Indiana」はタイムゾーンとして認識できません"),
        ("/daily off", "今日の問題は設定されていなかったので、止めるものはありません。"),
        (
            "/daily",
            "今日の問題は設定されていません。/daily HH:MM（例: /daily 08:30）で設定できます。",
        ),
        (
            "/daily 25:00",
            "「25:00」は時刻として認識できません（00:00〜23:59）。使い方: /daily HH:MM",
        ),
    ],
)
async def test_daily_and_timezone_commands(testbot, line, expected):
    assert expected in await testbot.send(line)


async def test_daily_in_the_terminal_says_when_it_is_asked(engine):
    bot = ConsoleTranscript(engine, "fay")
    await bot.session.start()
    assert await bot.send("/lang en")
    set_reply = await bot.send("/daily 7:15")
    assert set_reply.startswith("Your question of the day is set for 07:15 (Asia/Tokyo)")
    assert "asked the next time you start studybot chat at or after 07:15" in set_reply
    assert await bot.send("/daily") == (
        "Question of the day: every day at 07:15 (Asia/Tokyo). "
        "Change it with /daily HH:MM, stop it with /daily off"
    )
    assert await bot.send("/daily off") == "The question of the day is switched off."
    assert await bot.send("/daily off") == (
        "No question of the day was set, so there is nothing to switch off."
    )
    assert await bot.send("/daily") == (
        "No question of the day is set. Set one with /daily HH:MM (e.g. /daily 08:30)."
    )


@pytest.mark.parametrize(("words", "topic"), [("stor", "[Object storage]"), ("OBJECT", "[Object")])
async def test_quiz_on_part_of_a_title(testbot, words, topic):
    assert topic in await testbot.send(f"/quiz {words}")


async def test_quiz_on_words_several_titles_share_asks_across_them(testbot):
    # "st" is in "Streams" and "Object storage", not in "Queues and topics".
    for _ in range(3):
        question = await testbot.send("/quiz st")
        assert "[Streams]" in question or "[Object storage]" in question, question
        await testbot.send("1")
    assert "[Queues and topics]" in await testbot.send("/quiz Ｑｕｅｕｅｓ")  # full-width letters


# -- /drill ---------------------------------------------------------------------------------


@pytest.fixture
async def drillbot(db, clock):
    import random

    from bot.engine import Engine
    from tests.support.drill import pairs_catalog

    catalog = pairs_catalog()
    engine = Engine(db, catalog, clock, fuzz=False, rng=random.Random(7))
    bot = ConsoleTranscript(engine)
    bot.catalog = catalog
    await bot.session.start()
    return bot


def number_of(bot, question: str, right: bool = True) -> str:
    """The number the shown question gives its right option (or a wrong one)."""
    q = next(q for q in bot.catalog.questions.values() if q.prompt in question)
    key = q.options[q.answer]
    for line in question.splitlines():
        number, _, label = line.strip().partition(". ")
        if number.isdecimal() and label in q.options and (label == key) is right:
            return number
    raise AssertionError(f"no such option in {question}")


async def test_drill_lists_pairs_runs_five_questions_and_ends_with_the_contrast(drillbot):
    listing = await drillbot.send("/drill")
    assert "取り違えやすい組（あなたの正答率）:" in listing
    assert "sqs-vs-sns — SQS と SNS（Amazon SQS / Amazon SNS）: まだ回答なし" in listing
    assert "firehose-vs-streams — Firehose と Data Streams" in listing
    assert "/drill <組のID> で 5 問のドリル" in listing

    step = await drillbot.send("/drill sqs-vs-sns")
    assert step.startswith("🔁 ドリル「SQS と SNS」 1/5")
    for n in range(1, 6):
        reply = await drillbot.send(number_of(drillbot, step, right=n != 2))
        assert reply.startswith("❌ 不正解" if n == 2 else "✅ 正解！")
        step = reply
        if n < 5:
            assert f"🔁 ドリル「SQS と SNS」 {n + 1}/5" in reply
    assert "🔁 ドリル「SQS と SNS」おわり: 4/5 問正解" in step
    assert "• Amazon SQS: メッセージをキューに溜め、受け手がポーリングして処理する" in step
    assert "• Amazon SNS: トピックに発行したメッセージを購読者全員へすぐ押し出す" in step
    assert "決め手: 受け手が取りに行く（プル）なら SQS" in step
    assert "もう一度: /drill sqs-vs-sns" in step

    listing = await drillbot.send("/drill")
    assert "sqs-vs-sns — SQS と SNS（Amazon SQS / Amazon SNS）: 正答率 80%（5 回答）" in listing
    # A new run starts over.
    assert (await drillbot.send("/drill sqs-vs-sns")).startswith("🔁 ドリル「SQS と SNS」 1/5")


async def test_an_unknown_pair_lists_the_pairs(drillbot):
    reply = await drillbot.send("/drill nosuch")
    assert reply.startswith("組「nosuch」は見つかりません。練習できる組:")
    assert "  sqs-vs-sns — SQS と SNS" in reply
    assert "  firehose-vs-streams — Firehose と Data Streams" in reply


async def test_a_pair_one_of_whose_sides_is_retired_here(drillbot):
    retired = await drillbot.send("/review retire pairs/fh-1")
    assert retired.startswith("問題 pairs/fh-1 をこのチャットで引退させました")
    reply = await drillbot.send("/drill firehose-vs-streams")
    assert reply == (
        "「Firehose と Data Streams」の問題はこのチャットでは出題できません"
        "（そのトピックが使えません）。/drill で練習できる組を表示します。"
    )
    listing = await drillbot.send("/drill")
    assert "sqs-vs-sns" in listing and "firehose-vs-streams" not in listing


async def test_a_drill_interrupted_by_quiz_resumes_where_it_was(drillbot):
    first = await drillbot.send("/drill sqs-vs-sns")
    await drillbot.send(number_of(drillbot, first, right=False))  # step 1 wrong
    second = await drillbot.send("/drill sqs-vs-sns")  # the question of step 2, again
    assert second.startswith("🔁 ドリル「SQS と SNS」 2/5")
    # /quiz takes over: the number typed next answers the quiz question, as usual.
    quiz = await drillbot.send("/quiz")
    assert "🔁" not in quiz
    assert "復習待ちの問題はありません — /drill sqs-vs-sns" in quiz
    answered = await drillbot.send("1")
    assert answered.startswith(("✅", "❌")) and "🔁" not in answered
    # /drill sqs-vs-sns shows the question the run waits on, in the same order.
    resumed = await drillbot.send("/drill sqs-vs-sns")
    assert resumed.startswith("🔁 ドリル「SQS と SNS」 2/5 （中断していた問題の続きです）")
    assert resumed.split("\n", 1)[1] == second.split("\n", 1)[1]
    reply = await drillbot.send(number_of(drillbot, resumed))
    assert reply.startswith("✅ 正解！") and "🔁 ドリル「SQS と SNS」 3/5" in reply
