"""Performance indicators (绩效指标) of the project and department-wide performance tables.

Two layouts are read. In a list of projects the project name and goal stand in columns of their
own, beside the indicator columns. In a form per project they stand as label/value pairs above the
indicators (项目名称 | 办公楼物业, 年度目标 | …). Either way the indicator columns are located by
their header names (一级指标, 二级指标, 三级指标, 指标值, …) and aligned to the data by the column
where level-one values (产出指标, 效益指标, …) stand, since merged header cells may be shifted.
"""

from __future__ import annotations

import re

from .domain import TOTAL_WORDS, to_wan
from .model import Indicator, RawTable, Table

FIELDS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "name": ("三级指标", "指标名称"),
    "value": ("指标值", "目标值", "指标值（包含数字及文字描述）"),
    "content": ("指标值内容", "指标解释", "指标内容"),
    "rule": ("评（扣）分标准", "评(扣)分标准", "评分标准"),
    "unit": ("度量单位", "计量单位", "单位"),
    "kind": ("指标值类型", "指标性质", "指标方向"),
}
LEVEL1 = re.compile(r"^(成本|产出|效益|满意度|效果|服务对象满意度)指标$")
# labels of a form's label/value rows
PROJECT_LABELS = ("项目名称",)
GOAL_LABELS = ("年度目标", "年度绩效目标", "绩效目标", "项目绩效目标", "总体目标", "项目目标")
COMPARATOR = re.compile(r"[≥≤＞＜>＝=]|不低于|不高于|不超过|不少于|大于等于|小于等于")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def read_indicators(raw: RawTable, table_number: int) -> list[Indicator]:
    rows = [[c.strip() for c in row] for row in raw.rows]
    header_row = next((r for r, row in enumerate(rows) if "一级指标" in map(_clean, row)), None)
    if header_row is None:
        return []
    header_cols = _header_columns([_clean(c) for c in rows[header_row]])
    data_level1 = next((c for row in rows for c, cell in enumerate(row) if LEVEL1.match(_clean(cell))), None)
    if data_level1 is None or "level1" not in header_cols:
        return []
    offset = data_level1 - header_cols["level1"]
    head = [row for row in rows[: header_row + 1] if _pair(row) is None]
    project_col = _find(head, lambda c: "名称" in c)
    goal_col = _find(head, lambda c: c.endswith("绩效目标") and "年度" not in c)
    indicators: list[Indicator] = []
    carry = {"project": "", "goal": "", "level1": "", "level2": "", "budget": ""}
    in_head = False  # inside a form's head (主管部门, 项目资金…), from its 项目名称 to its 一级指标 row
    for r, row in enumerate(rows):
        pair = _pair(row)
        if pair is not None:
            label, value = pair
            if label in PROJECT_LABELS:
                carry.update(project=value, goal="", level1="", level2="", budget="")
                in_head = True
            else:
                carry["goal"] = value
            continue
        if "一级指标" in map(_clean, row):
            in_head = False
            continue
        if in_head or r <= header_row:
            budget = _form_budget(row) if carry["project"] and not carry["budget"] else None
            if budget is not None:  # 资金总额 6200.00 in the form's head: the project's money
                carry["budget"] = carry["project"]
                indicators.append(Indicator(table=table_number, project=carry["project"], level1="", level2="",
                                            name=BUDGET_NAME, value=f"{budget:.2f}", target=budget, unit="万元",
                                            kind=None, content=None, rule=None, goal=None))
            continue

        def cell(field: str, row: list[str] = row) -> str:
            col = header_cols.get(field)
            return _at(row, col + offset) if col is not None else ""

        if project_col is not None and _at(row, project_col):
            carry["project"] = _at(row, project_col)
        goal = _goal(row, goal_col, offset)
        if goal:
            carry["goal"] = goal
        for level in ("level1", "level2"):
            if cell(level):
                carry[level] = cell(level)
                if level == "level1":
                    carry["level2"] = ""
        name, value = cell("name"), cell("value")
        if not name or LEVEL1.match(_clean(name)):
            continue
        indicators.append(_indicator(table_number, carry, name, value, cell))
    return indicators


