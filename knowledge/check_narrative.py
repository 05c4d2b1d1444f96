"""Checks of the narrative: its figures against the tables, its parts against its totals, and
机关运行经费 against 公用经费 where the document defines the one as the other."""

from __future__ import annotations

import re

from .check_base import DocTable, Finding, Spot, cell, clean, differs, is_total_name, mismatch, total_column
from .check_sums import ROLE_NAMES, three_public_grid
from .domain import (
    THREE_PUBLIC,
    THREE_PUBLIC_PARTS,
    TOTAL_WORDS,
    VEHICLE_PURCHASE,
    VEHICLE_RUNNING,
    VEHICLES,
    Measure,
    TableKind,
)
from .model import Fact, Section, Term
from .subjects import SUBJECTS

MEASURES = (Measure.AMOUNT, Measure.BUDGET, Measure.FINAL)
# a narrative total and the parts it is the sum of, in the same section
NARRATIVE_SUMS = [
    (THREE_PUBLIC, THREE_PUBLIC_PARTS),
    (VEHICLES, (VEHICLE_PURCHASE, VEHICLE_RUNNING)),
    ("基本支出", ("人员经费", "公用经费")),
]
# whole-department totals: compared only when the sentence is about the department as a whole
TOTALS = ("收入预算", "支出预算", "收入决算", "支出决算", "基本支出", "项目支出", "人员经费", "公用经费")
FIGURE = re.compile(r"(-?\d[\d,]*(?:\.(\d+))?)\s*(?:亿元|万元|元)")
# what may stand before a department total once years, the department and 本单位 are taken out:
# a 一般公共预算 qualifier, or a larger total and its 其中 with the parts listed before this one
_WAN = r"[\d,.]+万元"
HEAD_PREFIX = re.compile(
    rf"(?:一般公共预算(?:财政)?(?:拨款)?(?:安排的)?|财政拨款)?"
    rf"(?:(?:(?:本年)?(?:收入|支出)(?:预算|决算)?(?:合计|总计)?|基本支出(?:预算)?数?)(?:为|是)?{_WAN}其中"
    rf"(?:(?:基本支出|项目支出|人员经费|公用经费){_WAN}(?:占[\d.]+%)?)*)?"
)
# the glossary makes 机关运行经费 the 公用经费: "是指各部门的公用经费"
RUNNING_IS_PUBLIC = re.compile(r"^(?:是指|指|即)[^，。；]{0,6}公用经费")


def narrative_findings(
    tables: list[DocTable], facts: list[Fact], sections: dict[str, Section], terms: list[Term], department: str
) -> list[Finding]:
    stated = [f for f in facts if f.measure in MEASURES and f.value_wan is not None and not f.unit_name]
    findings: list[Finding | None] = []
    for fact in stated:
        if fact.subject in TOTALS and not about_department(fact, department):
            continue
        candidates = _comparable(table_figures(tables, fact.subject), fact)
        if candidates:
            spot = fact_spot(fact, sections)
            if all(differs(spot, c) for c in candidates):
                findings.append(mismatch("narrative_table", fact.subject, spot, _preferred(candidates, fact)))
    findings += narrative_sums(stated, sections)
    findings += running_vs_public(tables, stated, sections, terms)
    return [f for f in findings if f is not None]


def _comparable(candidates: list[Spot], fact: Fact) -> list[Spot]:
    """Table figures of the same kind as the fact: a 年初预算 against 预算数 columns, an outturn
    against 决算数 columns; a column of the other kind is never compared (its cells may be blank)."""
    if fact.measure not in (Measure.BUDGET, Measure.FINAL):
        return candidates
    word, other = ("预算", "决算") if fact.measure == Measure.BUDGET else ("决算", "预算")
    same = [c for c in candidates if word in (c.column or "")]
    return same or [c for c in candidates if other not in (c.column or "")]


def _preferred(candidates: list[Spot], fact: Fact) -> Spot:
    """The table figure a finding names: 预算数 for a budget figure, 决算数 for an outturn."""
    word = "预算" if fact.measure == Measure.BUDGET else "决算"
    return next((c for c in candidates if word in (c.column or "")), candidates[0])


def fact_spot(fact: Fact, sections: dict[str, Section]) -> Spot:
    section = sections.get(fact.section or "")
    heading, page = (section.heading, section.page) if section else ("", None)
    heading = "" if heading == fact.section else heading  # an unnumbered section is named by its heading once
    return Spot(
        f"说明 {fact.section}{heading}", None, None, fact.value, fact.unit, fact.value_wan,
        _printed_decimals(fact.quote, fact.value), page=page, quote=fact.quote,
    )


def _printed(quote: str, value: float) -> re.Match[str] | None:
    """Where the figure stands in its sentence."""
    return next((m for m in FIGURE.finditer(quote) if abs(float(m.group(1).replace(",", "")) - abs(value)) < 1e-9),
                None)


def _printed_decimals(quote: str, value: float) -> int:
    m = _printed(quote, value)
    return len(m.group(2) or "") if m else 2


