"""Definition lines: `A = B`, `X → Y`, `Term: meaning`, `Term - meaning`, `Name は …` split
into their parts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.importer import terms
from content.importer.tree import CLUE_KINDS, Item

_OPEN = "（(「『[【“"
_CLOSE = "）)」』]】”"
_ARROWS = ("→", "⇒", "->", "=>")
SUBJECT = re.compile(
    rf"^(?P<subject>{terms.NAME.pattern})(?P<alias>\s*[（(][^（）()]*[）)])?\s*"
    r"(?P<particle>自体は|とは|は(?:[、,]\s*|\s+|(?=[^ぁ-ん\s]))|\s+is\s+(?:an?|the)\s)"
)
_PRONOUNS = frozenset({"It", "This", "That", "They", "These", "Those", "There", "We", "You"})


@dataclass(frozen=True)
class Definition:
    form: str  # eq | arrow | colon | subject
    left: str
    sep: str
    right: str

    def statement(self, right: str | None = None) -> str:
        right = self.right if right is None else right
        if self.form == "colon":
            return f"{self.left}{self.sep} {right}"
        return f"{self.left} {self.sep} {right}"


def _top_level(text: str) -> list[tuple[int, str]]:
    """Separators (=, ＝, arrows, colons) outside brackets and quotes, with positions."""
    found: list[tuple[int, str]] = []
    depth = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            two = text[i : i + 2]
            if two in ("->", "=>"):
                found.append((i, two))
                i += 2
                continue
            if ch in "→⇒＝=:：" and text[i - 1 : i] not in ("=", "!", "<", ">"):
                found.append((i, ch))
        i += 1
    return found


# Labels that open a remark, not terms a remark defines ("Tip: pilot light can't …").
_REMARKS = frozenset(
    {"tip", "tips", "note", "notes", "memo", "example", "e.g.", "exam tip", "todo"}
    | {"注意", "メモ", "例", "ポイント", "補足", "覚え方"}
    # Facets of the thing a section is about ("Requirements: EBS root …", "Use case: …"):
    # a blank on one tests the memo's layout, not AWS.
    | {"requirements", "use case", "use cases", "when to use", "pros", "cons", "benefits"}
    | {"drawbacks", "caveats", "gotchas", "overview", "purpose", "how it works", "states"}
    | {"hierarchy", "commands", "limits", "limitations", "pricing", "cost", "types", "kinds"}
    | {"examples", "components", "steps", "actions", "features", "structure", "flow"}
    | {"用途", "特徴", "概要", "目的", "メリット", "デメリット", "注意点", "前提", "条件"}
    | {"種類", "構成", "手順", "料金", "制限", "上限", "流れ", "仕組み", "使いどころ"}
)


def definition(item: Item) -> Definition | None:
    """The definition an item states, if it is one."""
    if item.kind not in CLUE_KINDS:
        return None
    head = re.split(r"\s*[:：=＝-]", item.text, maxsplit=1)[0].strip().casefold()
    if head in _REMARKS or item.term.casefold() in _REMARKS:
        return None
    text = item.text
    if "http://" in text or "https://" in text or len(text) > 300:
        return None
    if item.term and text.startswith(item.term):  # "**Term**: meaning", "Term" / ": meaning"
        rest = text[len(item.term) :].lstrip(" :：-–—")  # "**Term** — meaning" as well
        return Definition("colon", item.term, ":", rest) if len(rest) >= 6 else None
    seps = _top_level(text)
    kinds = [s for _, s in seps]
    arrows = [p for p in seps if p[1] in _ARROWS]
    equals = [p for p in seps if p[1] in ("=", "＝")]
    colons = [p for p in seps if p[1] in ":："]
    if arrows and colons and not equals and colons[0][0] < arrows[0][0]:
        # "EventBridge Scheduler：cron / rate … で Lambda などを起動 → 「cron 用 EC2 は
        # 不要」" defines a term; "Egress: true → …" (a short value) is an arrow line.
        found = _split(text, colons[0], "colon")
        value = text[colons[0][0] + 1 : arrows[0][0]].strip()
        if found is not None and len(value) >= 8 and terms.is_label_term(found.left):
            return found
    if len(equals) == 1 and not arrows:
        return _split(text, equals[0], "eq")
    if len(arrows) == 1 and not equals:
        found = _split(text, arrows[0], "arrow")
        if found is not None and found.left.endswith((":", "：")) is False:
            return found
        return None
    if not arrows and not equals and any(s in ":：" for s in kinds):
        pos = next(p for p in seps if p[1] in ":：")
        found = _split(text, pos, "colon")
        if found is not None and terms.is_label_term(found.left) and len(found.right) >= 6:
            return found
        return None
    if not seps and (dashed := _dash(text)) is not None:
        return dashed
    m = SUBJECT.match(text)
    if m and len(text) - m.end() >= 8 and not arrows and m.group("subject") not in _PRONOUNS:
        cut = m.end("alias") if m.group("alias") else m.end("subject")
        return Definition("subject", m.group("subject"), "", text[cut:])
    return None


_DASH = re.compile(r"\s[-–—]\s+")


def _dash(text: str) -> Definition | None:
    """ "Task - does the work", "Pilot light – core systems kept running": a term, a spaced
    dash, its meaning (as OneNote and Word notes write a definition). Read as `Term: meaning`."""
    m = _DASH.search(text)
    if m is None:
        return None
    left, right = text[: m.start()].strip(), text[m.end() :].strip()
    opened = sum(left.count(c) for c in _OPEN) - sum(left.count(c) for c in _CLOSE)
    named = terms.is_label_term(left) or (terms.is_term(left) and len(left) <= 20)
    if opened or len(right) < 6 or not named:  # "カスタマー管理キー — 自分で作成" is a term too
        return None
    return Definition("colon", left, ":", right)


_SHORT_TERM = re.compile(r"^([^:：（(「]{1,20})[:：]\s*\S.{5,}$")


def defined_term(text: str) -> str:
    """The term a `Term: meaning` (or `Term = meaning`, `Term - meaning`) bullet defines."""
    own = definition(Item(0, "bullet", text))
    if own is not None and own.form in ("colon", "eq"):
        return own.left
    # "同期：API Gateway、ALB …" over its notes: a short term before a colon heads them too.
    m = _SHORT_TERM.match(text)
    return m.group(1).strip() if m and terms.is_term(m.group(1)) else ""


def _split(text: str, pos: tuple[int, str], form: str) -> Definition | None:
    at, sep = pos
    left, right = text[:at].strip(), text[at + len(sep) :].strip()
    if form == "colon":
        right = right.lstrip(":：").strip()  # "Term :: meaning", a wiki's definition form
    if not left or not right:
        return None
    return Definition(form, left, sep, right)


def runs(items: list[Item]) -> list[list[tuple[Item, Definition]]]:
    """The definitions among `items` in runs of the same shape (a list of `Term: meaning`
    bullets, a block of `A = B` lines): only definitions of one run are alternatives to each
    other; any other line in between ends the run."""
    found: list[list[tuple[Item, Definition]]] = []
    current: list[tuple[Item, Definition]] = []
    for item in items:
        d = definition(item)
        if d is not None and current:
            last_item, last = current[-1]
            shape = (d.form, item.kind, item.depth, bool(item.term))
            same = shape == (last.form, last_item.kind, last_item.depth, bool(last_item.term))
            if same:
                current.append((item, d))
                continue
        if current:
            found.append(current)
        current = [(item, d)] if d is not None else []
    if current:
        found.append(current)
    return found


def chain(item: Item) -> list[str]:
    """The steps of an `A → B → C` line (at least three), or [] for any other line."""
    if item.kind not in CLUE_KINDS or len(item.text) > 300:
        return []
    seps = _top_level(item.text)
    arrows = [(at, sep) for at, sep in seps if sep in _ARROWS]
    if len(arrows) < 2:
        return []
    # "Typical fan-out: S3 → SNS → SQS": a label before the chain is no step of it.
    labels = [at for at, sep in seps if sep in (":", "：") and at < arrows[0][0]]
    if any(sep in ("=", "＝") for _, sep in seps) or any(
        sep in (":", "：") and at > arrows[0][0] for at, sep in seps
    ):
        return []
    steps, start = [], labels[-1] + 1 if labels else 0
    for at, sep in arrows:
        steps.append(item.text[start:at])
        start = at + len(sep)
    steps.append(item.text[start:])
    steps = [s.strip() for s in steps]
    if any(re.search(r"[;；]|,\s", s) for s in steps[1:-1]):
        return []  # "files → File GW, blocks → Volume GW": pairs listed, not one chain
    return steps if all(steps) else []


def chain_label(text: str, steps: list[str]) -> str:
    """What stands before a chain's first step ("手順：", "EventBridge Pipes connects one
    source to one target:"), found after the label's colon, not at the first place the
    first step's word appears."""
    arrow = min((text.find(a) for a in _ARROWS if a in text), default=len(text))
    colon = max(text.rfind(":", 0, arrow), text.rfind("：", 0, arrow))
    return text[: colon + 1].strip() if colon >= 0 else text[: text.find(steps[0])].strip()


_PREDICATE = re.compile(r"(?:る|ない|まで|必須|可能|不可|だけ|のみ|なし|あり|た|れる|です|ます)$")


def states_fact(text: str) -> bool:
    """A bullet that says something ("KMS で直接暗号化できるのは 4 KB まで", "削除はすぐには
    できない、待機期間 7〜30 日") rather than naming a group of notes ("鍵の種類", "KMS との
    違い", "Scaling policies")."""
    if terms.is_name_like(text) or terms.ends_with_heading_word(text) or " vs " in f" {text} ":
        return False
    core = terms.PARENS.sub("", text).strip()
    return bool(re.search(r"\d", text) or "、" in core or _PREDICATE.search(core))
