"""The shipped vocabulary of AWS service and feature names (aws_names.txt), by category.

A fill-in-the-blank whose answer is an AWS name takes its wrong options from names of the
same category: the memo's own first, then these. A memo that names only two services
still gets a question with three plausible wrong options.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_PREFIX = re.compile(r"^(?:amazon|aws)\s+")
_PARENS = re.compile(r"\s*[（(][^（）()]*[）)]")


def core(name: str) -> str:
    """The form names are compared in: no Amazon/AWS prefix, no parenthesis, case-folded."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", " ", _PARENS.sub("", text)).strip().casefold()
    return _PREFIX.sub("", text)


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    text = resources.files("content.importer").joinpath("aws_names.txt").read_text("utf-8")
    by_name: dict[str, str] = {}
    by_category: dict[str, list[str]] = {}
    forms: dict[str, tuple[str, ...]] = {}
    kin_groups = KIN
    category = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        if category == "umbrella":
            # "Elastic Load Balancing > ALB | NLB": the family is kin of each member, the
            # members stay each other's rivals.
            family, members = (part.strip() for part in line.split(">", 1))
            for member in (m.strip() for m in members.split("|") if m.strip()):
                kin_groups.setdefault(core(family), set()).add(core(member))
                kin_groups.setdefault(core(member), set()).add(core(family))
            continue
        names = tuple(n.strip() for n in line.split("|") if n.strip())
        if category == "kin":
            for name in names:
                kin_groups.setdefault(core(name), set()).update(core(n) for n in names)
            continue
        for name in names:
            by_name.setdefault(core(name), category)
            forms.setdefault(core(name), names)
        by_category.setdefault(category, []).append(names[0])
    return by_name, {k: tuple(v) for k, v in by_category.items()}, forms


KIN: dict[str, set[str]] = {}  # core name -> the cores of names doing nearly its job


def kin(a: str, b: str) -> bool:
    """Two names that do nearly the same job ([kin] in aws_names.txt)."""
    _load()
    mine = {core(a), *(core(n) for n in other_names(a))}
    return any(core(b) in KIN.get(m, ()) for m in mine) or any(
        core(n) in KIN.get(m, ()) for m in mine for n in other_names(b)
    )


def other_names(term: str) -> tuple[str, ...]:
    """The other names the vocabulary knows for `term` ("DAX" for DynamoDB Accelerator)."""
    forms = _load()[2]
    found = forms.get(core(term), ())
    if not found:
        inner = re.findall(r"[（(]([^（）()]*)[）)]", term)
        found = next((forms[core(i)] for i in inner if core(i) in forms), ())
    mine = core(term)
    return tuple(n for n in found if core(n) != mine)


def category(term: str) -> str:
    """The category of an AWS name ("service:database", "s3-storage-class"), or ""."""
    by_name = _load()[0]
    found = by_name.get(core(term), "")
    if not found:  # "DynamoDB Accelerator (DAX)": the name inside the parenthesis counts too
        inner = re.findall(r"[（(]([^（）()]*)[）)]", term)
        found = next((by_name[core(i)] for i in inner if core(i) in by_name), "")
    return found


def service_categories() -> list[str]:
    return [c for c in _load()[1] if is_service(c)]


def is_service(kind: str) -> bool:
    return kind.startswith("service")


def names(kind: str) -> tuple[str, ...]:
    """Every name of the category, in file order."""
    return _load()[1].get(kind, ())


def same_family(a: str, b: str) -> bool:
    """Two categories whose names may stand for each other: equal, or both services."""
    return a == b or (is_service(a) and is_service(b))
