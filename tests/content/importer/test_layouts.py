"""The reader on the layouts note apps export: one section tree, whatever the markup."""

from __future__ import annotations

from content.importer import leaks, terms
from content.importer.build import build
from content.importer.lines import Kind, classify, strip_numbering
from content.importer.markup import clean, has_markup
from content.importer.parser import parse
from tests.content.importer.support import ALL_MEMOS, HERE, read_and_build

LAYOUT = HERE / "layouts" / "notion-toggles.md"


def test_toggles_three_deep_callouts_and_page_properties():
    memo, made = read_and_build(LAYOUT.read_text(encoding="utf-8"))
    queues = memo.topics[0]
    assert queues.title == "Queues and topics"  # "## 1." is not part of the title
    assert [c.title for c in queues.children] == ["SQS", "SNS", "Fan-out"]
    assert [c.title for c in queues.children[0].children] == ["What it is", "Limits"]
    assert [i.text for i in queues.children[0].children[0].items] == [
        "A managed message queue that consumers poll",
        "Messages wait until a consumer deletes them",
    ]
    assert queues.children[2].form == "callout"
    texts = [i.text for t in memo.topics for _, i in t.all_items()]
    assert not any("Tags" in t or "Last edited" in t or "read the FIFO" in t for t in texts)
    # The toggles compare: each is an option for the lines under the other, with the
    # facet heading ("What it is") as context, not as the answer.
    which = [d for _, d in made.drafts if d.kind == "which"]
    assert {d.options for d in which} == {("SQS", "SNS")}
    assert all(d.clue.startswith(("What it is — ", "Limits — ")) for d in which)


def test_definition_lists_bold_terms_and_self_quiz_pairs():
    memo, made = read_and_build(LAYOUT.read_text(encoding="utf-8"))
    items = {i.text: i for _, i in memo.topics[0].all_items()}
    term = items[
        "Visibility timeout: how long a received message stays hidden from other consumers"
    ]
    assert (term.no, term.end, term.term) == (25, 26, "Visibility timeout")
    assert items["Dead-letter queue: a queue that keeps messages that failed too often"].term
    blanks = {d.options[d.answer]: d for _, d in made.drafts if d.kind == "blank"}
    timeout = blanks["Visibility timeout"]
    # Wrong options are SQS settings (the shipped vocabulary), not section titles.
    assert "Limits" not in timeout.options and "Fan-out" not in timeout.options
    assert (
        sum(
            o
            in (
                "Delivery delay",
                "Dead-letter queue",
                "Receive message wait time",
                "Message retention period",
                "Long polling",
                "Short polling",
                "Maximum message size",
            )
            for o in timeout.options
        )
        >= 2
    )
    quiz = [d for _, d in made.drafts if d.kind == "qa"]
    assert [d.prompt for d in quiz] == [
        "Which service pushes messages to subscribers?",
        "Which service do consumers poll?",
    ]
    assert quiz[0].options[quiz[0].answer] == "SNS" and "SQS" in quiz[0].options


def test_column_tables_chains_code_and_wrapped_paragraphs():
    memo, made = read_and_build(LAYOUT.read_text(encoding="utf-8"))
    delivery = memo.topics[1]
    rows = [d for _, d in made.drafts if d.topic is delivery and d.kind == "row"]
    assert rows and all(d.options == ("SQS", "SNS") for d in rows)
    assert any("Model" in d.prompt or "Retention" in d.prompt for d in rows)
    chain = next(d for _, d in made.drafts if d.kind == "blank" and "→" in d.clue)
    assert chain.clue.count("→") == 3 and "_____" in chain.clue
    assert all(terms.norm(o) not in ("s3", "sqs") for o in chain.options if o != "SNS")
    paragraph = next(i for _, i in delivery.all_items() if i.text.startswith("Long polling"))
    assert paragraph.text.endswith("before the call returns.") and paragraph.end > paragraph.no
    sources = {d.first for _, d in made.drafts}
    code = [i.no for _, i in delivery.all_items() if i.kind == "code"]
    assert code and not set(code) & sources


