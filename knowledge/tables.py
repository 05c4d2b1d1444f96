"""Tables: continuation pages merged, kind from the title, header rows to column names, rows to figures."""

from __future__ import annotations

import re

from .model import RawTable, Row, Table

# (kind, words the title must contain, words it must not) in the order they are tried
TABLE_KINDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("three_public", ("三公",), ()),
    ("procurement", ("采购",), ()),
    ("project_performance", ("项目", "绩效"), ()),
    ("dept_performance", ("整体", "绩效"), ()),
    ("performance", ("绩效",), ()),
    ("gov_fund", ("政府性基金",), ()),
    ("state_capital", ("国有资本经营",), ()),
    ("basic_spending", ("基本支出",), ()),
    ("fiscal_total", ("财政拨款收", "总"), ()),
    ("income_spending_total", ("收", "支", "总"), ("一般公共",)),
    ("general_budget", ("一般公共预算",), ()),
    ("income", ("收入",), ()),
    ("spending", ("支出",), ()),
]

NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
CODE = re.compile(r"^\d{3,7}$")
NAME_HEADERS = ("功能科目", "科目名称", "经济科目名称", "项目", "单位名称", "部门名称", "名称")
UNIT_HEADERS = ("单位名称", "预算单位", "部门名称", "单位", "资金使用单位")
# a row naming a unit of the department: its rows below belong to it
ORG_NAME = re.compile(r"(?:局|中心|所|监狱|办公室|委员会|院|站|队|馆|学校|办事处|本级|街道)$")
EMBEDDED_CODE = re.compile(r"^[\[【]?(\d{3}|\d{5}|\d{7})[\]】]?[\s_\-]*([\u4e00-\u9fff].*)$")
GENERIC = ("金额", "小计", "合计", "决算数", "预算数")


def classify(title: str) -> str:
    for kind, needs, avoids in TABLE_KINDS:
        if all(word in title for word in needs) and not any(word in title for word in avoids):
            return kind
    return "other"


def unit_of(unit_line: str, default: str = "万元") -> str:
    m = re.search(r"单位\s*[:：]\s*(亿元|万元|元)", unit_line)
    return m.group(1) if m else default


def merge_continuations(raws: list[RawTable]) -> list[RawTable]:
    """A table whose title repeats on the next page is one table; its repeated header rows go."""
    merged: list[RawTable] = []
    for raw in raws:
        if merged and _key(merged[-1].title) == _key(raw.title):
            previous = merged[-1]
            header = _header_rows(previous.rows)
            rows = raw.rows
            if header and rows[: len(header)] == previous.rows[: len(header)]:
                rows = rows[len(header) :]
            else:
                rows = rows[_leading_headers(rows) :]
            previous.rows.extend(rows)
        else:
            merged.append(RawTable(raw.title, raw.unit_line, raw.org_line, list(raw.rows), raw.page))
    return merged


def _key(title: str) -> str:
    return re.sub(r"[\s（）()]|续表|续", "", title)


def _is_data_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if not cells:
        return False
    has_figure = any(NUMBER.match(c) and ("." in c or "," in c) for c in cells)
    # a 合计 cell heads a column in some header rows; as a row name it comes with figures (or none at all)
    if cells[0].replace(" ", "") in ("合计", "总计") and (has_figure or len(cells) <= 2):
        return True
    return bool(CODE.match(cells[0])) or has_figure


def _is_marker_row(row: list[str]) -> bool:
    """The column numbering row: ** ** 1 2 3 / 栏次."""
    cells = [c for c in row if c]
    return bool(cells) and all(c in ("**", "*", "栏次") or re.fullmatch(r"\d{1,2}", c) for c in cells) and (
        "**" in cells or "栏次" in cells
    )


def _header_rows(rows: list[list[str]]) -> list[list[str]]:
    return rows[: _leading_headers(rows)]


def _leading_headers(rows: list[list[str]]) -> int:
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


def build_table(raw: RawTable, number: int, default_unit: str = "万元") -> Table:
    kind = classify(raw.title)
    unit = unit_of(raw.unit_line, default_unit)
    width = max((len(r) for r in raw.rows), default=0)
    n_header = _leading_headers(raw.rows)
    columns = column_names(raw.rows[:n_header], width)
    data = [r + [""] * (width - len(r)) for r in raw.rows[n_header:] if any(c for c in r)]
    _code_labels_in_data(columns, data)
    empty = not any(parse_number(c) not in (None, 0.0) for r in data for c in r[1:])
    rows: list[Row] = []
    for block in _blocks(raw.rows[:n_header], columns):
        rows.extend(_block_rows(data, columns, block))
    if empty:
        rows = []  # a table published empty (空表) says "none", whatever placeholder zeros it shows
    return Table(number, raw.title, kind, unit, [c for c in columns if c], rows, empty=empty, page=raw.page)


def _code_labels_in_data(columns: list[str], data: list[list[str]]) -> None:
    """The 类 款 项 labels printed in the first data row (beside 合计) name the code columns."""
    if not data:
        return
    first = data[0]
    for c, cell in enumerate(first):
        if cell.replace(" ", "") in ("类", "款", "项") and c < len(columns):
            columns[c] = cell.replace(" ", "")
            first[c] = ""