def about_department(fact: Fact, department: str) -> bool:
    """Nothing but a year, the department or 本单位 stands before the subject the figure follows:
    "2025年本单位项目支出预算40233.95万元", not "“三公”经费支出预算3万元" or "其中：…支出决算为…"."""
    quote, figure = fact.quote, _printed(fact.quote, fact.value)
    if figure is None:
        return False
    mentions = [m for m in re.finditer(SUBJECTS[fact.subject], quote) if m.end() <= figure.start()]
    if not mentions:
        return False
    prefix = quote[: mentions[-1].start()].replace(department, "")
    prefix = re.sub(r"\d{4}\s*年度?|本(?:部门|单位)|部门|单位|全年|[，,、：:；;\s]", "", prefix)
    return bool(HEAD_PREFIX.fullmatch(prefix))


def table_figures(tables: list[DocTable], subject: str) -> list[Spot]:
    """The table figures a narrative total must equal, best first; [] when no table states it."""
    spots: list[Spot] = []
    for table in tables:
        if table.kind == TableKind.THREE_PUBLIC and subject in ROLE_NAMES.values():
            spots += [  # only where the total itself is printed: a row without it is misread
                spot for is_total, figures in three_public_grid(table) if is_total and figures.get("total", (0, 0))[1]
                for role_, (spot, _) in figures.items() if ROLE_NAMES[role_] == subject
            ]
        else:
            spots += _total_figures(table, subject)
    return spots


def _total_figures(table: DocTable, subject: str) -> list[Spot]:
    side = re.match(r"(收入|支出)(?:预算|决算)$", subject)
    if side and table.kind == TableKind.INCOME_SPENDING_TOTAL:
        word = side.group(1)
        rows = [r for r in table.rows if re.fullmatch(rf"(本年)?{word}({'|'.join(TOTAL_WORDS)})", clean(r.name))]
        return [cell(table, r, c) for r in rows for c in table.columns if c in r.values]
    if side and table.kind == {"收入": TableKind.INCOME, "支出": TableKind.SPENDING}[side.group(1)]:
        return _total_row_cells(table, lambda c: c == total_column(table))
    if subject in ("基本支出", "项目支出"):
        if table.kind in (TableKind.SPENDING, TableKind.GENERAL_BUDGET):
            return _total_row_cells(table, lambda c: c == subject)
        if table.kind == TableKind.INCOME_SPENDING_TOTAL:
            rows = [r for r in table.rows if re.fullmatch(rf"[一二三四五六七八九十]*、?{subject}", clean(r.name))]
            return [cell(table, r, c) for r in rows for c in table.columns if c in r.values][:1]
        if table.kind == TableKind.BASIC_SPENDING and subject == "基本支出":
            return _total_row_cells(table, lambda c: c == total_column(table))
    if subject in ("人员经费", "公用经费") and table.kind == TableKind.BASIC_SPENDING:
        return _total_row_cells(table, lambda c: subject[:2] in c)
    return []


def _total_row_cells(table: DocTable, wanted) -> list[Spot]:
    totals = [r for r in table.rows if is_total_name(r.name)]
    if len(totals) != 1:
        return []
    return [cell(table, totals[0], c) for c in table.columns if wanted(c) and c in totals[0].values]


def narrative_sums(stated: list[Fact], sections: dict[str, Section]) -> list[Finding | None]:
    findings = []
    # a 年初预算 total is the sum of 年初预算 parts, an outturn of outturns: grouped apart
    by_section: dict[tuple[str, bool], dict[str, dict]] = {}
    for fact in stated:
        by_section.setdefault((fact.section, fact.measure == Measure.BUDGET), {}).setdefault(fact.subject, fact)
    for amounts in by_section.values():
        for total, parts in NARRATIVE_SUMS:
            if total not in amounts or not all(p in amounts for p in parts):
                continue
            spots = [fact_spot(amounts[p], sections) for p in parts]
            first = fact_spot(amounts[total], sections)
            summed = Spot(
                first.where, None, " + ".join(parts), round(sum(s.value_wan for s in spots), 6), "万元",
                round(sum(s.value_wan for s in spots), 6), min(s.decimals for s in spots), quote=first.quote,
            )
            findings.append(mismatch("parts_sum", total, first, summed, parts=len(parts)))
    return findings


def running_vs_public(
    tables: list[DocTable], stated: list[Fact], sections: dict[str, Section], terms: list[Term]
) -> list[Finding | None]:
    """机关运行经费 against the 公用经费 of the 基本支出 table, where the glossary says they are one.
    A stated zero is left alone: it comes with its reason (a 事业单位 has no 机关运行经费)."""
    if not any(clean(t.term) == "机关运行经费" and RUNNING_IS_PUBLIC.match(clean(t.definition)) for t in terms):
        return []
    public = [s for t in tables if t.kind == TableKind.BASIC_SPENDING for s in _total_figures(t, "公用经费")]
    if len(public) != 1:
        return []
    return [
        mismatch("running_public", "机关运行经费与公用经费", fact_spot(f, sections), public[0])
        for f in stated
        if f.subject == "机关运行经费" and f.value_wan > 0
    ]
