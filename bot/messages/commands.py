"""The command table: every command once — its name, its argument and how it is parsed, its
help in Japanese and English, and the places it applies to (the parsers are in arguments.py).

The terminal, Telegram (its handlers and its command menu) and Slack (the sub-commands of
`/quiz`) all read this table. Adding a command takes an entry here, the engine call, and at
most one rendering function per adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.messages.arguments import (
    DailyChoice,
    DeckAction,
    ExamChoice,
    Invalid,
    ProgressChoice,
    parse_daily,
    parse_decks,
    parse_exam,
    parse_lang,
    parse_path,
    parse_progress,
    parse_report,
    parse_review,
    parse_time,
    parse_timezone,
    parse_topic,
)

# Places a command can be used in.
TERMINAL = "terminal"  # studybot chat
PRIVATE = "private"  # a Telegram private chat
GROUP = "group"  # a Telegram group
SLACK = "slack"  # a Slack channel or the app's DM, as `/quiz <command>`
EVERYWHERE = frozenset({TERMINAL, PRIVATE, GROUP, SLACK})
TELEGRAM = frozenset({PRIVATE, GROUP})


@dataclass(frozen=True)
class Form:
    """One way of calling a command, as the help lists it."""

    usage: dict[str, str]  # the argument, per language ("" for none)
    help: dict[str, str]  # what it does, per language
    places: frozenset[str] = EVERYWHERE


def _no_argument(_arg: str) -> None:
    return None


@dataclass(frozen=True)
class Command:
    name: str
    forms: tuple[Form, ...]
    places: frozenset[str] = EVERYWHERE
    parse: Callable[[str], object] = _no_argument
    menu: dict[str, str] | None = None  # Telegram's command menu text, per language
    aliases: tuple[str, ...] = ()
    in_help: bool = True


def _form(usage_ja: str, usage_en: str, ja: str, en: str, places=EVERYWHERE) -> Form:
    return Form({"ja": usage_ja, "en": usage_en}, {"ja": ja, "en": en}, frozenset(places))


COMMANDS: tuple[Command, ...] = (
    Command(
        "quiz",
        (
            _form("", "", "次の問題（復習が必要な問題から）", "next question (reviews due first)"),
            _form("<トピック>", "<topic>", "トピックを指定して出題", "a question from one topic"),
        ),
        parse=parse_topic,
        menu={
            "ja": "次の問題（/quiz トピック でトピック指定）",
            "en": "Next question (/quiz topic for one topic)",
        },
    ),
    Command(
        "topics",
        (_form("", "", "トピック一覧と習熟度", "topics and your mastery"),),
        menu={"ja": "トピック一覧と習熟度", "en": "Topics and your mastery"},
    ),
    Command(
        "stats",
        (_form("", "", "成績と連続学習日数", "your results and streak"),),
        menu={"ja": "成績と連続学習日数", "en": "Your results and streak"},
    ),
    Command(
        "leaderboard",
        (_form("", "", "このチャットのランキング", "this chat's ranking"),),
        menu={"ja": "このチャットのランキング", "en": "This chat's ranking"},
        aliases=("rank", "ranking"),
    ),
    Command(
        "daily",
        (
            _form(
                "HH:MM|off",
                "HH:MM|off",
                "今日の問題（studybot chat の起動時に出題）",
                "a question of the day (asked when studybot chat starts)",
                {TERMINAL},
            ),
            _form(
                "HH:MM|off",
                "HH:MM|off",
                "今日の問題を毎日受け取る",
                "a question of the day",
                TELEGRAM,
            ),
            _form(
                "HH:MM|off",
                "HH:MM|off",
                "今日の問題を毎日このチャンネルへ",
                "a question of the day in this channel",
                {SLACK},
            ),
        ),
        parse=parse_daily,
        menu={
            "ja": "今日の問題を毎日受け取る（HH:MM / off）",
            "en": "A question of the day (HH:MM / off)",
        },
    ),
    Command(
        "timezone",
        (_form("地域/都市", "Area/City", "タイムゾーン", "your time zone"),),
        places=frozenset({TERMINAL, PRIVATE, GROUP}),
        parse=parse_timezone,
        menu={"ja": "タイムゾーンを設定（地域/都市）", "en": "Set your time zone (Area/City)"},
    ),
    Command(
        "lang",
        (_form("ja|en", "ja|en", "表示言語の切り替え", "switch the interface language"),),
        parse=parse_lang,
        menu={"ja": "表示言語（ja / en）", "en": "Interface language (ja / en)"},
    ),
    Command(
        "export",
        (_form("", "", "自分のデータを JSON で受け取る", "your data as JSON"),),
        places=frozenset({PRIVATE}),
    ),
    Command(
        "forget",
        (_form("", "", "自分のデータをすべて削除", "delete all your data"),),
        places=frozenset({PRIVATE}),
    ),
    Command(
        "decks",
        (
            _form("", "", "このチャットの問題集（オン・オフ）", "this chat's decks (on / off)"),
            _form(
                "off|on|delete ID",
                "off|on|delete ID",
                "問題集を止める・再開する・削除する（管理者）",
                "switch a deck off or on, or delete it (administrators)",
            ),
        ),
        parse=parse_decks,
        menu={"ja": "このチャットの問題集", "en": "This chat's decks"},
    ),
    Command(
        "import",
        (
            _form(
                "ファイルのパス",
                "PATH",
                "メモ（.md/.txt/.csv）や問題集（.yaml）を読み込む",
                "add a memo (.md/.txt/.csv) or a deck (.yaml) as a deck",
                {TERMINAL},
            ),
            _form(
                "",
                "",
                "次に共有するファイルを問題集にする（管理者）",
                "turn the file you share next into a deck (administrators)",
                {SLACK},
            ),
        ),
        places=frozenset({TERMINAL, SLACK}),
        parse=parse_path,
    ),
    Command(
        "report",
        (
            _form(
                "wrong|unclear|typo",
                "wrong|unclear|typo",
                "最後に答えた問題を報告（答えが違う・わかりにくい・誤字）",
                "report the question you answered last (wrong, unclear, typo)",
            ),
        ),
        places=frozenset({TERMINAL}),
        parse=parse_report,
    ),
    Command(
        "review",
        (
            _form(
                "",
                "",
                "報告された問題・確認が必要な問題（管理者）",
                "reported and doubtful questions (administrators)",
            ),
            _form(
                "retire ID",
                "retire ID",
                "問題をこのチャットで引退させる（管理者）",
                "retire a question in this chat (administrators)",
            ),
        ),
        parse=parse_review,
        menu={"ja": "報告された問題の確認（管理者）", "en": "Reported questions (administrators)"},
    ),
    Command(
        "progress",
        (
            _form(
                "",
                "",
                "学習カレンダーとトピック別の準備度（画像）",
                "your study calendar and topic readiness (a picture)",
                {TERMINAL, PRIVATE, SLACK},
            ),
            _form(
                "",
                "",
                "このグループの学習カレンダーと弱いトピック（画像）",
                "this group's calendar and weakest topics (a picture)",
                {GROUP},
            ),
            _form(
                "png <ファイル>",
                "png <file>",
                "画像をファイルに保存",
                "save the picture to a file",
                {TERMINAL},
            ),
        ),
        parse=parse_progress,
        menu={"ja": "学習カレンダーと準備度（画像）", "en": "Your progress as a picture"},
    ),
    Command(
        "exam",
        (
            _form(
                "YYYY-MM-DD|off",
                "YYYY-MM-DD|off",
                "試験日を設定（弱いトピックから出題）",
                "set your exam date (asks from your weakest topics)",
            ),
        ),
        parse=parse_exam,
        menu={
            "ja": "試験日を設定（YYYY-MM-DD / off）",
            "en": "Set your exam date (YYYY-MM-DD / off)",
        },
    ),
    Command(
        "drill",
        (
            _form("", "", "取り違えやすい組と正答率", "confusable pairs and your accuracy"),
            _form(
                "<組>",
                "<pair>",
                "その組を 5 問、交互に出題",
                "a 5-question drill alternating the pair",
            ),
        ),
        places=frozenset({TERMINAL, PRIVATE, SLACK}),
        parse=parse_topic,
        menu={"ja": "取り違えやすい組のドリル", "en": "Drill a confusable pair"},
    ),
    Command(
        "help",
        (_form("", "", "このヘルプ", "this help"),),
        menu={"ja": "使い方", "en": "How to use studybot"},
    ),
    Command("start", (_form("", "", "はじめる", "start"),), places=TELEGRAM, in_help=False),
    Command(
        "quit",
        (_form("", "", "終了", "leave"),),
        places=frozenset({TERMINAL}),
        aliases=("exit",),
    ),
)

_BY_NAME = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}


def find(name: str) -> Command | None:
    """The command called `name` (or one of its aliases), wherever it applies."""
    return _BY_NAME.get(name.lower())


def spelled(name: str, place: str) -> str:
    """How a person types the command in a place: `/daily`, or `/quiz daily` on Slack."""
    return f"/quiz {name}" if place == SLACK and name != "quiz" else f"/{name}"


def help_lines(lang: str, place: str) -> list[str]:
    """One line per form of every command that applies in `place`."""
    lines = []
    for command in COMMANDS:
        if not command.in_help or place not in command.places:
            continue
        for form in command.forms:
            if place not in form.places:
                continue
            usage = form.usage.get(lang) or form.usage["en"]
            call = f"{spelled(command.name, place)} {usage}".rstrip()
            lines.append(f"{call} — {form.help.get(lang) or form.help['en']}")
    return lines


def menu(lang: str) -> list[tuple[str, str]]:
    """Telegram's command menu: (command, description) in table order."""
    return [(c.name, c.menu[lang]) for c in COMMANDS if c.menu is not None]


__all__ = [
    "COMMANDS",
    "DailyChoice",
    "DeckAction",
    "ExamChoice",
    "Invalid",
    "ProgressChoice",
    "find",
    "help_lines",
    "menu",
    "parse_time",
    "spelled",
]