def test_front_matter_obsidian_markup_and_numbered_titles():
    text = (
        "---\ntags: [aws]\ncreated: 2026-11-18\n---\n# RDS 🐘\n\n"
        "> [!tip] 覚え方\n> ==Multi-AZ== は [[可用性|HA]] 用 #試験\n\n"
        "第1章 ストレージ\n\n## 2.1 EBS\n- gp3 → 汎用 SSD\n\n1) 手順 A\n2) 手順 B\n"
    )
    lines = classify(text.split("\n"))
    assert [ln.kind for ln in lines[:4]] == [Kind.PROPERTY] * 4
    memo = parse(text, "rds")
    assert memo.title == "RDS"
    callout = memo.topics[0]
    assert callout.title == "覚え方" and callout.items[0].text == "Multi-AZ は HA 用"
    # "第1章 ストレージ" heads nothing of its own: no topic, and it takes no id from "EBS".
    assert [t.title for t in memo.topics] == ["覚え方", "EBS"]
    assert strip_numbering("1. VPC endpoints") == "VPC endpoints"
    assert strip_numbering("5.1 Site-to-Site VPN") == "Site-to-Site VPN"
    assert strip_numbering("第3章 オーケストレーション") == "オーケストレーション"
    assert strip_numbering("(2) 呼び出しタイプ") == "呼び出しタイプ"
    assert strip_numbering("3 つのポイント") == "3 つのポイント"  # a number in the title stays


def test_markup_and_emoji_never_reach_a_learner():
    assert clean("**Gateway** is ==free== [[S3|Amazon S3]] 🚀 `x` <br>y") == (
        "Gateway is free Amazon S3 x y"
    )
    for path in [*ALL_MEMOS, LAYOUT]:
        _, made = read_and_build(path.read_text(encoding="utf-8"), path.stem)
        for qid, draft in made.drafts:
            shown = [draft.prompt, draft.explanation, *(draft.options or ())]
            assert not any(has_markup(text) for text in shown), (path.name, qid, shown)


def test_leaks_are_found_by_word_stem_in_english_and_japanese():
    assert leaks.gives_away("the resource decides who may call it", "resource-based policy", [])
    assert leaks.gives_away("Replicates to another Region", "Cross-Region replication", [])
    assert leaks.gives_away("株式取引の売買データを秒単位で集計", "リアルタイム集計", [])
    assert leaks.gives_away("本番のコピー（グリーン）で試す", "Blue/Green デプロイ", [])
    assert leaks.gives_away("aws:PrincipalTag で制御", "ABAC（タグで権限制御）", [])
    assert leaks.gives_away("DAX is an in-memory cache", "DynamoDB Accelerator", [])
    assert leaks.gives_away("シングルテナントの HSM を自分で管理", "CloudHSM", ["KMS"])
    assert leaks.gives_away("EMRFS で S3 をストレージに使う", "EMR", ["Athena", "Redshift"])
    assert leaks.gives_away("the standby is readable", "Read replica", ["Multi-AZ"])
    assert leaks.gives_away("同時クエリが増えたら自動で追加", "Concurrency Scaling", ["RA3"])
    assert leaks.gives_away("2 点間の到達性を解析するツール", "Reachability Analyzer", ["ENI"])
    assert leaks.gives_away("キャッシュ層を足してオリジンの負荷を下げる", "Origin Shield", ["WAF"])
    wcu = "WCU（書き込みキャパシティユニット）"
    assert leaks.gives_away(
        "強い整合性の読み込み 1 回/秒", "RCU（読み込みキャパシティユニット）", [wcu]
    )
    assert leaks.gives_away("TransactWriteItems、最大 100 アイテム", "トランザクション", ["TTL"])
    assert leaks.gives_away("その場で過去に巻き戻す（最大 72 時間）", "Backtrack", ["クローン"])
    assert leaks.gives_away("s3:BypassGovernanceRetention で削除", "ガバナンスモード", [])
    assert leaks.gives_away("重みの割合で振り分け", "加重 (Weighted)", ["レイテンシー"])
    assert leaks.gives_away("遅延が一番小さいリージョン", "レイテンシー", ["フェイルオーバー"])
    assert leaks.gives_away("テンプレートをカスタマイズ", "Account Factory Customization", ["AFT"])
    # A word an acronym stands for, or its translation, names the answer too.
    assert leaks.gives_away("1KB までの書き込みを毎秒 1 回", "WCU", ["RCU"])
    assert leaks.gives_away("仕組みはサブネット内の ENI", "インターフェイス型", ["ゲートウェイ型"])
    assert leaks.gives_away("予算を決めて超えたら通知", "AWS Budgets", ["Cost Explorer"])
    assert leaks.gives_away("DB に書くときにキャッシュも更新", "ライトスルー", ["TTL"])
    assert leaks.gives_away("使った分だけ自動で伸縮", "Elastic", ["プロビジョンド"])
    assert leaks.gives_away("DX ゲートウェイ経由で Transit Gateway へ", "トランジット VIF", [])
    assert leaks.gives_away("パラメータポリシーで有効期限", "Parameter Store", ["Secrets Manager"])
    # A word every option shares tells nothing.
    assert not leaks.gives_away("one per endpoint", "Gateway endpoints", ["Interface endpoints"])
    assert not leaks.gives_away("Only for Amazon S3 and DynamoDB", "Gateway endpoints", [])