def _indicator(table_number: int, carry: dict[str, str], name: str, value: str, cell) -> Indicator:
    numbers = NUMBER.findall(value.replace(",", ""))
    comparator = COMPARATOR.search(value)
    # a unit printed with the one figure: ≤5137.26平方米, ≥90%, =24小时/日
    rest = COMPARATOR.sub("", NUMBER.sub("", value.replace(",", ""))).strip()
    printed_unit = rest if len(numbers) == 1 and re.fullmatch(r"[\u4e00-\u9fff%％/]{1,6}", rest) else None
    return Indicator(
        table=table_number,
        project=carry["project"],
        level1=carry["level1"],
        level2=carry["level2"],
        name=name,
        value=value,
        target=float(numbers[0]) if numbers else None,
        unit=cell("unit") or printed_unit,
        kind=cell("kind") or (comparator.group() if comparator else None),
        content=cell("content") or None,
        rule=cell("rule") or None,
        goal=carry["goal"] or None,
    )


BUDGET_NAME = "资金总额"  # the indicator a form's head gives the project's money as
GOAL_COLUMN = re.compile(r"绩效目标$")


def project_goals(table: Table) -> list[Indicator]:
    """A project spending table with a 绩效目标 column (广州's 部门预算项目支出…预算表): each project's goal
    and money, as a project form's head would give them, so that 这个项目是干什么的 finds them."""
    goals = []
    for row in table.rows:
        goal = next((text for column, text in row.texts.items() if GOAL_COLUMN.search(column)), "")
        total = next((value for column, value in row.values.items() if column in TOTAL_WORDS and value is not None),
                     next((value for value in row.values.values() if value is not None), None))
        wan = to_wan(total, table.unit)
        if goal and wan is not None:
            goals.append(Indicator(table=table.number, project=row.name, level1="", level2="", name=BUDGET_NAME,
                                   value=f"{wan:.2f}", target=wan, unit="万元", kind=None, content=None, rule=None,
                                   goal=goal))
    return goals
BUDGET_LABEL = re.compile(r"(?:年度预算)?资金总额[：:]?$")


def _form_budget(row: list[str]) -> float | None:
    """资金总额 | 6200.00 (or 年度预算资金总额： | 54.00) in a project form's head: the figure."""
    cells = [_clean(c) for c in row if _clean(c)]
    for i, cell in enumerate(cells[:-1]):
        if BUDGET_LABEL.search(cell) and NUMBER.fullmatch(cells[i + 1].replace(",", "")):
            return float(cells[i + 1].replace(",", ""))
    return None


def _pair(row: list[str]) -> tuple[str, str] | None:
    """A form's label/value row: 项目名称 | 办公楼物业, 年度目标 | …; None for any other row."""
    cells = [c for c in row if c]
    if len(cells) >= 2 and _clean(cells[0]) in PROJECT_LABELS + GOAL_LABELS and _clean(cells[1]) != "一级指标":
        return _clean(cells[0]), cells[1]
    return None


def _goal(row: list[str], col: int | None, offset: int) -> str:
    """The goal text, in its header's column or shifted like the indicator columns."""
    if col is None:
        return ""
    for candidate in (_at(row, col + offset), _at(row, col)):
        if candidate and not re.fullmatch(r"[\d,.\s]+", candidate):
            return candidate
    return ""


def _header_columns(cells: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for field, names in FIELDS.items():
        for c, cell in enumerate(cells):
            if cell in names and field not in cols:
                cols[field] = c
    return cols


def _find(rows: list[list[str]], test) -> int | None:
    for row in rows:
        for c, cell in enumerate(row):
            if cell and test(_clean(cell)):
                return c
    return None


def _clean(cell: str) -> str:
    return cell.replace(" ", "").replace("\n", "").strip()


def _at(row: list[str], col: int) -> str:
    return row[col].strip() if 0 <= col < len(row) else ""
