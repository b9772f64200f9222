"""Sibling sections that compare alternatives (SQS / SNS, ALB / NLB …), with their clue lines.

A group is the children of one section that share a title form. Members that cannot be
told apart from their titles are left out: summaries and questions ("まとめ", "どう動く
のか？"), combinations next to single things ("Flink + Data Streams" beside "Kinesis Data
Streams"), aspects of a sibling ("Global Tables の裏側"), and facet headings that repeat
under each alternative ("どこを見る？", "用途"): those become context for the clue instead.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from content.importer import leaks, terms, vocabulary
from content.importer.tree import CLUE_KINDS, Item, Section

T = TypeVar("T")
_COMBO = (" + ", "＋", " と ", " & ", " and ")
# "タイムアウトとスロットリング", "Stages and deployments": a chapter on two things.
_PAIR = re.compile(r"\S\s+(?:と|and|&)\s+\S|[ァ-ヺー一-龯A-Za-z]と[ァ-ヺ一-龯A-Za-z]")
# A parent titled like this lists alternatives, whatever its children are called.
_COMPARING = (
    "違い",
    "比較",
    "vs",
    "種類",
    "一覧",
    "役割",
    "使い分け",
    "ケース",
    "場合",
    "パターン",
    "モード",
    "方式",
    "タイプ",
    "comparison",
    "types",
    "kinds",
    "options",
    "cases",
    "modes",
)
SIMILAR = 0.5  # a sibling line this similar may say the same thing: both would be right
CLUES_PER_SECTION = 4  # later lines under a heading drift into commentary
MAX_MEMBERS = 12  # more siblings than this are a list of things, not alternatives


@dataclass(eq=False)
class Member:
    section: Section
    name: str
    distinct: frozenset[str] = frozenset()
    clues: list[tuple[Item, Section]] = field(default_factory=list)
    nested: set[int] = field(default_factory=set)  # ids of clue items under inner members

    @property
    def names(self) -> list[str]:
        """Ways the memo may write this member's name, to hide them in a clue."""
        core = terms.PARENS.sub("", self.name).strip()
        found = [self.name, core, *terms.name_phrases(core), *vocabulary.other_names(core)]
        for prefix in ("Amazon ", "AWS "):
            found += [n.removeprefix(prefix) for n in found if n.startswith(prefix)]
        return [n for n in found if len(n) >= 2]

    @property
    def label(self) -> str:
        """The name as an option shows it."""
        return terms.display_name(self.name)

    @property
    def latin(self) -> list[str]:
        return sorted(t for t in self.distinct if terms.LATIN_LETTER.match(t))


@dataclass(eq=False)
class Group:
    parent: Section
    members: list[Member]

    def others(self, member: Member) -> list[Member]:
        return [m for m in self.members if m is not member]


def sibling_groups(topic: Section) -> list[Group]:
    """The topic's groups, innermost first: a line is asked about in the innermost group
    that can ask it fairly, and in an outer one only when no inner one could."""
    groups: list[Group] = []
    for section in topic.walk():
        if _facets(section):
            continue
        forms: dict[str, list[Section]] = {}
        for child in section.children:
            if child.form != "point":  # a fact with notes under it is no alternative
                forms.setdefault(child.form, []).append(child)
        for kids in forms.values():
            members = _eligible(kids)
            if len(members) >= 2 and _comparable(section, members) and not _blurred(members):
                groups.append(Group(section, members))
    inner = {id(m.section) for g in groups for m in g.members}
    for group in groups:
        for member in group.members:
            member.clues = [(item, section) for section, item in _dominant(member.section)]
            # Lines under an inner alternative ("リソースベース" inside "IAM ポリシーの種類"):
            # the outer group may ask them only where the inner one could not for want of
            # a fair clue, and never as a swapped statement (it would read "Organizations
            # のポリシー: リソースベース — …").
            member.nested = {
                id(item)
                for item, section in member.clues
                if any(id(s) in inner for s in section.path_below(member.section))
            }
        group.members = [m for m in group.members if m.clues]
    return [g for g in reversed(groups) if len(g.members) >= 2]


def _blurred(members: list[Member]) -> bool:
    """Four or more descriptive headings ("リアルタイム集計", "ストリームデータの変換・加工",
    "リアルタイム ETL" …): their lines fit several of them, so none is a fair option."""
    named = sum(terms.is_name_like(m.name) for m in members)
    return len(members) >= 4 and named <= 1


def _facets(section: Section) -> bool:
    """Children whose titles repeat under a sibling section are facets, not alternatives."""
    if section.parent is None or len(section.children) < 2:
        return False
    mine = {terms.norm(c.title) for c in section.children}
    for cousin in section.parent.children:
        if cousin is not section:
            theirs = {terms.norm(c.title) for c in cousin.children}
            if len(mine & theirs) >= 2:
                return True
    return False