def test_wiki_double_colon_definitions_leave_no_stray_colon():
    text = (
        "# Lambda\n\n## Concurrency\n"
        "Reserved concurrency :: sets a maximum and a guaranteed amount for one function\n"
        "Provisioned concurrency :: keeps environments initialized in advance\n"
        "SnapStart :: resumes new environments from a snapshot of an initialized one\n"
    )
    _, made = read_and_build(text)
    blanks = [d for _, d in made.drafts if d.kind == "blank"]
    assert blanks, [d.prompt for _, d in made.drafts]
    assert all(": :" not in d.prompt and "::" not in d.prompt for _, d in made.drafts)
    assert any("“_____: sets a maximum" in d.prompt for d in blanks)


def test_a_self_quiz_question_that_offers_two_candidates_asks_between_them():
    text = (
        "# Secrets\n\n## Rotation\n"
        "Q: RDS のパスワードを30日ごとに自動で変えたい。"
        "Parameter Store と Secrets Manager のどっち？\n"
        "A: Secrets Manager。Parameter Store には自動ローテーションの機能がない。\n"
    )
    _, made = read_and_build(text)
    (quiz,) = [d for _, d in made.drafts if d.kind == "qa"]
    assert set(quiz.options) == {"Parameter Store", "Secrets Manager"}  # not RDS: the subject
    assert quiz.options[quiz.answer] == "Secrets Manager"


def test_a_table_whose_corner_names_the_rows_kind_compares_its_columns():
    text = (
        "# Secrets\n\n## Parameter Store との違い\n"
        "| 項目 | Secrets Manager | Parameter Store |\n|---|---|---|\n"
        "| 料金 | シークレットごとに月額 0.40 USD | 標準パラメータは無料 |\n"
        "| 自動ローテーション | あり | なし（自分で仕組みを作る） |\n"
        "| サイズ上限 | 64 KB | 標準 4 KB、アドバンスト 8 KB |\n"
    )
    _, made = read_and_build(text)
    rows = [d for _, d in made.drafts if d.kind == "row"]
    assert rows, [(d.kind, d.prompt) for _, d in made.drafts]
    assert all(set(d.options) == {"Secrets Manager", "Parameter Store"} for d in rows)
    # The aspects are never the options.
    assert not any("料金" in (d.options or ()) for _, d in made.drafts)


def test_a_blank_on_a_figure_offers_only_terms_with_figures_of_its_kind():
    text = (
        "# Lambda\n\n## Limits\n"
        "- Timeout: max 900 seconds (15 minutes)\n"
        "- Ephemeral storage: 512 MB by default, up to 10,240 MB\n"
        "- Deployment package: 50 MB zipped, 250 MB unzipped\n"
        "- Environment variables: 4 KB in total\n"
        "- Layers: up to 5 per function\n"
    )
    _, made = read_and_build(text)
    blanks = {d.options[d.answer]: set(d.options) for _, d in made.drafts if d.kind == "blank"}
    sizes = {"Ephemeral storage", "Deployment package", "Environment variables"}
    assert blanks["Environment variables"] <= sizes, blanks
    # The only time in the run: any option beside it is picked out by its form.
    assert "Timeout" not in blanks, blanks


def test_options_that_are_one_answer_once_the_aside_goes_are_never_offered_together():
    text = (
        "# Containers\n\n## Which one?\n"
        '- "Run containers without managing servers" -> Fargate (with ECS)\n'
        '- "Existing Kubernetes manifests" -> EKS\n'
        '- "A job longer than 15 minutes" -> ECS task on Fargate\n'
    )
    _, made = read_and_build(text)
    for _, draft in made.drafts:
        assert not {"Fargate (with ECS)", "ECS task on Fargate"} <= set(draft.options or ())


def test_numbered_subsections_that_are_subtopics_are_not_options():
    text = (
        "# Secrets\n\n## Secrets Manager\n"
        "(1) 何ができるか\n- シークレットは必ず KMS キーで暗号化される\n- API キーも保存できる\n"
        "(2) ローテーションの流れ\n- createSecret → setSecret → testSecret → finishSecret\n"
        "(3) 削除\n- 削除は 7〜30 日の待機期間のあと\n"
    )
    memo, made = read_and_build(text)
    kids = [c.title for c in memo.topics[0].children]
    assert kids == ["何ができるか", "ローテーションの流れ", "削除"], kids
    assert not any(set(d.options or ()) & set(kids) for _, d in made.drafts)


