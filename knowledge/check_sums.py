"""Checks within the tables: parts against their sum, and the income total against the spending total."""

from __future__ import annotations

import re
from collections import Counter

from .check_base import (
    DocTable,
    Finding,
    Spot,
    cell,
    clean,
    is_total_name,
    mismatch,
    row_label,
    sum_spot,
    total_column,
)
from .domain import (
    RECEPTIONS,
    THREE_PUBLIC,
    TOTAL_WORDS,
    TRIPS_ABROAD,
    VEHICLE_PURCHASE,
    VEHICLE_RUNNING,
    VEHICLES,
    TableKind,
)
from .model import TableRow

TOTALS = "|".join(TOTAL_WORDS)  # 合计|总计

ROLE_NAMES = {
    "total": THREE_PUBLIC,
    "trip": TRIPS_ABROAD,
    "reception": RECEPTIONS,
    "car": VEHICLES,
    "car_buy": VEHICLE_PURCHASE,
    "car_run": VEHICLE_RUNNING,
    "running": "机关运行经费",
}
# columns that are parts of a row's total in spending tables; any other figure column makes the
# table's layout unknown, and then its rows are not summed
SPENDING_PARTS = re.compile(
    r"^(基本支出|项目支出|(事业单位)?经营支出|对附属单位补助支出|上缴上级支出|人员\S*|公用\S*)$"
)
SUMMED_KINDS = (TableKind.SPENDING, TableKind.GENERAL_BUDGET, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
                TableKind.BASIC_SPENDING)


def table_findings(tables: list[DocTable]) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        if TableKind(table.kind).is_performance:
            continue
        if table.kind == TableKind.THREE_PUBLIC:
            findings += three_public_sums(table)
        else:
            findings += code_sums(table) + total_of_codes(table)
        if table.kind in SUMMED_KINDS:
            findings += column_sums(table)
        if table.kind in (TableKind.INCOME_SPENDING_TOTAL, TableKind.FISCAL_TOTAL):
            findings += income_vs_spending(table)
    return [f for f in findings if f is not None]


def role(label: str) -> str | None:
    """What a row or column of a “三公” table holds, from its label."""
    s = clean(label)
    if re.search(r"机关运行", s):
        return "running"
    if re.search(r"会议|培训|行政经费", s):
        return None
    if "出国" in s:
        return "trip"
    if "接待" in s:
        return "reception"
    if re.search(r"购置(及|和|与)?运行", s):
        return "car"
    if "购置" in s:
        return "car_buy"
    if "运行" in s:
        return "car_run"
    if "三公" in s or re.search(TOTALS, s):
        return "total"
    if "小计" in s:
        return "subtotal"
    return None


def three_public_grid(table: DocTable) -> list[tuple[bool, dict[str, tuple[Spot, bool]]]]:
    """The figures of a “三公” table by role, one dict per context (a row, or a figure column), each
    figure with whether its cell is printed; flagged when the context is the department's total.
    Ambiguous layouts give nothing."""
    row_roles = {i: role(r.name) for i, r in enumerate(table.rows)}
    found = [r for r in row_roles.values() if r]
    if "total" in found and len(set(found)) >= 3:
        if len(found) != len(set(found)):
            return []
        figure_columns = [c for c in table.columns if any(c in r.values for r in table.rows)]
        first = total_column(table)
        return [
            (column == first, {
                role_: (cell(table, table.rows[i], column), column in table.rows[i].values)
                for i, role_ in row_roles.items() if role_
            })
            for column in figure_columns
        ]
    variants: dict[str, dict[str, str]] = {}
    for column in table.columns:
        role_ = role(column)
        if role_ is None:
            continue
        suffix = re.search(r"(预算数|决算数)$", column)
        roles = variants.setdefault(suffix.group(1) if suffix else "", {})
        roles[role_] = "" if role_ in roles else column  # "": two columns claim it, so neither counts
    totals = [r for r in table.rows if is_total_name(r.name)]
    grid = []
    for roles in variants.values():
        subtotal = roles.pop("subtotal", None)
        if subtotal is not None:  # 小计 is the car subtotal beside a 合计, else the total itself
            target = "car" if "total" in roles else "total"
            roles[target] = "" if target in roles else subtotal
        roles = {k: c for k, c in roles.items() if c}
        if len(roles) < 3:
            continue
        for row in table.rows:
            is_total = row in totals or (not totals and len(table.rows) == 1)
            grid.append((is_total, {k: (cell(table, row, c), c in row.values) for k, c in roles.items()}))
    return grid


def three_public_sums(table: DocTable) -> list[Finding | None]:
    findings = []
    for _, figures in three_public_grid(table):
        roles = {k: spot for k, (spot, _) in figures.items()}
        stated = {k for k, (_, printed) in figures.items() if printed}
        if "total" in stated and "trip" in roles and "reception" in roles:
            car = ["car"] if "car" in roles else ["car_buy", "car_run"]
            if all(k in roles for k in car):
                findings.append(_sum_finding(table, roles["total"], [roles[k] for k in ["trip", "reception", *car]]))
        if "car" in stated and "car_buy" in roles and "car_run" in roles:
            findings.append(_sum_finding(table, roles["car"], [roles["car_buy"], roles["car_run"]]))
    return findings


