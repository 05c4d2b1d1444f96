"""The words of the budget domain that reading, checking and answering all rely on, in one place:
what the narrative measures, the kinds of standard table, total rows, organisation names, the
“三公” parts, and money units with their conversion to 万元.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Measure(StrEnum):
    """What a narrative fact states about its subject."""

    AMOUNT = "amount"  # 基本支出380.33万元
    CHANGE = "change"  # 比上年增加3.90万元 (negative for a decrease)
    CHANGE_PCT = "change_pct"  # 增长11.17%
    SHARE = "share"  # 占支出总额的13.34%
    REASON = "reason"  # 主要原因是…
    PURPOSE = "purpose"  # what a subject is for, stated without a figure
    USE = "use"  # 主要用于…
    COUNT = "count"  # 公务用车1辆
    NEW_COUNT = "new_count"  # 拟新增2台
    PEOPLE = "people"  # 涉及200人
    NONE = "none"  # 无 / 未安排 / 不编制
    BUDGET = "budget"  # a 决算's 年初预算
    FINAL = "final"  # a 决算's 决算数
    COMPLETION_PCT = "completion_pct"  # 完成年初预算的98.5%


class TableKind(StrEnum):
    """The standard tables of a disclosure (the 财政部 template), by what they hold."""

    INCOME_SPENDING_TOTAL = "income_spending_total"  # 收支总表
    INCOME = "income"  # 收入总表
    SPENDING = "spending"  # 支出总表
    FISCAL_TOTAL = "fiscal_total"  # 财政拨款收支总表
    GENERAL_BUDGET = "general_budget"  # 一般公共预算支出表 (功能科目)
    BASIC_SPENDING = "basic_spending"  # 一般公共预算基本支出表 (经济科目)
    THREE_PUBLIC = "three_public"  # “三公”经费支出表
    GOV_FUND = "gov_fund"  # 政府性基金预算支出表
    STATE_CAPITAL = "state_capital"  # 国有资本经营预算支出表
    PROCUREMENT = "procurement"  # 政府采购预算表
    PROJECT_PERFORMANCE = "project_performance"  # 项目支出绩效目标表
    DEPT_PERFORMANCE = "dept_performance"  # 部门整体支出绩效目标表
    PERFORMANCE = "performance"  # another 绩效 table
    OTHER = "other"

    @property
    def is_performance(self) -> bool:
        return self in (TableKind.PROJECT_PERFORMANCE, TableKind.DEPT_PERFORMANCE, TableKind.PERFORMANCE)


# a row that totals its table
TOTAL_WORDS = ("合计", "总计")
SUBTOTAL_WORDS = (*TOTAL_WORDS, "小计")

# how a body's name ends: 长沙市信访局, 上海市普陀区万里街道办事处, 杭州市第一监狱 — plain enough to be
# looked for inside a question (a lone 会, 部 or 站 is not: 会议费, 部门预算, 网站)
ORG_SUFFIXES = (
    "委员会", "办公室", "办事处", "人民政府", "中心", "街道", "基地", "监狱", "学校", "学院", "医院", "大学",
    "法院", "检察院", "研究院", "研究所", "局", "厅", "署", "馆",
)
# how a unit's name ends in a table listing the units of a department, where nothing else stands beside it
UNIT_SUFFIXES = (*ORG_SUFFIXES, "院", "所", "站", "队")
# single characters that end a body's name on a title page
ORG_FINAL_CHARS = tuple("局厅委办室处会院所站队中心馆部署社园校团")
UNIT = re.compile(rf"[\u4e00-\u9fff0-9（）()]{{2,30}}?(?:{'|'.join(UNIT_SUFFIXES)})")


def is_organisation(name: str) -> bool:
    """长沙市行政审批服务局, 本级: a name of a body or unit, not of a budget subject."""
    return name == "本级" or bool(UNIT.fullmatch(name))


# the “三公” expenses and their parts, as the disclosures name them
THREE_PUBLIC = "“三公”经费"
TRIPS_ABROAD = "因公出国（境）费"
RECEPTIONS = "公务接待费"
VEHICLES = "公务用车购置及运行费"
VEHICLE_PURCHASE = "公务用车购置费"
VEHICLE_RUNNING = "公务用车运行费"
THREE_PUBLIC_PARTS = (TRIPS_ABROAD, RECEPTIONS, VEHICLES)

# money units and their worth in 万元, the unit every figure is also kept in
TO_WAN = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}
MONEY_UNITS = tuple(TO_WAN)


def to_wan(value: float | None, unit: str | None) -> float | None:
    """A money figure in 万元; None for a count, a percentage or a missing figure."""
    if value is None or unit not in TO_WAN:
        return None
    return round(value * TO_WAN[unit], 6)