def _comparable(parent: Section, members: list[Member]) -> bool:
    """Alternatives, not just subtopics: names (SQS, SNS), a parent that compares ("… の
    違い", "… vs …"), or parallel names ("… endpoints"). Numbering alone is no sign: "(1)
    何ができるか (2) ローテーションの流れ (3) 削除" are chapters of one thing, and so are
    titles that each pair two things ("REST API と HTTP API", "ステージとデプロイ")."""
    if 2 * sum(bool(_PAIR.search(m.name)) for m in members) >= len(members):
        return False  # chapters that each pair two things: no one of them is an answer
    if all(terms.is_name_like(m.name) for m in members):
        return True
    title = parent.title.casefold()
    if any(word in title for word in _COMPARING):
        return True
    common = set.intersection(*(set(terms.tokens(m.name)) for m in members))
    return bool(common)


def _eligible(kids: list[Section]) -> list[Member]:
    kids = [k for k in kids if not k.generic and len(k.title) <= 60]
    if len(kids) > MAX_MEMBERS:
        return []
    # "Flink + Data Streams" beside "Kinesis Data Streams" combines a sibling: not an option.
    combos = [
        k
        for k in kids
        if any(c in f" {k.title} " for c in _COMBO)
        and any(o is not k and terms.tokens(o.title) & terms.tokens(k.title) for o in kids)
    ]
    if combos and len(combos) < len(kids):
        kids = [k for k in kids if k not in combos]
    kids = [k for k in kids if not _aspect(k, kids)]
    if len({terms.norm(k.title) for k in kids}) < len(kids):
        return []
    members = [Member(k, k.title) for k in kids]
    for member in members:
        others: set[str] = set()
        for other in members:
            if other is not member:
                others |= terms.tokens(other.name)
        member.distinct = terms.tokens(member.name) - others
    return members


