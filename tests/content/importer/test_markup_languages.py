"""Memos written in AsciiDoc, reStructuredText, Confluence and MediaWiki markup and Roam: the
sections an author wrote are the topics, their lines are read without the language's
marks, and line numbers stay those of the memo."""

from __future__ import annotations

import pytest

from content.importer import residue
from content.importer.dialects import as_markdown
from tests.content.importer.support import read_and_build

ASCIIDOC = """= Messaging notes
:toc:
:icons: font

== SQS

Standard queue:: at-least-once delivery, best-effort ordering
FIFO queue:: exactly-once processing, 300 messages per second without batching
* Visibility timeout: *30 seconds* by default, up to 12 hours
* Long polling: waits up to 20 seconds for a message

NOTE: a message is kept for 4 days by default, up to 14 days.

== SNS

* Topic: pushes each message to every subscriber
* Filter policy: a subscriber receives only the messages whose attributes match
* FIFO topic: delivers only to SQS FIFO queues

[source,bash]
----
aws sns publish --topic-arn "$TOPIC" --message hello
----

== EventBridge

|===
| Part | What it does

| Event bus
| receives events from AWS services, apps and SaaS partners

| Rule
| matches events by pattern and sends them to targets

| Pipe
| connects one source to one target, with filtering and enrichment
|===
"""

RST = """=================
Messaging notes
=================

:Exam: SAA-C03

SQS
---

Standard queue
    At-least-once delivery, best-effort ordering.
FIFO queue
    Exactly-once processing, 300 messages per second
    without batching.

- Visibility timeout: 30 seconds by default, up to 12 hours.
- Long polling: waits up to 20 seconds, uses ``ReceiveMessageWaitTimeSeconds``.

.. note::
   A message is kept for 4 days by default, up to 14 days.

SNS
---

- Topic: pushes each message to every subscriber.
- Filter policy: a subscriber receives only matching messages.
- FIFO topic: delivers only to SQS FIFO queues.

.. code-block:: bash

   aws sns publish --topic-arn "$TOPIC" --message hello

EventBridge
-----------

+-----------+------------------------------------------+
| Part      | What it does                             |
+===========+==========================================+
| Event bus | receives events from AWS services, apps  |
|           | and SaaS partners                        |
+-----------+------------------------------------------+
| Rule      | matches events by pattern and sends them |
|           | to targets                               |
+-----------+------------------------------------------+
| Pipe      | connects one source to one target        |
+-----------+------------------------------------------+

Scheduler
~~~~~~~~~

- EventBridge Scheduler: one-time or recurring schedules, up to millions of them.
"""

CONFLUENCE = """h1. Messaging notes

{info}Personal notes for the SAA exam.{info}

h2. SQS

* *Standard queue*: at-least-once delivery, best-effort ordering
* *FIFO queue*: exactly-once processing, 300 messages per second without batching
* Visibility timeout: {{30}} seconds by default, up to 12 hours
* Long polling: waits up to 20 seconds for a message

h2. SNS

* Topic: pushes each message to every subscriber
* Filter policy: a subscriber receives only the messages whose attributes match
* FIFO topic: delivers only to SQS FIFO queues

{code:language=bash}
aws sns publish --topic-arn "$TOPIC" --message hello
{code}

h2. EventBridge

||Part||What it does||
|Event bus|receives events from AWS services, apps and SaaS partners|
|Rule|matches events by pattern and sends them to targets|
|Pipe|connects one source to one target, with filtering and enrichment|

{note}
Scheduler runs one-time or recurring schedules.
{note}
"""

ROAM = """- Tags:: #[[SAA]] #messaging [[SQS]]
- Source:: [[AWS docs]]
- **SQS** #SAA
    - Standard queue: at-least-once delivery, best-effort ordering
    - FIFO queue: exactly-once processing, ^^300 messages per second^^ without batching
    - Visibility timeout: 30 seconds by default, up to 12 hours ((a1B2c3D4e))
    - Long polling: waits up to 20 seconds for a message
- **SNS** #SAA
    - Topic: pushes each message to every subscriber
    - Filter policy: a subscriber receives only the messages whose attributes match
    - FIFO topic: delivers only to SQS FIFO queues
    - {{[[TODO]]}} check the SNS message size limit
"""

MEDIAWIKI = """{{Note|Copied from the team wiki page [[Study/Messaging|Messaging]].}}
'''Messaging notes'''
__TOC__

== SQS ==
; Standard queue : at-least-once delivery, best-effort ordering
; FIFO queue : exactly-once processing, 300 messages per second without batching
* Visibility timeout: '''30 seconds''' by default, up to 12 hours<ref>AWS docs, SQS quotas</ref>
* Long polling: waits up to 20 seconds for a message

== SNS ==
* Topic: pushes each message to every subscriber
* Filter policy: a subscriber receives only the messages whose attributes match
** FIFO topic: delivers only to SQS FIFO queues
* See [https://docs.aws.amazon.com/sns/ the SNS guide]

== EventBridge ==
{| class="wikitable"
! Part !! What it does
|-
| Event bus || receives events from AWS services, apps and SaaS partners
|-
| Rule || matches events by pattern and sends them to targets
|-
| Pipe
| connects one source to one target, with filtering and enrichment
|}
{{Note|Scheduler runs one-time or recurring schedules.}}

== References ==
<references />
"""

