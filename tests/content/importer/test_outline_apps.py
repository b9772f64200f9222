"""Outline apps and their exports: Emacs Org-mode files, read as the Markdown they stand
for; remarks in brackets off the options; one option never offered under two names."""

from __future__ import annotations

from content.importer.build import build
from content.importer.orgmode import is_org, to_markdown
from content.importer.parser import parse

ORG = (
    "#+TITLE: SAA notes — Migration\n"
    "#+FILETAGS: :aws:migration:\n\n"
    "* Which service moves what\n"
    ":PROPERTIES:\n:CREATED:  [2025-03-14 Fri 20:11]\n:END:\n"
    "- databases -> *DMS* (+ SCT when the engine changes)\n"
    "- whole servers -> *Application Migration Service* (=MGN=)\n"
    "- files over the network -> *DataSync*\n"
    "- partners pushing files via SFTP -> *Transfer Family*\n"
    "- one dashboard to track it all -> *Migration Hub* (moves nothing itself)\n\n"
    "* Database Migration Service (DMS)\n"
    "** Basics\n- runs on a *replication instance* -> you pick its size\n"
    "  + or *DMS Serverless* -> capacity scales automatically\n"
    "- *Fleet Advisor* -> inventory of database servers\n"
    "** Homogeneous vs heterogeneous\n"
    "- homogeneous :: same engine => DMS only\n"
    "- heterogeneous :: engine changes => SCT first, then DMS\n"
    "#+BEGIN_QUOTE\nExam tip: /SCT/ for the schema, DMS for the data.\n#+END_QUOTE\n"
    "** DONE Lab: MySQL to Aurora with CDC :lab:\n"
    "CLOSED: [2025-03-17 Mon 22:30]\n"
    "- needed =binlog_format=ROW= on the source\n"
    '#+BEGIN_SRC json\n{"rules": []}\n#+END_SRC\n\n'
    "* Storage Gateway\n"
    "** Types\n- S3 File Gateway :: NFS / SMB, each file one S3 object\n"
    "- Volume Gateway :: iSCSI block volumes\n"
    "** Compare\n+ files -> File GW, blocks -> Volume GW\n\n"
    "* The 7 Rs\n"
    "| R | nickname | meaning |\n|---+---+---|\n"
    "| Retire | - | turn it off |\n| Retain | revisit | keep on-prem for now |\n"
    "| Rehost | lift and shift | same app on EC2 |\n"
)


def _made(text: str, name: str):
    memo = parse(text, name)
    return memo, build(memo, "deck", f"{name}.md")


def test_an_org_file_reads_as_markdown_line_for_line():
    lines = ORG.split("\n")
    assert is_org(lines) and not is_org(["* a bullet", "* another bullet", "text"])
    markdown = to_markdown(lines)
    assert len(markdown) == len(lines)
    assert markdown[0] == "# SAA notes — Migration"
    assert "### Lab: MySQL to Aurora with CDC" in markdown  # under the title's "#"
    assert not [ln for ln in markdown if ln.startswith((":", "#+", "CLOSED"))]
    memo, made = _made(ORG, "org")
    assert memo.title == "SAA notes — Migration"
    assert [t.title for t in memo.topics] == [
        "Which service moves what",
        "Database Migration Service (DMS)",
        "Storage Gateway",
        "The 7 Rs",
    ]
    shown = [d.prompt for _, d in made.drafts]
    shown += [o for _, d in made.drafts for o in d.options or ()]
    assert not [s for s in shown if "::" in s or "=" in s.replace("=>", "") or "#+" in s], shown
    assert not [s for s in shown if "binlog" in s or "rules" in s]  # code is never asked


def test_options_drop_remarks_and_one_name_is_offered_once():
    _, made = _made(ORG, "org")
    options = {o for _, d in made.drafts if d.kind == "blank" for o in d.options}
    assert "Migration Hub" in options and "DMS" in options
    assert not [o for o in options if "moves nothing" in o or "engine changes)" in o]
    for _, draft in made.drafts:
        assert not {"MGN", "Application Migration Service (MGN)"} <= set(draft.options or ())


def test_bare_types_and_compare_headings_and_dash_cells_are_never_options_or_clues():
    _, made = _made(ORG, "org")
    for _, draft in made.drafts:
        assert not {"Types", "Compare"} & set(draft.options or ()), draft.prompt
        assert "“-”" not in draft.prompt
    options = [o for _, d in made.drafts for o in d.options or ()]
    assert not [o for o in options if o.startswith("or ")], options
