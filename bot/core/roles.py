"""What each kind of table means to an answer: the role its figures play (基本支出中的经济科目), the
subjects whose own table it is (SCOPE_TABLES), and which of its rows and columns state a figure."""

from __future__ import annotations

import re

from knowledge.domain import SUBTOTAL_WORDS, TableKind
from knowledge.model import TableRow
from nlu.names import name_key

# tables whose total row breaks a subject down by column: 三公 (公务接待费…), 基本支出 (人员经费, 公用经费)
BUDGET_BY_UNIT = (TableKind.INCOME_SPENDING_TOTAL, TableKind.INCOME, TableKind.SPENDING)  # list units' budgets
COLUMN_TABLES = (TableKind.THREE_PUBLIC, TableKind.BASIC_SPENDING, TableKind.GENERAL_BUDGET, TableKind.SPENDING,
                 TableKind.INCOME)
# tables whose rows are not amounts of a subject (a project's 资金总额 is: its table stays in)
NOT_FIGURE_TABLES = (TableKind.DEPT_PERFORMANCE, TableKind.PERFORMANCE, TableKind.OTHER)
TABLE_ROLE = {
    TableKind.BASIC_SPENDING: "基本支出中的经济科目",
    TableKind.THREE_PUBLIC: "“三公”经费口径",
    TableKind.GENERAL_BUDGET: "一般公共预算支出（功能科目）",
    TableKind.SPENDING: "部门支出（功能科目）",
    TableKind.INCOME: "部门收入（功能科目）",
    TableKind.INCOME_SPENDING_TOTAL: "收支总表",
    TableKind.FISCAL_TOTAL: "财政拨款收支总表",
    TableKind.GOV_FUND: "政府性基金预算支出",
    TableKind.PROJECT_PERFORMANCE: "项目支出绩效目标表中的项目资金",
    TableKind.STATE_CAPITAL: "国有资本经营预算支出",
    TableKind.PROJECT_SPENDING: "项目支出表中的项目",
    TableKind.GENERAL_BUDGET_ECONOMIC: "一般公共预算支出中的经济科目",
    TableKind.FISCAL_SPENDING: "财政拨款支出（功能科目）",
    TableKind.RUNNING_COSTS: "机关运行经费表",
    TableKind.PROCUREMENT: "政府采购表",
    TableKind.PURCHASE_SERVICES: "政府购买服务表",
}
OTHER_TABLE_ROLE = "表中所列"  # a table of a kind not named above
NARRATIVE = "narrative"  # the role of a figure the text states
GLOSSARY = "名词解释"
_BASIC = frozenset({TableKind.BASIC_SPENDING})
# 基本支出里的办公费: the tables a subject's parts are listed in, when a question names it as their scope
SCOPE_TABLES = {
    "基本支出": _BASIC, "人员经费": _BASIC, "公用经费": _BASIC, "工资福利支出": _BASIC, "商品和服务支出": _BASIC,
    "对个人和家庭的补助": _BASIC, "三公经费": frozenset({TableKind.THREE_PUBLIC}),
    "一般公共预算": frozenset({TableKind.GENERAL_BUDGET}), "一般公共预算拨款": frozenset({TableKind.GENERAL_BUDGET}),
    "政府性基金": frozenset({TableKind.GOV_FUND}), "政府采购": frozenset({TableKind.PROCUREMENT}),
    "项目支出": frozenset({TableKind.PROJECT_PERFORMANCE}),
    "国有资本经营预算": frozenset({TableKind.STATE_CAPITAL}), "机关运行经费": frozenset({TableKind.RUNNING_COSTS}),
}


GENERIC_COLUMNS = re.compile(r"^(?:(?:本年|年初|全年)?(?:预算|决算)数?|金额|合计|总计|小计|本年|上年|数额)$")


def generic_column(column: str) -> bool:
    """A column that names no subject (预算数, 合计, 2024年预算数): its figure is the row's, not a subject's —
    unless it is printed as a part (其中：2026年政府采购项目中预留给中小企业的项目资金规模)."""
    key = name_key(column)
    return bool(GENERIC_COLUMNS.match(key) or re.match(r"^(?:19|20)\d{2}", key) and not column.startswith("其中"))


def is_figure_row(row: TableRow) -> bool:
    """A row that states an amount of its subject: not a performance indicator, except a project's 资金总额."""
    if row.table_kind == TableKind.PROJECT_PERFORMANCE:
        return is_project(row)
    return row.table_kind not in NOT_FIGURE_TABLES


def is_project(row: TableRow) -> bool:
    """A 项目支出绩效目标表 row that names a project with its 资金总额 (not an indicator line)."""
    return "资金总额" in row.values and not row.name.endswith("指标") and "，" not in row.name


def column_rank(column: str, kind: str) -> int:
    """Which column of a row states the row's figure: a total, this year's, the 决算数 of a 决算 —
    not a carried-over balance (结转/结余). Ties keep the table's order (max keeps the first)."""
    rank = 0
    if any(word in column for word in (*SUBTOTAL_WORDS, "本年")):
        rank += 2
    if kind == "决算" and "决算" in column:
        rank += 3
    if any(word in column for word in ("结转", "结余", "上年", "年初")):
        rank -= 5
    return rank