def test_dash_definitions_and_definition_bullets_with_notes_keep_their_facts():
    text = (
        "# Lambda\n\n## Invocation models\n"
        "- Synchronous - the caller waits for the response\n"
        "  - errors go back to the caller, which has to retry by itself\n"
        "- Asynchronous - Lambda puts the event in an internal queue and returns at once\n"
        "  - failed events are retried twice by default\n"
        "- Event source mapping - Lambda polls the source and invokes the function\n"
        "  - for streams a failed batch blocks its shard\n"
    )
    memo, made = read_and_build(text)
    (models,) = memo.topics
    # Each bullet heads its notes by its term, and its own fact stays a line of the list.
    assert [c.title for c in models.children] == [
        "Synchronous",
        "Asynchronous",
        "Event source mapping",
    ]
    assert [i.text.split(" - ")[0] for i in models.items] == [c.title for c in models.children]
    blanks = {d.options[d.answer]: d for _, d in made.drafts if d.kind == "blank"}
    assert "“_____: the caller waits for the response”" in blanks["Synchronous"].prompt
    # "Asynchronous" holds "synchronous" only as part of a longer word: a fair rival.
    assert "Asynchronous" in blanks["Synchronous"].options


def test_a_chain_keeps_the_label_that_says_what_it_is_the_order_of():
    text = (
        "# Events\n\n## Pipes\n"
        "- EventBridge Pipes connects one source to one target: "
        "source → filter → enrichment → target\n"
        "- Pipes can filter events before they reach the enrichment step\n"
    )
    _, made = read_and_build(text)
    (order,) = [d for _, d in made.drafts if d.kind == "truefalse" and "→" in d.clue]
    assert order.clue.startswith("EventBridge Pipes connects one source to one target: ")


def test_a_self_quiz_question_a_yes_or_no_answers_is_asked_as_written():
    text = (
        "# KMS\n\n## Deleting keys\n"
        "- A KMS key is deleted only after a waiting period of 7 to 30 days\n\n"
        "## Self-check\n"
        "Q: KMS キーを削除したらすぐに消える？\n"
        "A: 消えない。7〜30 日の待機期間があって、その間はキャンセルできる。\n"
        "Q: 別のリージョンに暗号化したデータをコピーして復号したい。何を使う？\n"
        "A: マルチリージョンキー。レプリカキーが同じキーマテリアルを持っている。\n"
    )
    _, made = read_and_build(text)
    quiz = {d.prompt: d for _, d in made.drafts if d.kind == "qa"}
    asked = quiz["KMS キーを削除したらすぐに消える？"]
    assert asked.options == ("はい", "いいえ") and asked.answer == 1
    assert "7〜30 日の待機期間" in asked.explanation
    # "何を使う？" asks for a thing: a yes or a no never answers it.
    assert not any(d.options == ("はい", "いいえ") for p, d in quiz.items() if "何を" in p)


def test_chapters_that_each_pair_two_things_are_no_alternatives():
    text = (
        "# サーバーレス\n\n## Lambda\n### 制限値\n- タイムアウト：最大 15 分\n\n"
        "## API Gateway\n"
        "### REST API と HTTP API\n- REST API はレスポンスキャッシュあり\n- HTTP API は安い\n"
        "### タイムアウトとスロットリング\n- ペイロード上限 10 MB\n- 統合タイムアウト 29 秒\n"
        "### ステージとデプロイ\n- ステージ変数で呼び出し先を切り替え\n"
    )
    made = build(parse(text, "apigw"), "deck", "apigw.md")
    offered = {o for _, d in made.drafts for o in d.options}
    assert not offered & {"タイムアウトとスロットリング", "ステージとデプロイ"}, offered


def test_plain_titles_after_blank_lines_stay_topics_whatever_they_name():
    text = (
        "DB まとめ\n通勤中に見返す用\n\n"
        "DynamoDB\n・オンデマンドとプロビジョンドの2つのキャパシティモード\n"
        "・項目サイズは最大 400 KB\n\n"
        "GSIとLSI\n・LSI（ローカルセカンダリインデックス）\n - テーブル作成時にしか作れない\n"
        "・GSI（グローバルセカンダリインデックス）\n - いつでも作成・削除できる\n\n"
        "DAX（DynamoDB Accelerator）について\n・DynamoDB 専用のインメモリキャッシュ\n"
        "・書き込みはライトスルー\n\n"
        "グローバルテーブル\n・マルチリージョン、マルチアクティブ\n・最後の書き込みが勝つ\n"
    )
    memo = parse(text, "db")
    titles = [t.title for t in memo.topics]
    dax = "DAX（DynamoDB Accelerator）について"
    assert titles[-4:] == ["DynamoDB", "GSIとLSI", dax, "グローバルテーブル"]