def nearest(items: list[T], index: int, count: int = 10) -> list[T]:
    """Up to `count` other entries around position `index`: the neighbours in a list."""
    start = max(0, min(index - count // 2, len(items) - count - 1))
    return [x for i, x in enumerate(items[start : start + count + 1], start) if i != index]


def _aspect(kid: Section, kids: list[Section]) -> bool:
    """ "Global Tables の裏側" beside "DynamoDB Global Tables": a view of a sibling."""
    if "の" not in kid.title:
        return False
    head = kid.title.rsplit("の", 1)[0]
    mine = {t for t in terms.tokens(head) if terms.LATIN_LETTER.match(t)}
    if not mine:
        return False
    return any(k is not kid and mine <= terms.tokens(k.title) for k in kids)


def _dominant(section: Section) -> list[tuple[Section, Item]]:
    """Clue lines of a member: its statements of the commonest shape, so that a trailing
    paragraph after a list of bullets (often about the parent) is not taken as a clue; the
    first few of each heading; none from a "まとめ" or "その他" below it."""
    found = [
        (s, i)
        for s in section.walk()
        if not any(p.generic for p in s.path_below(section))
        for i in [i for i in s.items if usable_clue(i)][:CLUES_PER_SECTION]
    ]
    if not found:
        return []
    common = Counter(i.kind for _, i in found).most_common(1)[0][0]
    return [(s, i) for s, i in found if i.kind == common]


# A line opening like this goes on from the one before: it does not stand on its own.
LEANS_BACK = re.compile(
    r"^(?:なので|でも|ただし|そこで|つまり|そのため|その|この|それ|これ|ここ|上記|"
    r"(?:this|that|it|these|they|so|but|then|also)\b)",
    re.IGNORECASE,
)


# The author is not sure ("…選べるようになったらしい", "I think", "(?)"): no question may
# rest on it, true or false.
_HEDGE = re.compile(
    r"(?<!晴)らしい|と思う|と思われ|かもしれ|かも。|たぶん|多分|要確認|未確認|うろ覚え|気がする"
    r"|[(（][?？][)）]|\b(?:maybe|probably|not sure|i think|i believe|tbd|to be checked)\b",
    re.IGNORECASE,
)


def hedged(text: str) -> bool:
    return bool(_HEDGE.search(text))


# A line that points at other lines by where they stand ("上の2つと組み合わせて", "the
# former"): alone on a quiz screen it has nothing to point at.
_POINTS_ELSEWHERE = re.compile(
    r"上の[0-9０-９一二三四両]+つ|上記|下記|前述|後述|前者|後者|同上|[上下]と同じ"
    r"|\b(?:the above|the former|the latter|see (?:above|below)|as above)\b",
    re.IGNORECASE,
)


def points_elsewhere(text: str) -> bool:
    return bool(_POINTS_ELSEWHERE.search(text))


def usable_clue(item: Item) -> bool:
    """A statement that stands on its own: not a note, label, dangling clause or a line
    that goes on from the one before ("なので…", "This means…")."""
    text = item.text.strip()
    return (
        item.kind in CLUE_KINDS
        and len(text) >= 4
        and not text.endswith(("、", ",", ":", "：", "…"))
        and not text.startswith(("→", "⇒", "->"))
        and not LEANS_BACK.match(text.strip('「」"“ '))
        and not hedged(item.full)
    )


MAX_TABLE_ROWS = 60  # a longer table is a data dump, not a comparison


def tables(section: Section) -> list[list[Item]]:
    """The section's tables: runs of consecutive rows with the same number of cells."""
    found: list[list[Item]] = []
    for item in section.items:
        if item.kind != "row" or len(item.cells) < 2:
            continue
        last = found[-1][-1] if found else None
        if last is not None and item.no == last.end + 1 and len(item.cells) == len(last.cells):
            found[-1].append(item)
        else:
            found.append([item])
    return [t for t in found if 2 <= len(t) <= MAX_TABLE_ROWS]


# Small words that turn a statement around ("allow rules only" is not "allow and deny
# rules"; "頻度が高い" is not "頻度は低い"): a line lacking them says something else.
_MARKERS = re.compile(
    r"\b(?:only|not|no|never|without|more|less|high|low|fast|slow|cheap)\b"
    r"|のみ|だけ|ない|なし|不要|高|低|多|少|速|遅|安|1 つ|一つ|単一"
)


def similar_line(clue: str, other: Member) -> bool:
    """Whether a line under the other member says nearly the same as `clue` (the same
    statement, or a near paraphrase): then the clue is true of both."""
    mine = _bigrams(clue)
    if not mine:
        return False
    for _, item in other.section.all_items():
        if item.kind not in CLUE_KINDS:
            continue
        theirs = _bigrams(item.full)
        if not theirs:
            continue
        overlap = len(mine & theirs) / len(mine | theirs)
        # "「キュー」にアクセスポリシー" beside "「トピック」にアクセスポリシー" differ in
        # the word that matters; a line adding no word of its own says the same thing
        # ("効かないもの — 管理アカウント" beside "管理アカウントのリソースには効かない").
        words = leaks.content_words(clue)
        turned = set(_MARKERS.findall(clue)) - set(_MARKERS.findall(item.full))
        covered = not words - leaks.content_words(item.full) and not turned
        if overlap >= 0.8 or (covered and (overlap >= SIMILAR or len(words) >= 2)):
            return True
    return False


PARALLEL = 0.5  # a sibling line this close speaks of the same aspect (with its own value)


def parallel(a: str, b: str) -> bool:
    """Two statements about the same aspect, each with its own value: the same wording
    around different words ("フェイルオーバーは自動、通常 60〜120 秒" / "フェイルオーバーは
    通常 35 秒未満"), two figures, or two short terms of one kind. Moving one to the other
    thing makes a statement the memo contradicts, not one it is silent about."""
    mine, theirs = leaks.content_words(a), leaks.content_words(b)
    if mine and theirs and len(mine & theirs) / len(mine | theirs) >= PARALLEL:
        return True
    if units(a) & units(b):  # "16 vCPU and 120 GB" / "20 GiB by default": sizes both
        return True
    short = len(a) <= 30 and len(b) <= 30 and terms.is_term(a) and terms.is_term(b)
    return short and terms.term_kind(a) == terms.term_kind(b)


_UNIT_FAMILIES = {
    "size": r"\d\s*(?:[kmgtp]i?b|バイト)\b",
    "time": r"\d\s*(?:ms|ミリ秒|秒|分|時間|日|か月|ヶ月|年|seconds?|minutes?|hours?|days?)",
    "share": r"\d\s*(?:%|％)",
    "rate": r"\d\s*(?:iops|rps|/\s*秒|per second|gbps|mbps)",
    "count": r"\d\s*(?:台|個|つ|回|件|本|vcpu)",
}


def units(text: str) -> set[str]:
    """The kinds of measure a text gives (size, time, share, rate, count)."""
    low = text.casefold()
    return {name for name, pattern in _UNIT_FAMILIES.items() if re.search(pattern, low)}


def measures(text: str) -> set[str]:
    """Sizes, times, shares and rates; a count ("1つでもあれば", "5 つまで") reads as no
    measure of its own kind."""
    return units(text) - {"count"}


def value_measure(text: str) -> frozenset[str] | None:
    """The measures of a text that is a figure and little else ("1-128 MiB (S3 default 5
    MiB)", "0-900 seconds"), None for any other text: a line whose value is a size is no
    rival for one whose value is a time or a phrase."""
    found = measures(text)
    if found and len(terms.tokens(terms.PARENS.sub(" ", text))) <= 2:
        return frozenset(found)
    return None


def has_parallel(clue: str, other: Member) -> bool:
    return any(
        parallel(clue, item.full)
        for _, item in other.section.all_items()
        if item.kind in CLUE_KINDS
    )


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", terms.norm(text))
    return {text[i : i + 2] for i in range(len(text) - 1)}
