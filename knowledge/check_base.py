"""What the consistency checks share: a figure and its place (`Spot`), a `Finding`, a stored table
with its rows (`DocTable`), and the comparison within rounding.

Two figures differ when they are further apart than rounding explains: ±0.01 in the printed unit,
plus half a printed unit for each rounded part of a sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlite_utils

from . import query
from .domain import SUBTOTAL_WORDS, TO_WAN, TOTAL_WORDS
from .model import TableRow

KINDS = {
    "narrative_table": "说明与表格不一致",
    "parts_sum": "分项之和与合计不一致",
    "income_spending": "收入总计与支出总计不一致",
    "running_public": "机关运行经费与公用经费不一致",
    "percentage": "百分比与所述数字不一致",
}


@dataclass(frozen=True)
class Spot:
    """One figure and where it stands: a table cell, a narrative sentence, or a sum of cells."""

    where: str  # "表7《2024年一般公共预算“三公”经费支出情况表》" or "说明 六（二）“三公”经费预算"
    row: str | None  # the table row (or the rows of a sum); None in the narrative
    column: str | None  # the table column, or the parts of a sum
    value: float  # as printed
    unit: str  # 元 / 万元 / 亿元, the unit it is printed in; % for a percentage
    value_wan: float
    decimals: int = 2  # printed precision, for the rounding slack
    page: int | None = None  # the page of a PDF table
    quote: str | None = None  # the narrative sentence the figure stands in

    @property
    def half_unit_wan(self) -> float:
        return 0.5 * 10 ** -self.decimals * TO_WAN.get(self.unit, 1.0)

    def figure(self) -> str:
        text = f"{self.value:,.{self.decimals}f}{self.unit}"
        return text if self.unit in ("万元", "%") else f"{text}（{self.value_wan:,.2f}万元）"

    def place(self, columns: tuple[str, ...] = ()) -> str:
        """表7《…》（第29页） 行「合计」 列「小计」; `columns` names several columns instead of its own."""
        parts = [f"{self.where}（第{self.page}页）" if self.page else self.where]
        if self.row:
            parts.append(f"行「{self.row}」")
        if columns or self.column:
            parts.append("列" + "".join(f"「{c}」" for c in (columns or (self.column,))))
        return " ".join(parts)


@dataclass(frozen=True)
class Finding:
    """Two figures that should agree and do not. `columns` names every column where the same two
    rows disagree alike (one error printed in several columns); `related` holds the other
    contradictions the same figure takes part in (a wrong total against its parts and the narrative)."""

    kind: str  # a key of KINDS
    message: str  # Chinese, naming both places and both figures
    first: Spot
    second: Spot
    columns: tuple[str, ...] = ()
    related: tuple[Finding, ...] = ()
    subject: str = ""

    @property
    def spots(self) -> tuple[Spot, ...]:
        """Every figure the finding names, the shared one first, each once."""
        found = [self.first, self.second, *(s for f in self.related for s in (f.first, f.second))]
        return tuple(dict.fromkeys(found))

    @property
    def quotes(self) -> tuple[str, ...]:
        """The narrative sentences the finding's figures stand in, each once."""
        return tuple(dict.fromkeys(s.quote for s in self.spots if s.quote))


@dataclass(frozen=True)
class DocTable:
    number: int
    title: str
    kind: str
    unit: str
    columns: list[str]
    rows: list[TableRow]
    decimals: int  # 0 when every figure is whole: a 元 table rounded to the 元
    page: int | None = None

    @property
    def where(self) -> str:
        return f"表{self.number}《{self.title}》"


def load_tables(db: sqlite_utils.Database, document_id: int) -> list[DocTable]:
    """The document's tables with figures; a table whose cells cannot be told apart is left out."""
    all_rows = query.table_rows(db, document_id)
    tables = []
    for t in query.tables(db, document_id):
        rows = [r for r in all_rows if r.table_number == t.number]
        if t.empty or not rows:
            continue
        if len(set(t.columns)) < len(t.columns) and not any(r.group for r in rows):
            continue  # side-by-side blocks read as one: two columns of one name share a cell
        whole = all(float(v).is_integer() for r in rows for v in r.values.values())
        tables.append(DocTable(t.number, t.title, t.kind, t.unit, list(t.columns), rows, 0 if whole else 2, t.page))
    return tables


def differs(first: Spot, second: Spot, *, parts: int = 1) -> bool:
    """True when two figures disagree beyond rounding; `second` may be a sum of `parts` rounded figures."""
    slack = first.half_unit_wan + parts * second.half_unit_wan
    floor = 0.01 * max(TO_WAN.get(first.unit, 1.0), TO_WAN.get(second.unit, 1.0))
    return abs(first.value_wan - second.value_wan) > max(slack, floor) + 1e-9


def cell(table: DocTable, row: TableRow, column: str) -> Spot:
    """A table cell; an empty cell of a stated column reads as zero."""
    return Spot(
        table.where, row_label(row), column, row.values.get(column, 0.0), table.unit,
        row.values_wan.get(column, 0.0), table.decimals, table.page,
    )


def sum_spot(table: DocTable, row_label_: str, column: str, parts: list[Spot]) -> Spot:
    return Spot(
        table.where, row_label_, column, round(sum(p.value for p in parts), 6), table.unit,
        round(sum(p.value_wan for p in parts), 6), table.decimals, table.page,
    )


def row_label(row: TableRow) -> str:
    label = f"{row.code} {row.name}" if row.code else row.name
    if row.unit_name:
        label = f"{row.unit_name}：{label}"
    return f"{row.group}：{label}" if row.group else label


def clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_total_name(name: str) -> bool:
    return clean(name).removeprefix("本年") in TOTAL_WORDS


def total_column(table: DocTable) -> str | None:
    """The column that holds a row's total: 合计/总计/小计, else the first figure column."""
    for column in table.columns:
        if any(word in column for word in SUBTOTAL_WORDS) and not column.startswith("其中"):
            return column
    return next((c for c in table.columns if any(c in r.values for r in table.rows)), None)


def mismatch(kind: str, subject: str, first: Spot, second: Spot, *, parts: int = 1) -> Finding | None:
    """A finding when the two figures disagree, with the Chinese message naming both."""
    if not differs(first, second, parts=parts):
        return None
    return Finding(kind, describe(subject, first, second), first, second, subject=subject)


def describe(subject: str, first: Spot, second: Spot, columns: tuple[str, ...] = ()) -> str:
    """The message of a finding: both places, both figures and the gap, in 万元."""
    gap = abs(first.value_wan - second.value_wan)
    return (
        f"{subject}：{first.place(columns)} 为 {first.figure()}，而 {second.place(columns)} 为 {second.figure()}，"
        f"相差 {gap:,.2f}万元。"
    )
