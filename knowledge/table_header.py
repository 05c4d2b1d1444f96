"""Table heads: continuation pages merged, header rows told from data rows, column names, the unit.

Stacked header rows name the columns: a merged parent cell names its children's span, a name printed
under several parents takes its parent's. The patterns of a cell (a figure, a 科目 code) that tell
header rows from data rows are here, shared with knowledge.table_rows, which reads the rows below.
"""

from __future__ import annotations

import re

from .domain import UNIT_LINE, is_total, unit_of
from .model import RawTable

NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
CODE = re.compile(r"^\d{3,7}$")
CODE_PARTS = ("类", "款", "项")
EMBEDDED_CODE = re.compile(r"^[\[【]?(\d{3}|\d{5}|\d{7})[\]】]?[\s_\-]*([\u4e00-\u9fff].*)$")
GENERIC = ("金额", "小计", "合计", "决算数", "预算数")


def merge_continuations(raws: list[RawTable]) -> list[RawTable]:
    """A table whose title repeats on the next page is one table; its repeated header rows go, and
    so do the rows a page repeats from the first (a 合计 row printed on every page)."""
    merged: list[RawTable] = []
    for raw in raws:
        if merged and _key(merged[-1].title) == _key(raw.title):
            previous = merged[-1]
            if _opens_form(raw.rows):  # the next project's form (项目名称 | …): all of it, its name too
                previous.rows.extend(raw.rows)
                continue
            first_page = previous.rows[: leading_headers(previous.rows) + 1]
            rows = raw.rows
            skip = 0
            while skip < len(rows) and (rows[skip] in first_page or _is_marker_row(rows[skip])):
                skip += 1
            rows = rows[skip:]
            if skip == 0:
                rows = rows[leading_headers(rows) :]
            previous.rows.extend(rows)
            previous.unit_line = previous.unit_line or raw.unit_line
        else:
            merged.append(RawTable(raw.title, raw.unit_line, raw.org_line, list(raw.rows), raw.page))
    return merged


def _opens_form(rows: list[list[str]]) -> bool:
    """Whether rows begin a performance form of a project of their own: 项目名称 | 交通战备专项."""
    first = next((row for row in rows if any(row)), [])
    cells = [c for c in first if c]
    return len(cells) >= 2 and cells[0].replace(" ", "") == "项目名称"


def _key(title: str) -> str:
    return re.sub(r"[\s（）()]|续表|续", "", title)


def is_figure(cell: str) -> bool:
    return bool(NUMBER.match(cell.replace(" ", "")))


def _is_data_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if not cells:
        return False
    has_figure = any(is_figure(c) and ("." in c or "," in c) for c in cells)
    # a 合计 cell heads a column in some header rows; as a row name it comes with figures (or none at all)
    if is_total(cells[0]) and (has_figure or len(cells) <= 2):
        return True
    return bool(CODE.match(cells[0])) or bool(EMBEDDED_CODE.match(cells[0])) or has_figure


def _is_marker_row(row: list[str]) -> bool:
    """The column numbering row: ** ** 1 2 3 / 栏次."""
    cells = [c for c in row if c]
    return bool(cells) and all(c in ("**", "*", "栏次") or re.fullmatch(r"\d{1,2}", c) for c in cells) and (
        "**" in cells or "栏次" in cells
    )


def leading_headers(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if _is_marker_row(row):
            return i + 1
        if _is_data_row(row):
            return i
    return len(rows)


def column_names(header: list[list[str]], width: int) -> list[str]:
    """One name per column from stacked header rows; a merged parent cell names its children's span."""
    grid = [
        [re.sub(r"\s+", "", c) for c in row] + [""] * (width - len(row)) for row in header if not _is_marker_row(row)
    ]
    names: list[str] = []
    all_parts: list[list[str]] = []
    for col in range(width):
        parts = []
        for r, row in enumerate(grid):
            cell = row[col]
            if not cell:
                # a parent spanning this column: the nearest non-empty cell to the left in this row,
                # provided a row below has a child here
                below = any(lower[col] for lower in grid[r + 1 :])
                if below:
                    left_col = next((c for c in range(col - 1, -1, -1) if row[c]), None)
                    left = row[left_col] if left_col is not None else ""
                    has_child_under_left = left and any(
                        lower[c] for lower in grid[r + 1 :] for c in range(col) if row[c] == left
                    )
                    # ...and the left cell stands under the same parent as this column
                    same_parent = r == 0 or _anchor(grid[r - 1], col) == _anchor(grid[r - 1], left_col)
                    cell = left if has_child_under_left and same_parent else ""
            if cell and cell not in parts:
                parts.append(cell)
        all_parts.append(parts)
        if not parts:
            names.append("")
        elif len(parts) > 1 and parts[-1] in GENERIC or len(parts) > 1 and parts[-1].startswith("其中"):
            names.append(f"{parts[-2]}{parts[-1]}" if not parts[-1].startswith("其中") else parts[-1])
            if parts[-2] in ("小计", "合计") and len(parts) > 2:
                names[-1] = f"{parts[-3]}{names[-1]}"
        else:
            names.append(parts[-1])
    # a name printed under several parents (一般公共预算 under 总计, under 公务接待费, …) takes its parent's
    half = width // 2
    side_by_side = names.count("项目") > 1 or (half >= 2 and names[:half] == names[half : 2 * half])
    printed = list(names)
    for col, name in enumerate(printed):
        parts = all_parts[col]
        if not side_by_side and name and printed.count(name) > 1 and len(parts) > 1 and parts[-2] not in name:
            parent = parts[-2]
            if parent in ("小计", "合计") and len(parts) > 2:
                parent = f"{parts[-3]}{parent}"  # 公务用车购置及运行维护费 / 小计 / 一般公共预算
            names[col] = f"{parent}{name}"
    return names


def _anchor(row: list[str], col: int | None) -> int | None:
    """The column of the nearest non-empty cell at or left of col: the header cell spanning it."""
    if col is None:
        return None
    return next((c for c in range(col, -1, -1) if row[c]), None)


def parse_number(cell: str) -> float | None:
    cell = cell.replace(" ", "")
    if NUMBER.match(cell):
        return float(cell.replace(",", ""))
    return None


def table_unit(raw: RawTable, header: list[list[str]], default: str) -> str:
    """The 单位 line above the table, else a 单位 printed in its header (预算数（单位：万元）), else the default."""
    if UNIT_LINE.search(re.sub(r"\s+", "", raw.unit_line)):
        return unit_of(raw.unit_line, default)
    for row in header:
        for cell in row:
            flat = re.sub(r"\s+", "", cell)
            m = UNIT_LINE.search(flat) or re.search(r"[（(](亿元|万元|元)[）)]", flat)
            if m:
                return m.group(1)
    return default


def code_labels_in_data(columns: list[str], data: list[list[str]]) -> None:
    """The 类 款 项 labels printed in the first data row (beside 合计) name the code columns."""
    if not data:
        return
    first = data[0]
    for c, cell in enumerate(first):
        if cell.replace(" ", "") in CODE_PARTS and c < len(columns):
            columns[c] = cell.replace(" ", "")
            first[c] = ""
