"""Words every disclosure shares, whatever its city: totals, organisation names, money units, years.

Readers and parsers take these from here so that one list decides what a 合计 row, a department
name or a 单位：元 line is, in the title, the narrative and the tables alike.
"""

from __future__ import annotations

import re

# rows and columns that hold a total
TOTAL_WORDS = ("合计", "总计", "本年合计", "本年收入合计", "本年支出合计", "收入总计", "支出总计")


def is_total(name: str) -> bool:
    """合计 / 总计 / 本年支出合计, however it is spaced (合  计)."""
    return re.sub(r"\s+", "", name or "").rstrip("：:") in TOTAL_WORDS


# money: the units a figure is printed in, and their worth in 万元
TO_WAN = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}
MONEY_UNITS = tuple(TO_WAN)
# 单位：万元 / 金额单位：元 / 单位:人民币元 / （单位：万元）
UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(?:人民币)?\s*(亿元|万元|元)")


def to_wan(value: float | None, unit: str | None) -> float | None:
    """A figure in 万元, from 元, 万元 or 亿元; None for other units."""
    if value is None or unit not in TO_WAN:
        return None
    return round(value * TO_WAN[unit], 6)


def unit_of(line: str, default: str = "万元") -> str:
    """The money unit a 单位 line names, or the default."""
    m = UNIT_LINE.search(re.sub(r"\s+", "", line or ""))
    return m.group(1) if m else default


# organisations: how the name of a department or unit ends (局, 委员会, 中心, （本级）…)
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
