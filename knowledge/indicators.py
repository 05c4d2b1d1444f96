"""Performance indicators (绩效指标) of the project and department-wide performance tables.

These tables are wide, with merged header cells that a conversion may shift by a column. The
indicator columns are therefore located by their header names (一级指标, 二级指标, 三级指标, 指标值,
…) and aligned to the data by the column where level-one values (产出指标, 效益指标, …) stand.
"""

from __future__ import annotations

import re

from .model import Indicator, RawTable

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


def read_indicators(raw: RawTable, table_number: int) -> list[Indicator]:
    header_row, header_cols = _header_columns(raw.rows)
    if header_row is None:
        return []
    data_level1 = next(
        (c for row in raw.rows for c, cell in enumerate(row) if LEVEL1.match(cell.replace(" ", ""))), None
    )
    if data_level1 is None:
        return []
    offset = data_level1 - header_cols["level1"]
    project_col = _find(raw.rows[: header_row + 1], lambda c: "名称" in c)
    goal_col = _find(raw.rows[: header_row + 1], lambda c: c.endswith("绩效目标") and "年度" not in c)
    indicators: list[Indicator] = []
    carry = {"project": "", "goal": "", "level1": "", "level2": ""}
    for row in raw.rows[header_row + 1 :]:
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
        if not name or LEVEL1.match(name):
            continue
        m = re.search(r"-?\d+(?:\.\d+)?", value.replace(",", ""))
        indicators.append(
            Indicator(
                table=table_number,
                project=carry["project"],
                level1=carry["level1"],
                level2=carry["level2"],
                name=name,
                value=value,
                target=float(m.group()) if m else None,
                unit=cell("unit") or None,
                kind=cell("kind") or None,
                content=cell("content") or None,
                rule=cell("rule") or None,
                goal=carry["goal"] or None,
            )
        )
    return indicators


def _goal(row: list[str], col: int | None, offset: int) -> str:
    """The goal text, in its header's column or shifted like the indicator columns."""
    if col is None:
        return ""
    for candidate in (_at(row, col + offset), _at(row, col)):
        if candidate and not re.fullmatch(r"[\d,.\s]+", candidate):
            return candidate
    return ""


def _header_columns(rows: list[list[str]]) -> tuple[int | None, dict[str, int]]:
    for r, row in enumerate(rows[:6]):
        cells = [c.replace(" ", "").replace("\n", "") for c in row]
        if "一级指标" not in cells:
            continue
        cols: dict[str, int] = {}
        for field, names in FIELDS.items():
            for c, cell in enumerate(cells):
                if cell in names and field not in cols:
                    cols[field] = c
        return r, cols
    return None, {}


def _find(rows: list[list[str]], test) -> int | None:
    for row in rows:
        for c, cell in enumerate(row):
            if cell and test(cell.replace(" ", "")):
                return c
    return None


def _at(row: list[str], col: int) -> str:
    return row[col].strip() if 0 <= col < len(row) else ""
