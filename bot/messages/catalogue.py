"""Interface text in Japanese (the default) and English; adapters format it for their platform."""

from __future__ import annotations

from bot.messages import catalogue_decks, catalogue_progress

DEFAULT_LANGUAGE = "ja"

MESSAGES: dict[str, dict[str, str]] = {
    "ja": {
        "welcome": "studybot へようこそ！ AWS 学習メモの問題で練習しましょう。/help でコマンド一覧。",
        "help_header": "コマンド:",
        "answer_prompt": "番号で答えてください（1〜{n}）",
        "reason_due": "復習",
        "reason_new": "新しい問題",
        "reason_ahead": "前倒しの復習",
        "reason_group": "みんなで解こう",
        "correct": "✅ 正解！",
        "wrong": "❌ 不正解",
        "correct_option": "正解: {option}",
        "your_option": "あなたの答え: {option}",
        "explanation": "解説: {text}",
        "source": "出典: {source}「{section}」",
        "streak": "🔥 連続 {days} 日",
        "next_hint": "次の問題は /quiz",
        "already_answered": "この問題にはもう回答済みです。次の問題は /quiz",
        "already_yours": "回答済みです（あなたの回答: {option}）",
        "unknown_question": "この問題は見つかりません（古いボタンかもしれません）。/quiz で新しい問題をどうぞ。",
        "invalid_option": "1〜{n} の番号で答えてください。",
        "not_allowed": "この問題には回答できません（別の人か別のチャットの問題です）。",
        "no_pending": "回答する問題がありません。まず /quiz で問題を出してください。",
        "no_questions": "出題できる問題がありません。",
        "topic_not_found": "トピック「{query}」は見つかりません。使えるトピック:",
        "topics_header": "トピック一覧（問題数・習熟度）:",
        "topic_line": "{id} — {title}（{questions} 問、習熟度 {mastery:.0%}）",
        "topics_footer": "/quiz <トピックID> でそのトピックだけ出題します。",
        "stats": (
            "📊 成績\n"
            "回答数: {answered}\n"
            "正解数: {correct}\n"
            "正答率: {accuracy:.0%}\n"
            "連続学習: {current} 日（最高 {best} 日）\n"
            "今すぐ復習できる問題: {due} 問\n"
            "学習済みの問題: {reviewed} 問"
        ),
        "leaderboard_header": "🏆 ランキング（このチャット）",
        "leaderboard_week": "今週（{start} から）:",
        "leaderboard_all": "全期間:",
        "leaderboard_row": "{rank}. {name} — {points} 点（{answered} 問、正答率 {accuracy:.0%}）",
        "leaderboard_empty": "まだ誰も回答していません。",
        "lang_set": "表示言語を日本語にしました。",
        "lang_usage": "使い方: {cmd} ja または {cmd} en",
        "unknown_command": "「{command}」というコマンドはありません。/help で一覧を表示します。",
        "hint": "コマンドは /help で確認できます。問題に答えるときは番号を入力してください。",
        "too_long": "入力が長すぎます（最大 {limit} 文字）。",
        "bye": "おつかれさまでした！",
        "error": "すみません、エラーが発生しました。もう一度お試しください。",
        "group_answers": "👥 回答 {n} 人",
        "next_button": "次の問題 ▶",
        "start": "こんにちは、{name} さん！ studybot は AWS 学習メモの問題で毎日の練習を手伝います。",
        "daily_set": "毎日 {time}（{tz}）に今日の問題を送ります。止めるときは {cmd} off",
        "daily_off": "今日の問題の配信を止めました。",
        "daily_usage": "使い方: {cmd} HH:MM（例: {cmd} 08:30）または {cmd} off",
        "timezone_set": "タイムゾーンを {tz} にしました。",
        "timezone_bad": "「{tz}」はタイムゾーンとして認識できません。Asia/Tokyo のように「地域/都市」で指定してください。",
        "timezone_usage": "使い方: {cmd} 地域/都市（例: {cmd} Asia/Tokyo）。現在: {tz}",
        "export_caption": "あなたのデータ（JSON）です。",
        "private_only": "このコマンドはボットとの個別チャットで使ってください。",
        "forget_confirm": "あなたの回答履歴・成績・設定をすべて削除します。よろしいですか？",
        "forget_yes": "削除する",
        "forget_no": "やめる",
        "forget_done": "すべてのデータを削除しました。また使うときは /start からどうぞ。",
        "forget_nothing": "保存されているデータはありません。",
        "forget_cancelled": "削除を取り消しました。",
        "edited_ignored": "編集されたメッセージには反応しません。もう一度送ってください。",
        "invalid_button": "このボタンは使えません。/quiz で新しい問題をどうぞ。",
        "group_quiz_hint": "ボタンで答えてください。結果はあなたにだけ表示されます。",
        "not_in_channel": "このチャンネルにはまだ studybot がいません。`/invite @studybot` で招待してから、もう一度 /quiz を試してください。",
        "home_start": "DM でクイズを始める",
        "daily_header": "📅 今日の問題",
        "daily_result": "昨日の問題の結果: {answered} 人が回答、正解した人: {names}\n正解: {option}",
        "daily_result_nobody": "なし",
        "last_week": "先週のランキング",
        "home_topics": "*トピック別の習熟度*",
        "home_topic": "• {title}: {mastered}/{questions}",
        "daily_bad_time": "「{value}」は時刻として認識できません（00:00〜23:59）。使い方: {cmd} HH:MM（例: {cmd} 08:30）または {cmd} off",
        "daily_not_set": "今日の問題は設定されていなかったので、止めるものはありません。",
        "daily_current": "今日の問題: 毎日 {time}（{tz}）。変更は {cmd} HH:MM、停止は {cmd} off",
        "daily_none": "今日の問題は設定されていません。{cmd} HH:MM（例: {cmd} 08:30）で設定できます。",
        "daily_set_terminal": "今日の問題を毎日 {time}（{tz}）に設定しました。ターミナルは自分から送信できないので、{time} 以降に studybot chat を次に起動したときに出題します。止めるときは {cmd} off",
        "forget_not_yours": "このボタンはデータの削除を依頼した本人だけが使えます。",
        "anonymous_sender": "送信者が分からないため応答できません（匿名の管理者やチャンネルとしての投稿）。ご自身のアカウントから送ってください。",
        "reason_drill": "ドリル",
        "drill_list_header": "取り違えやすい組（あなたの正答率）:",
        "drill_list_line": "{id} — {title}（{labels}）: {score}",
        "drill_list_score": "正答率 {accuracy:.0%}（{answered} 回答）",
        "drill_list_untried": "まだ回答なし",
        "drill_list_footer": "{cmd} <組のID> で {n} 問のドリル（2 つを交互に出題）",
        "drill_none": "このチャットで練習できる組はありません。",
        "drill_not_found": "組「{query}」は見つかりません。練習できる組:",
        "drill_unavailable": "「{title}」の問題はこのチャットでは出題できません（そのトピックが使えません）。{cmd} で練習できる組を表示します。",
        "drill_header": "🔁 ドリル「{title}」 {step}/{total}",
        "drill_resumed": "（中断していた問題の続きです）",
        "drill_end": "🔁 ドリル「{title}」おわり: {correct}/{total} 問正解",
        "drill_side": "• {label}: {use}",
        "drill_clue": "決め手: {clue}",
        "drill_again": "もう一度: {cmd} {id}　一覧: {cmd}",
        "drill_hint": "復習待ちの問題はありません — {cmd} {pair} で取り違えやすい組を練習しましょう",
        "drill_private": "ドリルはボットとの個別チャットでどうぞ。",
        "drill_in_dm": "ドリルを studybot との DM で始めました。",
    },
    "en": {
        "welcome": "Welcome to studybot! Practise with questions from the AWS study memo. /help lists the commands.",
        "help_header": "Commands:",
        "answer_prompt": "Answer with a number (1–{n})",
        "reason_due": "review",
        "reason_new": "new question",
        "reason_ahead": "early review",
        "reason_group": "for everyone",
        "correct": "✅ Correct!",
        "wrong": "❌ Wrong",
        "correct_option": "Answer: {option}",
        "your_option": "Your answer: {option}",
        "explanation": "Why: {text}",
        "source": "Source: {source} “{section}”",
        "streak": "🔥 {days}-day streak",
        "next_hint": "Next question: /quiz",
        "already_answered": "You have already answered this question. Next one: /quiz",
        "already_yours": "Already answered (your answer: {option})",
        "unknown_question": "That question no longer exists (maybe an old button). Try /quiz for a new one.",
        "invalid_option": "Please answer with a number from 1 to {n}.",
        "not_allowed": "You can't answer this question (it belongs to someone else or another chat).",
        "no_pending": "There is no question to answer. Start with /quiz.",
        "no_questions": "There are no questions to ask.",
        "topic_not_found": "No topic called “{query}”. Topics you can use:",
        "topics_header": "Topics (questions, mastery):",
        "topic_line": "{id} — {title} ({questions} questions, mastery {mastery:.0%})",
        "topics_footer": "/quiz <topic id> asks from that topic only.",
        "stats": (
            "📊 Your results\n"
            "Answered: {answered}\n"
            "Correct: {correct}\n"
            "Accuracy: {accuracy:.0%}\n"
            "Streak: {current} days (best {best})\n"
            "Due for review now: {due}\n"
            "Questions studied: {reviewed}"
        ),
        "leaderboard_header": "🏆 Leaderboard (this chat)",
        "leaderboard_week": "This week (since {start}):",
        "leaderboard_all": "All time:",
        "leaderboard_row": "{rank}. {name} — {points} pts ({answered} answered, {accuracy:.0%} right)",
        "leaderboard_empty": "Nobody has answered yet.",
        "lang_set": "Interface language set to English.",
        "lang_usage": "Usage: {cmd} ja or {cmd} en",
        "unknown_command": "There is no command “{command}”. /help lists them.",
        "hint": "See /help for commands. To answer a question, type its number.",
        "too_long": "That message is too long (at most {limit} characters).",
        "bye": "Good work today!",
        "error": "Sorry, something went wrong. Please try again.",
        "group_answers": "👥 {n} answered",
        "next_button": "Next question ▶",
        "start": "Hello, {name}! studybot helps you practise every day with questions from the AWS study memo.",
        "daily_set": "You will get a question of the day at {time} ({tz}). Stop with {cmd} off",
        "daily_off": "The question of the day is switched off.",
        "daily_usage": "Usage: {cmd} HH:MM (e.g. {cmd} 08:30) or {cmd} off",
        "timezone_set": "Time zone set to {tz}.",
        "timezone_bad": "“{tz}” is not a time zone I know. Use Area/City, like Asia/Tokyo or Europe/Berlin.",
        "timezone_usage": "Usage: {cmd} Area/City (e.g. {cmd} Europe/Berlin). Now: {tz}",
        "export_caption": "Your data (JSON).",
        "private_only": "Please use this command in a private chat with the bot.",
        "forget_confirm": "This deletes all your answers, results and settings. Are you sure?",
        "forget_yes": "Delete",
        "forget_no": "Cancel",
        "forget_done": "All your data is deleted. Send /start to begin again.",
        "forget_nothing": "Nothing is stored about you.",
        "forget_cancelled": "Nothing was deleted.",
        "edited_ignored": "I don't act on edited messages. Please send it again.",
        "invalid_button": "That button doesn't work. Try /quiz for a new question.",
        "group_quiz_hint": "Answer with the buttons; your result is shown only to you.",
        "not_in_channel": "studybot is not in this channel yet. Invite it with `/invite @studybot`, then try /quiz again.",
        "home_start": "Start a quiz in DM",
        "daily_header": "📅 Question of the day",
        "daily_result": "Yesterday's question: {answered} answered; right: {names}\nAnswer: {option}",
        "daily_result_nobody": "nobody",
        "last_week": "Last week's leaderboard",
        "home_topics": "*Mastery by topic*",
        "home_topic": "• {title}: {mastered}/{questions}",
        "daily_bad_time": "“{value}” is not a time of day (00:00–23:59). Usage: {cmd} HH:MM (e.g. {cmd} 08:30) or {cmd} off",
        "daily_not_set": "No question of the day was set, so there is nothing to switch off.",
        "daily_current": "Question of the day: every day at {time} ({tz}). Change it with {cmd} HH:MM, stop it with {cmd} off",
        "daily_none": "No question of the day is set. Set one with {cmd} HH:MM (e.g. {cmd} 08:30).",
        "daily_set_terminal": "Your question of the day is set for {time} ({tz}) every day. The terminal cannot send you anything by itself: the question is asked the next time you start studybot chat at or after {time}. Stop with {cmd} off",
        "forget_not_yours": "Only the person who asked to delete their data can use this button.",
        "anonymous_sender": "I can't tell who sent this (it was posted anonymously or as a channel). Please send it from your own account.",
        "reason_drill": "drill",
        "drill_list_header": "Confusable pairs (your accuracy):",
        "drill_list_line": "{id} — {title} ({labels}): {score}",
        "drill_list_score": "{accuracy:.0%} right ({answered} answers)",
        "drill_list_untried": "not tried yet",
        "drill_list_footer": "{cmd} <pair id> runs a {n}-question drill alternating the two",
        "drill_none": "There are no pairs to drill here.",
        "drill_not_found": "No pair called “{query}”. Pairs you can drill:",
        "drill_unavailable": "The questions of “{title}” can't be asked here (their topics are not available). {cmd} lists the pairs you can drill.",
        "drill_header": "🔁 Drill “{title}” {step}/{total}",
        "drill_resumed": "(where you left off)",
        "drill_end": "🔁 Drill “{title}” done: {correct}/{total} right",
        "drill_side": "• {label}: {use}",
        "drill_clue": "The deciding clue: {clue}",
        "drill_again": "Again: {cmd} {id}   All pairs: {cmd}",
        "drill_hint": "Nothing due — try {cmd} {pair} on a pair you confuse",
        "drill_private": "Drills run in a private chat with the bot.",
        "drill_in_dm": "The drill started in your DM with studybot.",
    },
}


for _part in (catalogue_decks.MESSAGES, catalogue_progress.MESSAGES):
    for _language, _texts in _part.items():
        MESSAGES[_language].update(_texts)


def language_for(chosen: str | None, client: str | None = None) -> str:
    """The one fall-back rule for the interface language: the learner's own choice; else their
    chat client's language when it tells one (Japanese for ja*, English for any other); else
    Japanese, the language of the decks."""
    if chosen in MESSAGES:
        return chosen
    if client:
        return "ja" if client.lower().startswith("ja") else "en"
    return DEFAULT_LANGUAGE


def tr(language: str | None, key: str, **values: object) -> str:
    """The message `key` in `language` (an unknown one reads Japanese), formatted with `values`."""
    table = MESSAGES.get(language or DEFAULT_LANGUAGE, MESSAGES[DEFAULT_LANGUAGE])
    return table[key].format(**values)
