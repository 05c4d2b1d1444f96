"""The words of the budget domain that reading, checking and answering all rely on, in one place:
what the narrative measures, the kinds of standard table, total rows, organisation names, the
“三公” parts, money units with their conversion to 万元, years as titles print them, and the kinds
of published file that are no disclosure.
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
    PROJECT_SPENDING = "project_spending"  # 项目支出表 (a list of projects with their figures)
    GENERAL_BUDGET_ECONOMIC = "general_budget_economic"  # 一般公共预算支出表 by 经济分类
    FISCAL_SPENDING = "fiscal_spending"  # 财政拨款支出表 (功能科目)
    RUNNING_COSTS = "running_costs"  # 机关运行经费支出表
    PROCUREMENT = "procurement"  # 政府采购预算表
    PURCHASE_SERVICES = "purchase_services"  # 政府购买服务表
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

# How an organisation's name ends, in the three places it is looked for; each list is as wide as its
# place allows. A question: ORG_SUFFIXES. A title, a label or a sentence naming a department or unit:
# ORG_ENDINGS (below, with is_org_name). A table row naming a unit of the department: UNIT_ROW_ENDINGS.

# how a body's name ends: 长沙市信访局, 上海市普陀区万里街道办事处, 杭州市第一监狱 — plain enough to be
# looked for inside a question (a lone 会, 部 or 站 is not: 会议费, 部门预算, 网站)
ORG_SUFFIXES = (
    "委员会", "办公室", "办事处", "人民政府", "中心", "街道", "基地", "监狱", "学校", "学院", "医院", "大学",
    "法院", "检察院", "研究院", "研究所", "支队", "大队", "总队", "局", "厅", "署", "馆",
)
# how a row naming a unit of the department ends, in a table listing its units: the rows below it are
# that unit's (a 科目 such as 图书馆 is told apart by the national lists, knowledge.coding.is_subject)
UNIT_ROW_ENDINGS = (
    "局", "中心", "所", "监狱", "办公室", "委员会", "院", "站", "队", "馆", "学校", "办事处", "本级", "街道",
)


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


# reading ------------------------------------------------------------------------------------------

# the names a total row prints in the tables as read
TOTAL_NAMES = (*TOTAL_WORDS, "本年合计", "本年收入合计", "本年支出合计", "收入总计", "支出总计")


def is_total(name: str) -> bool:
    """合计 / 总计 / 本年支出合计, however it is spaced (合  计)."""
    return re.sub(r"\s+", "", name or "").rstrip("：:") in TOTAL_NAMES


# 单位：万元 / 金额单位：元 / 单位:人民币元 / （单位：万元）
UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(?:人民币)?\s*(亿元|万元|元)")


def unit_of(line: str, default: str = "万元") -> str:
    """The money unit a 单位 line names, or the default."""
    m = UNIT_LINE.search(re.sub(r"\s+", "", line or ""))
    return m.group(1) if m else default


# organisations, as a title, a cover label or a sentence names them: how the name of a department or unit
# ends (局, 委员会, 中心…; （本级） is taken off first by is_org_name)
ORG_ENDINGS = (
    "局", "厅", "委", "办", "室", "处", "会", "院", "所", "站", "队", "中心", "馆", "部", "署", "社", "园", "校",
    "团", "场", "狱", "街道", "政府", "集团", "基地", "公司", "台", "库", "区管委会", "保护区", "机关", "联", "协",
)
# a name in brackets after an organisation: （本级） / （汇总） / （上海市统计数据管理中心）
BRACKETED = re.compile(r"[（(][^（）()]{1,30}[）)]$")
# words that head a document but name no department
GENERIC_NAMES = re.compile(
    r"^(?:(?:市|区|县|省|州|旗|乡|镇)级)?(?:部门|单位|预算单位|机关|本级)?$|^[\u4e00-\u9fff]{1,8}(?:省|市|区|县|州|旗)$"
)
NAME_CHARS = r"[\u4e00-\u9fff0-9０-９（）()·]"


def is_org_name(name: str) -> bool:
    """A department or unit name: ends as organisations do and is more than a place or a heading."""
    if not name or len(name) < 3 or len(name) > 50 or GENERIC_NAMES.match(name):
        return False
    core = BRACKETED.sub("", name)
    if core != name and name[len(core) + 1 : -1] in ("本级", "汇总", "部门本级", "单位本级"):
        return is_org_name(core)
    return core.endswith(ORG_ENDINGS) and not GENERIC_NAMES.match(core)


# years: 2026年 / 2026 年度 / 二〇二六年
CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
CN_YEAR = re.compile(r"([二一][〇○Ｏ零一二三四五六七八九]{3})年度?")


def western_years(text: str) -> str:
    """二〇二六年 -> 2026年, so that one pattern finds a year however it is printed."""
    return CN_YEAR.sub(lambda m: "".join(CN_DIGITS[c] for c in m.group(1)) + "年", text)


# kinds of published file that are not a disclosure, by a word of their title
NOT_DISCLOSURE = (
    ("绩效目标表", "a 绩效目标表 published on its own, without the 部门预算 tables and their explanation"),
    ("绩效评价", "a 绩效评价 (performance evaluation) report"),
    ("绩效自评", "a 绩效自评 (performance self-assessment) report"),
    ("流程图", "a process chart"),
    ("公报", "an official gazette (公报)"),
    ("通报", "a circular (通报)"),
    ("通知", "a notice (通知)"),
    ("文件", "an official document (文件)"),
    ("办法", "a set of rules (办法)"),
    ("方案", "a work plan (方案)"),
    ("报告", "a report"),
)
