"""CSV import for people coming from spreadsheets and flashcard apps."""

from __future__ import annotations

from content.loader import load_deck
from tests.content.importer.support import studybot_import

GOOD = """\
topic,question,options,answer,explanation
Queues,Which service keeps messages until a consumer polls?,SQS|SNS|EventBridge,0,SQS is a queue.
Queues,Which service pushes to subscribers?,SQS|SNS,1,
"Streams, Kinesis","Which one buffers and delivers to S3?
(two lines)",Data Streams|Firehose,1,Firehose delivers.
Streams,Firehose can deliver to Splunk.,,true,It can.
"""


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_good_rows_make_a_deck(tmp_path, capsys):
    source = write(tmp_path, "cards.csv", GOOD)
    out = tmp_path / "cards.yaml"
    assert studybot_import(source, "--csv", "--out", out) == 0
    deck = load_deck(out).deck
    assert deck.id == "cards" and deck.language == "en"
    assert [t.title for t in deck.topics] == ["Queues", "Streams, Kinesis", "Streams"]
    first, second, third, fourth = deck.questions
    assert first.options == ["SQS", "SNS", "EventBridge"] and first.answer == 0
    assert second.explanation == "Answer: SNS"
    assert third.prompt == "Which one buffers and delivers to S3?\n(two lines)"
    assert third.source_lines == [4, 5]
    assert fourth.type == "true_false" and fourth.answer is True and fourth.options is None
    assert fourth.source_lines == [6, 6]
    assert "wrote" in capsys.readouterr().out


def test_bad_rows_are_reported_with_their_line_and_left_out(tmp_path, capsys):
    text = (
        GOOD
        + "Queues,Too few columns\n"  # line 7
        + "Queues,Answer out of range?,A|B,2,x\n"  # line 8
        + "Queues,Answer not a number?,A|B,first,x\n"  # line 9
        + "Queues,Same options?,A|a,0,x\n"  # line 10
        + "Queues,One option?,A,0,x\n"  # line 11
        + ",No topic,A|B,0,x\n"  # line 12
        + "Queues,Which service keeps messages until a consumer polls?,SQS|SNS|EventBridge,0,\n"
    )
    source = write(tmp_path, "cards.csv", text)
    out = tmp_path / "cards.yaml"
    assert studybot_import(source, "--csv", "--out", out) == 0
    err = capsys.readouterr().err
    assert f"{source}:7: 2 columns; expected 5" in err
    assert f"{source}:8: answer 2 is out of range 0–1" in err
    assert f"{source}:9: answer 'first' is not an option number" in err
    assert f"{source}:10: two options are the same" in err
    assert f"{source}:11: 1 option(s); a question needs 2–6" in err
    assert f"{source}:12: the topic is empty" in err
    assert f"{source}:13: the same question as line 2" in err
    assert "Traceback" not in err
    assert len(load_deck(out).deck.questions) == 4


def test_tab_separated_japanese_export(tmp_path):
    text = "トピック\tquestion\toptions\tanswer\texplanation\nSQS\tキューはどれ？\tSQS|SNS\t0\t\n"
    source = write(tmp_path, "anki.tsv", text)
    out = tmp_path / "anki.yaml"
    assert studybot_import(source, "--csv", "--out", out) == 0
    deck = load_deck(out).deck
    assert deck.language == "ja" and deck.questions[0].explanation == "正解: SQS"


def test_a_csv_with_no_usable_row_writes_nothing(tmp_path, capsys):
    source = write(tmp_path, "bad.csv", "a,b\nc,d\n")
    out = tmp_path / "bad.yaml"
    assert studybot_import(source, "--csv", "--out", out) == 2
    err = capsys.readouterr().err
    assert f"{source}:1: 2 columns" in err and "no usable rows" in err
    assert not out.exists()


def test_reimporting_a_csv_retires_removed_rows(tmp_path):
    source = write(tmp_path, "cards.csv", GOOD)
    out = tmp_path / "cards.yaml"
    assert studybot_import(source, "--csv", "--out", out) == 0
    before = {q.id for q in load_deck(out).deck.questions}
    write(tmp_path, "cards.csv", "\n".join(GOOD.split("\n")[:3]) + "\n")
    assert studybot_import(source, "--csv", "--out", out) == 0
    after = {q.id for q in load_deck(out).deck.questions}
    assert after < before and len(after) == 2
    assert all(f"#   - {qid}" in out.read_text(encoding="utf-8") for qid in before - after)