def _sum_finding(table: DocTable, total: Spot, parts: list[Spot]) -> Finding | None:
    if total.row == parts[0].row:  # a row's figures: the parts are columns
        label, what = total.row, " + ".join(p.column for p in parts)
    else:  # a column's figures: the parts are rows
        label, what = " + ".join(p.row for p in parts), total.column
    summed = sum_spot(table, label, what, parts)
    return mismatch("parts_sum", f"{total.row or ''} {total.column or ''}".strip(), total, summed, parts=len(parts))


def code_sums(table: DocTable) -> list[Finding | None]:
    """A 类 against its 款, a 款 against its 项 (functional or economic codes), column by column."""
    rows = table.rows
    counts = Counter((r.group, r.unit_name, r.code) for r in rows if r.code)
    findings = []
    for i, parent in enumerate(rows):
        if not parent.code or counts[(parent.group, parent.unit_name, parent.code)] > 1:
            continue
        children = _children(rows, i)
        if not children or any(counts[(c.group, c.unit_name, c.code)] > 1 for c in children):
            continue
        findings += _compare_columns(table, parent, children)
    return findings


def _children(rows: list[TableRow], i: int) -> list[TableRow]:
    """The direct children of rows[i] among the rows that follow it; [] when the block is unclear."""
    parent = rows[i]
    block: list[TableRow] = []
    for row in rows[i + 1 :]:
        same_place = (row.group, row.unit_name) == (parent.group, parent.unit_name)
        if row.code is None and not row.values and same_place:
            continue  # a wrapped name line carries no figures
        if row.code and same_place and len(row.code) > len(parent.code) and row.code.startswith(parent.code):
            block.append(row)
            continue
        if row.code and len(row.code) > len(parent.code) and same_place:
            return []  # a deeper code of another parent inside the block: misread codes
        break
    if not block:
        return []
    level = min(len(r.code) for r in block)
    children = [r for r in block if len(r.code) == level]
    deeper = [r for r in block if len(r.code) > level]
    if any(not any(r.code.startswith(c.code) for c in children) for r in deeper):
        return []  # a 项 whose 款 row is missing
    return children


def total_of_codes(table: DocTable) -> list[Finding | None]:
    """The 合计 row against the sum of the top-level code rows, when the table is one plain block."""
    totals = [r for r in table.rows if is_total_name(r.name)]
    coded = [r for r in table.rows if r.code]
    if len(totals) != 1 or not coded or len({(r.group, r.unit_name) for r in table.rows}) != 1:
        return []
    if any(not r.code and r.values for r in table.rows if r is not totals[0]):
        return []
    top = min(len(r.code) for r in coded)
    tops = [r for r in coded if len(r.code) == top]
    if len({r.code for r in tops}) != len(tops) or any(not any(r.code.startswith(t.code) for t in tops) for r in coded):
        return []
    return _compare_columns(table, totals[0], tops)


def _compare_columns(table: DocTable, parent: TableRow, children: list[TableRow]) -> list[Finding | None]:
    findings = []
    for column in table.columns:
        if column not in parent.values or not any(column in c.values for c in children):
            continue
        if re.search(r"编码|代码", column):
            continue
        parts = [cell(table, c, column) for c in children]
        label = " + ".join(p.row for p in parts) if len(parts) <= 4 else f"{parts[0].row} 等{len(parts)}行之和"
        summed = sum_spot(table, label, column, parts)
        findings.append(mismatch("parts_sum", row_label(parent), cell(table, parent, column), summed,
                                 parts=len(parts)))
    return findings


def column_sums(table: DocTable) -> list[Finding | None]:
    """A row's 合计/总计 against its parts (基本支出 + 项目支出 …, 人员经费 + 公用经费)."""
    total = total_column(table)
    if total is None or not re.search(TOTALS, total):
        return []
    parts = [c for c in table.columns if c != total and any(c in r.values for r in table.rows)]
    if len(parts) < 2 or not all(SPENDING_PARTS.match(c) for c in parts):
        return []
    findings = []
    for row in table.rows:
        if total not in row.values or not any(c in row.values for c in parts):
            continue
        spots = [cell(table, row, c) for c in parts]
        summed = sum_spot(table, row_label(row), " + ".join(parts), spots)
        findings.append(mismatch("parts_sum", f"{row_label(row)}（{total}）", cell(table, row, total),
                                 summed, parts=len(parts)))
    return findings


def income_vs_spending(table: DocTable) -> list[Finding | None]:
    """收入总计 against 支出总计 of a 收支总表: a budget balances."""
    income = [r for r in table.rows if _grand_total(r, "收入")]
    spending = [r for r in table.rows if _grand_total(r, "支出")]
    if len(income) != 1 or len(spending) != 1:
        return []
    first_in = _first_figure(table, income[0])
    first_out = _first_figure(table, spending[0])
    if first_in is None or first_out is None:
        return []
    return [mismatch("income_spending", "收入总计与支出总计", cell(table, income[0], first_in),
                     cell(table, spending[0], first_out))]


def _grand_total(row: TableRow, side: str) -> bool:
    name = clean(row.name)
    return name == f"{side}总计" or (name == "总计" and row.group == side)


def _first_figure(table: DocTable, row: TableRow) -> str | None:
    return next((c for c in table.columns if c in row.values), None)