# A mind map exported as text: depth by tabs alone, no bullet marks.
MINDMAP = "\n".join(
    [
        "Messaging notes",
        "\tSQS",
        "\t\tStandard queue: at-least-once delivery, best-effort ordering",
        "\t\tFIFO queue: exactly-once processing, 300 messages per second without batching",
        "\t\tVisibility timeout: 30 seconds by default, up to 12 hours",
        "\t\tLong polling: waits up to 20 seconds for a message",
        "\tSNS",
        "\t\tTopic: pushes each message to every subscriber",
        "\t\tFilter policy: a subscriber receives only the messages whose attributes match",
        "\t\tFIFO topic: delivers only to SQS FIFO queues",
        "\tEventBridge",
        "\t\twhat: routes events between AWS services, your apps and SaaS partners",
        "\t\tparts",
        "\t\t\tEvent bus: receives events from AWS services, apps and SaaS partners",
        "\t\t\tRule: matches events by pattern and sends them to targets",
        "\t\t\tPipe: connects one source to one target, with filtering and enrichment",
        "",
    ]
)

MEMOS = {
    "mindmap": MINDMAP,
    "asciidoc": ASCIIDOC,
    "rst": RST,
    "confluence": CONFLUENCE,
    "roam": ROAM,
    "mediawiki": MEDIAWIKI,
}


def _shown(draft) -> list[str]:
    return [draft.prompt, *(draft.options or ()), draft.explanation]


@pytest.mark.parametrize("name", MEMOS)
def test_each_language_gives_the_authors_sections_as_topics(name):
    memo, made = read_and_build(MEMOS[name], name)
    titles = [t.title for t in memo.topics]
    wanted = ["SQS", "SNS"] if name == "roam" else ["SQS", "SNS", "EventBridge"]
    assert titles == wanted
    if name not in ("roam", "mediawiki"):  # a wiki page's title is its name, not a line
        assert memo.title == "Messaging notes"
    assert len(made.drafts) >= 5
    assert not made.unread, made.unread


@pytest.mark.parametrize("name", MEMOS)
def test_no_mark_of_the_language_reaches_a_learner(name):
    _, made = read_and_build(MEMOS[name], name)
    for _, draft in made.drafts:
        assert residue.in_question(_shown(draft)) is None, _shown(draft)
        text = " ".join(_shown(draft))
        for mark in ("NOTE", "Exam", "Tags", "Source", "TODO", "aws sns", "((", "#SAA"):
            assert mark not in text, (mark, text)


@pytest.mark.parametrize("name", MEMOS)
def test_questions_quote_the_memo_lines_they_name(name):
    lines = MEMOS[name].split("\n")
    _, made = read_and_build(MEMOS[name], name)
    for _, draft in made.drafts:
        source = " ".join(lines[draft.first - 1 : draft.last])
        words = {w.strip("*_:.,()`^") for w in source.split()} - {"Memo", "Answer"}
        quoted = [w for w in words if len(w) >= 4 and w in draft.explanation]
        assert quoted, (draft.first, source, draft.explanation)


@pytest.mark.parametrize("name", ["asciidoc", "rst", "confluence", "mediawiki"])
def test_a_table_is_read_with_its_header(name):
    memo, _ = read_and_build(MEMOS[name], name)
    rows = [i for i in memo.topics[2].items if i.kind == "row"]
    assert [r.cells[0] for r in rows] == ["Event bus", "Rule", "Pipe"]
    assert all(r.header == ("Part", "What it does") for r in rows)
    assert "receives events from AWS services, apps and SaaS partners" in rows[0].cells[1]


@pytest.mark.parametrize("name", ["asciidoc", "rst", "mediawiki"])
def test_definition_lists_are_definitions(name):
    _, made = read_and_build(MEMOS[name], name)
    answers = {d.options[d.answer] for _, d in made.drafts if d.options}
    prompts = " ".join(d.prompt for _, d in made.drafts)
    assert "FIFO queue" in answers or "Standard queue" in answers or "FIFO queue" in prompts


def test_the_languages_are_told_apart():
    plain = ["# SQS", "", "- Standard queue: at-least-once", "", "SNS", "---", "- Topic: push"]
    assert as_markdown(plain) is plain
    assert as_markdown(ASCIIDOC.split("\n"))[4] == "## SQS"
    assert as_markdown(RST.split("\n"))[6] == "## SQS"
    assert as_markdown(CONFLUENCE.split("\n"))[4] == "## SQS"
    assert as_markdown(MEDIAWIKI.split("\n"))[4] == "## SQS"
    assert as_markdown(MINDMAP.split("\n"))[:3] == [
        "# Messaging notes",
        "## SQS",
        "- " + ("Standard queue: at-least-once delivery, best-effort ordering"),
    ]
    highlights = ["## Aurora", "==Aurora MySQL only==", "- note", "==Serverless v2==", "x"]
    assert as_markdown(highlights) is highlights  # Obsidian's highlight lines are no headings


def test_an_outliners_page_attributes_and_tasks_are_no_facts():
    memo, _ = read_and_build(ROAM, "roam")
    lines = [i.text for t in memo.topics for _, i in t.all_items()]
    assert not any("TODO" in t or "message size" in t or "AWS docs" in t for t in lines)
    assert any(t.endswith("300 messages per second without batching") for t in lines)


def test_asciidoc_links_keep_their_text_and_checklists_stay_to_dos():
    lines = [
        *ASCIIDOC.split("\n"),
        "* [x] read link:https://docs.aws.amazon.com/sns/[the SNS guide]",
        "* see xref:queues.adoc[the queue page] and https://aws.amazon.com/sqs/[SQS]",
    ]
    shown = as_markdown(lines)
    assert shown[-2] == "- [x] read the SNS guide"
    assert shown[-1] == "- see the queue page and SQS"