def _blocks(header: list[list[str]], columns: list[str]) -> list[tuple[str | None, list[int]]]:
    """Column groups of a side-by-side table (收入 | 支出), each starting at a name column."""
    starts = [i for i, c in enumerate(columns) if c in ("项目", "收入项目", "支出项目")]
    half = len(columns) // 2
    if len(starts) < 2 and half >= 2 and columns[:half] == columns[half : 2 * half] and any(columns[:half]):
        return [(None, list(range(half))), (None, list(range(half, len(columns))))]  # two halves alike
    if len(starts) < 2:
        return [(None, list(range(len(columns))))]
    top = [re.sub(r"\s+", "", c) for c in header[0]] if header else []
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(columns)
        label = next((top[c] for c in range(start, -1, -1) if c < len(top) and top[c]), None)
        label = label if label in ("收入", "支出") else ("收入" if i == 0 else "支出")
        blocks.append((label, list(range(start, end))))
    return blocks


def _block_rows(data: list[list[str]], columns: list[str], block: tuple[str | None, list[int]]) -> list[Row]:
    group, cols = block
    if not cols:
        return []
    code_cols = [c for c in cols if columns[c] in ("类", "款", "项")]
    code_col = next((c for c in cols if "编码" in columns[c] or columns[c] in ("科目代码", "代码")), None)
    name_col = next((c for c in cols if columns[c] in NAME_HEADERS or columns[c].endswith("名称")), None)
    if name_col is None:
        name_col = next((c for c in cols if c not in code_cols and c != code_col and _is_text_column(data, c)), None)
    unit_col = next((c for c in cols if columns[c] in UNIT_HEADERS), None)
    rows: list[Row] = []
    levels = [""] * len(code_cols)
    unit_name: str | None = None
    for cells in data:
        # a table of figures only (one row of the “三公” items) has no name column: its row is the total
        name = re.sub(r"\s+", "", cells[name_col]) if name_col is not None else "合计"
        if unit_col is not None:
            cell = re.sub(r"\s+", "", cells[unit_col])
            if cell:
                unit_name = None if cell in ("合计", "总计") else re.sub(r"^\d+[_\-]", "", cell)
            if unit_col == name_col or not name:
                skip = (unit_col, name_col, code_col, *code_cols)
                name = _row_label(cells, cols, columns, skip) or name or cell or unit_name or ""
        elif name and (unit_col == name_col or ORG_NAME.search(name)) and not CODE.match(name[:3]):
            unit_name = None if name in ("合计", "总计") else re.sub(r"^\d+[_\-]", "", name)
        code = None
        embedded = EMBEDDED_CODE.match(name)
        if embedded and not code_cols:
            code, name = embedded.group(1), embedded.group(2)
        if code_cols:
            parts = [cells[c].strip() for c in code_cols]
            label = next((p for p in parts if p and not p.isdigit()), None)
            if label:  # 合计 / 人员经费合计 printed across the code columns
                name, parts = name or re.sub(r"\s+", "", label), [p if p.isdigit() else "" for p in parts]
            for i, part in enumerate(parts):
                if part:
                    levels[i] = part
                    levels[i + 1 :] = [""] * (len(levels) - i - 1)
            filled = max((i for i, p in enumerate(parts) if p), default=-1)
            code = "".join(levels[: filled + 1]) if filled >= 0 else None
        elif code_col is not None and CODE.match(cells[code_col].strip()):
            code = cells[code_col].strip()
        elif CODE.match(name.split("-")[0]) and name_col == code_col:
            code = name
        if not name and code is None:
            # a row of a tree laid out over several columns names itself in another one (合计 / 服务 / …)
            name = _row_label(cells, cols, columns, (unit_col, code_col, *code_cols))
        if not name and code is None:
            continue
        values: dict[str, float | None] = {}
        texts: dict[str, str] = {}
        for c in cols:
            if c in code_cols or c in (code_col, name_col, unit_col) or not columns[c]:
                continue
            if columns[c].endswith(("代码", "编码")):  # 部门代码 024 is a label, not a figure
                if cells[c]:
                    texts[columns[c]] = cells[c]
                continue
            number = parse_number(cells[c])
            if number is not None or not cells[c]:
                values[columns[c]] = number
            else:
                texts[columns[c]] = cells[c]
        rows.append(Row(name=name, values=values, code=code, group=group, unit_name=unit_name, texts=texts))
    return rows


def _is_text_column(data: list[list[str]], col: int) -> bool:
    cells = [r[col] for r in data if r[col]]
    return bool(cells) and sum(parse_number(c) is None for c in cells) * 2 >= len(cells)


def _row_label(cells: list[str], cols: list[int], columns: list[str], skip: tuple) -> str:
    """The first text cell of a row whose name cell is merged into the row above (年度: 2026年)."""
    for c in cols:
        if c not in skip and cells[c] and parse_number(cells[c]) is None:
            return re.sub(r"\s+", "", cells[c])
    return ""
