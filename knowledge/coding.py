"""Codes for table rows that print names only, from the national 政府收支分类科目 lists.

深圳's 基本支出总表 and 杭州's 功能分类 tables name their rows without codes. The lists
(knowledge.classification) know the names; the tree of 类, 款 and 项 down the rows tells which of
several codes a name has (行政运行 is a 项 of every 款: the 款 above it decides).
"""

from __future__ import annotations

import re

from .classification import classification, system_of
from .domain import is_total
from .model import Row

# the numbering a name may carry: 一、 / 1. / （一） / 其中：
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|其中[:：])"
)


def code_by_name(rows: list[Row], system: str | None) -> None:
    """Codes for rows that print names only, from the national lists, down the tree: a 类 name sets
    the branch, a 款 under it, a 项 under that (行政运行 is a 项 of every 款: its 款 tells which).
    Applied only to a run of rows most of which the lists know, so a list of projects stays uncoded."""
    lists = classification()
    named = [r for r in rows if r.code is None and not is_total(r.name)]
    if not named:
        return
    systems = [system] if system else ["functional", "economic"]
    best, best_known = None, 0
    for candidate in systems:
        known = sum(bool(lists.codes_named(_bare(r.name), candidate)) for r in named)
        if known > best_known:
            best, best_known = candidate, known
    if best is None or best_known * 2 < len(named):
        return
    branch: list[str] = []
    assigned: list[Row] = []
    missed = 0
    for row in rows:
        if row.code:
            if system_of(row.code) == best:
                branch = _branch(row.code)
            continue
        codes = lists.codes_named(_bare(row.name), best)
        code = None
        # under the branch, deepest first (行政运行 under 公安); else a 类; else the one code of that name
        for parent in [*reversed(branch), None]:
            candidates = [c for c in codes if _child_of(c, parent)]
            if len(candidates) == 1:
                code = candidates[0]
                break
        if code is None and len(codes) == 1:
            code = codes[0]
        if code is None and best == "functional":
            code = next((c for parent in reversed(branch) if (c := lists.item_under(_bare(row.name), parent))), None)
        if code:
            row.code = code
            assigned.append(row)
            branch = _branch(code)
        elif row.values and any(v is not None for v in row.values.values()) and not is_total(row.name):
            missed += 1
    if best == "functional" and missed:
        for row in assigned:  # a tree coded in part would make its sums look wrong: none rather than some
            row.code = None


def _child_of(code: str, parent: str | None) -> bool:
    """A 款 of its 类, a 项 of its 款; with no parent, a 类."""
    return code.startswith(parent) and len(code) == len(parent) + 2 if parent else len(code) == 3


def is_subject(name: str) -> bool:
    lists = classification()
    return any(lists.codes_named(_bare(name), system) for system in ("functional", "economic"))


def _branch(code: str) -> list[str]:
    return [code[:n] for n in (3, 5, 7) if n <= len(code)]


def _bare(name: str) -> str:
    return NUMBERING.sub("", name)
