"""Tables: a raw table (merged across pages) to a `Table` — its kind from the title, its head
(knowledge.table_header), its rows (knowledge.table_rows), 科目 codes supplied where none are printed.

A table is read by its structure, the same in every template: stacked header rows name the columns;
a row's 科目 stands in code columns or inside the name; a 预算单位 column groups rows by unit; the
other columns hold figures. Where a table prints names without codes (深圳's 基本支出总表, 杭州's
功能分类 tables), the national 政府收支分类科目 (knowledge.classification) supplies them, following
the tree of 类, 款 and 项 down the rows (knowledge.coding).
"""

from __future__ import annotations

from .coding import code_by_name
from .domain import TableKind
from .model import RawTable, Row, Table
from .profiles import Profile, national
from .table_header import code_labels_in_data, column_names, leading_headers, parse_number, table_unit
from .table_rows import block_rows, blocks

# tables whose rows are 科目 of the national lists, by the system they follow
ECONOMIC_KINDS = (TableKind.BASIC_SPENDING, TableKind.GENERAL_BUDGET_ECONOMIC, TableKind.RUNNING_COSTS)
CLASSIFIED_KINDS = ECONOMIC_KINDS + (
    TableKind.GENERAL_BUDGET, TableKind.SPENDING, TableKind.INCOME, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
    TableKind.FISCAL_SPENDING, TableKind.FISCAL_TOTAL, TableKind.INCOME_SPENDING_TOTAL, TableKind.PROJECT_SPENDING,
)


def build_table(
    raw: RawTable, number: int, default_unit: str | None = None, *, profile: Profile | None = None
) -> Table:
    profile = profile or national()
    kind = profile.classify(raw.title)
    width = max((len(r) for r in raw.rows), default=0)
    n_header = leading_headers(raw.rows)
    header = raw.rows[:n_header]
    unit = table_unit(raw, header, default_unit or profile.default_unit)
    columns = column_names(header, width)
    data = [r + [""] * (width - len(r)) for r in raw.rows[n_header:] if any(c for c in r)]
    code_labels_in_data(columns, data)
    empty = not any(parse_number(c) not in (None, 0.0) for r in data for c in r[1:])
    rows: list[Row] = []
    for block in blocks(header, columns, data):
        read = block_rows(data, columns, block)
        if kind in CLASSIFIED_KINDS:
            code_by_name(read, "economic" if kind in ECONOMIC_KINDS else None)
        rows.extend(read)
    if empty:
        rows = []  # a table published empty (空表) says "none", whatever placeholder zeros it shows
    return Table(number, raw.title, kind, unit, [c for c in columns if c], rows, empty=empty, page=raw.page)
