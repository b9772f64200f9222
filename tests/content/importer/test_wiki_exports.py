"""Wiki exports and pasted documents: HTML tables, the end of a `<details>` block, and a
generic "Comparison" subsection that holds a pasted table of its siblings."""

from __future__ import annotations

from tests.content.importer.support import read_and_build

WIKI = (
    "# Monitoring\n\n"
    "<details>\n<summary>Systems Manager</summary>\n"
    "- Session Manager: shell access without opening port 22\n"
    "</details>\n\n"
    "<table>\n"
    "<tr><td><b>Service</b></td><td><b>Question it answers</b></td></tr>\n"
    "<tr><td>CloudWatch</td><td>How is it performing?</td></tr>\n"
    "<tr><td>CloudTrail</td><td>Who called which API, when?</td></tr>\n"
    "<tr><td>Config</td><td>Is the resource compliant?</td></tr>\n"
    "</table>\n"
)


def test_html_table_rows_are_a_table_and_belong_to_no_closed_details_block():
    memo, made = read_and_build(WIKI, "wiki")
    rows = [i for t in memo.topics for _, i in t.all_items() if i.kind == "row"]
    assert [r.cells for r in rows] == [
        ("CloudWatch", "How is it performing?"),
        ("CloudTrail", "Who called which API, when?"),
        ("Config", "Is the resource compliant?"),
    ]
    assert rows[0].header == ("Service", "Question it answers")
    systems_manager = next(t for t in memo.topics if t.title == "Systems Manager")
    assert not [i for _, i in systems_manager.all_items() if i.kind == "row"]
    asked = [d for _, d in made.drafts if d.kind == "row"]
    assert asked, "the table gives questions"
    for draft in asked:
        assert draft.options == ("CloudWatch", "CloudTrail", "Config")
        assert "Systems Manager" not in draft.prompt and "<" not in draft.prompt


PASTED = (
    "# Compute\n\n"
    "## 6. Lambda vs Fargate vs EC2\n"
    "### 6.1 Fargate\n"
    "- Pay for vCPU + memory per second\n"
    "- Up to 16 vCPU per task\n"
    "### 6.2 EC2\n"
    "- Full control of the OS and kernel\n"
    "- GPUs and special licensing\n"
    "### 6.3 Comparison (pasted table)\n"
    "| Criteria | Lambda | Fargate | EC2 |\n"
    "|---|---|---|---|\n"
    "| Max run time | 15 min | No limit | No limit |\n"
    "| GPU | No | No | Yes |\n"
    "| Billing | Requests + duration | vCPU + memory | Per instance |\n"
    "| Scaling | Per request | Service autoscaling | Auto Scaling groups |\n"
    "| Spot pricing | None | Fargate Spot | Spot Instances |\n"
    "| You manage | Function code | Task definition | OS and patching |\n"
    "| Max memory | 10 GB | 120 GB | Instance size |\n"
)


def test_a_generic_comparison_subsection_is_no_option_and_no_context():
    _, made = read_and_build(PASTED, "compute")
    shown = [d.prompt for _, d in made.drafts] + [
        o for _, d in made.drafts for o in d.options or ()
    ]
    assert not [s for s in shown if "pasted" in s or "Comparison" in s], shown
    which = [d for _, d in made.drafts if d.kind == "which"]
    assert which and all(set(d.options) == {"Fargate", "EC2"} for d in which)
    table = [d for _, d in made.drafts if d.kind in ("row", "truefalse") and d.item.cells]
    assert table and all(d.prompt.count("Lambda vs Fargate vs EC2") == 1 for d in table)


def test_an_english_table_statement_quotes_inside_its_quotes_with_single_marks():
    statements = []
    for text in (WIKI.replace("<tr><td>Config", "<tr><td>X-Ray"), PASTED):  # rows, columns
        _, made = read_and_build(text, "table")
        found = [d.prompt for _, d in made.drafts if d.kind == "truefalse" and d.item.cells]
        assert found
        statements += found
    for prompt in statements:
        inner = prompt.split("“", 1)[1].rsplit("”", 1)[0]
        assert "“" not in inner and "”" not in inner, prompt


LOGS = (
    "# Monitoring\n\n"
    "## CloudWatch Logs\n"
    "- Hierarchy: log group → log stream → log events\n"
    "- Commands: fields, filter, stats, sort, limit\n"
    "- Retention: never expire by default, 1 day to 10 years\n"
    "- Subscription filters: stream to Kinesis Data Streams, Firehose or Lambda, near real time\n"
    "- Metric filters: turn log patterns into metrics, not retroactively\n\n"
    "## Quiz\n"
    "Q: Which X-Ray data is indexed for filtering?\n"
    "A: Annotations\n"
    "Q: Shell into an instance with no inbound port 22?\n"
    "A: Session Manager\n"
    "Q: What does AWS Config run to remediate?\n"
    "A: Automation runbooks\n"
    "Q: Patch a fleet of instances on a schedule?\n"
    "A: Patch Manager\n"
    "Q: Run one script on 500 instances at once?\n"
    "A: Run Command\n"
)


def test_a_layout_label_is_no_answer_and_a_service_feature_no_rival_of_a_plain_term():
    _, made = read_and_build(LOGS, "logs")
    asked = {d.options[d.answer]: d for _, d in made.drafts if d.options}
    assert not {"Hierarchy", "Commands"} & set(asked)
    for answer, draft in asked.items():
        if answer in ("Annotations", "Automation runbooks", "Retention", "Metric filters"):
            rivals = set(draft.options) - {answer}
            assert not rivals & {"Session Manager", "Patch Manager", "Run Command", "AWS Config"}
            assert "CloudWatch Logs" not in rivals
    session = asked["Session Manager"]
    assert set(session.options) == {"Session Manager", "Patch Manager", "Run Command"}


def test_a_see_also_pointer_after_a_heading_is_no_part_of_its_title():
    memo, _ = read_and_build(
        "# RDS\n\n## Aurora 🚀 → 詳細は [[Aurora]]\n- Aurora レプリカ = 読み取り専用、最大15台\n"
        "## Cross-Region → see [[DR notes]] for the runbook\n- Snapshots can be copied\n",
        "wiki",
    )
    assert [t.title for t in memo.topics] == ["Aurora", "Cross-Region"]
