"""Tables: continuation pages merged, kind from the title, header rows to column names, rows to figures.

A table is read by its structure, the same in every template: stacked header rows name the columns;
a row's 科目 stands in code columns (one column of whole codes, or 类/款/项 parts) before a name
column, or inside the name ([30201]办公费, 2010301 行政运行); a 预算单位 column groups rows by unit;
the other columns hold figures. Where a table prints names without codes (深圳's 基本支出总表,
杭州's 功能分类 tables), the national 政府收支分类科目 (knowledge.classification) supplies them,
following the tree of 类, 款 and 项 down the rows.
"""

from __future__ import annotations

import re

from .classification import system_of
from .coding import code_by_name, is_subject
from .domain import UNIT_LINE, UNIT_ROW_ENDINGS, TableKind, is_total
from .domain import unit_of as _unit_of
from .model import RawTable, Row, Table
from .profiles import Profile, national

NUMBER = re.compile(r"^-?\d[\d,]*(?:\.\d+)?$")
CODE = re.compile(r"^\d{3,7}$")
WHOLE_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
NAME_HEADERS = ("功能科目", "科目名称", "经济科目名称", "项目", "单位名称", "部门名称", "名称")
UNIT_HEADERS = ("单位名称", "预算单位", "部门名称", "单位", "资金使用单位")
CODE_PARTS = ("类", "款", "项")
# columns that number the lines of a table (行次 1, 2, …): labels, not figures
LINE_NUMBERS = ("行次", "栏次", "序号", "编号")
EMBEDDED_CODE = re.compile(r"^[\[【]?(\d{3}|\d{5}|\d{7})[\]】]?[\s_\-]*([\u4e00-\u9fff].*)$")
GENERIC = ("金额", "小计", "合计", "决算数", "预算数")
# tables whose rows are 科目 of the national lists, by the system they follow
ECONOMIC_KINDS = (TableKind.BASIC_SPENDING, TableKind.GENERAL_BUDGET_ECONOMIC, TableKind.RUNNING_COSTS)
CLASSIFIED_KINDS = ECONOMIC_KINDS + (
    TableKind.GENERAL_BUDGET, TableKind.SPENDING, TableKind.INCOME, TableKind.GOV_FUND, TableKind.STATE_CAPITAL,
    TableKind.FISCAL_SPENDING, TableKind.FISCAL_TOTAL, TableKind.INCOME_SPENDING_TOTAL, TableKind.PROJECT_SPENDING,
)


def merge_continuations(raws: list[RawTable]) -> list[RawTable]:
    """A table whose title repeats on the next page is one table; its repeated header rows go, and
    so do the rows a page repeats from the first (a 合计 row printed on every page)."""
    merged: list[RawTable] = []
    for raw in raws:
        if merged and _key(merged[-1].title) == _key(raw.title):
            previous = merged[-1]
            first_page = previous.rows[: _leading_headers(previous.rows) + 1]
            rows = raw.rows
            skip = 0
            while skip < len(rows) and (rows[skip] in first_page or _is_marker_row(rows[skip])):
                skip += 1
            rows = rows[skip:]
            if skip == 0:
                rows = rows[_leading_headers(rows) :]
            previous.rows.extend(rows)
            previous.unit_line = previous.unit_line or raw.unit_line
        else:
            merged.append(RawTable(raw.title, raw.unit_line, raw.org_line, list(raw.rows), raw.page))
    return merged


def _key(title: str) -> str:
    return re.sub(r"[\s（）()]|续表|续", "", title)


def _is_figure(cell: str) -> bool:
    return bool(NUMBER.match(cell.replace(" ", "")))


def _is_data_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if not cells:
        return False
    has_figure = any(_is_figure(c) and ("." in c or "," in c) for c in cells)
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


def build_table(
    raw: RawTable, number: int, default_unit: str | None = None, *, profile: Profile | None = None
) -> Table:
    profile = profile or national()
    kind = profile.classify(raw.title)
    width = max((len(r) for r in raw.rows), default=0)
    n_header = _leading_headers(raw.rows)
    header = raw.rows[:n_header]
    unit = _table_unit(raw, header, default_unit or profile.default_unit)
    columns = column_names(header, width)
    data = [r + [""] * (width - len(r)) for r in raw.rows[n_header:] if any(c for c in r)]
    _code_labels_in_data(columns, data)
    empty = not any(parse_number(c) not in (None, 0.0) for r in data for c in r[1:])
    rows: list[Row] = []
    for block in _blocks(header, columns, data):
        block_rows = _block_rows(data, columns, block)
        if kind in CLASSIFIED_KINDS:
            code_by_name(block_rows, "economic" if kind in ECONOMIC_KINDS else None)
        rows.extend(block_rows)
    if empty:
        rows = []  # a table published empty (空表) says "none", whatever placeholder zeros it shows
    return Table(number, raw.title, kind, unit, [c for c in columns if c], rows, empty=empty, page=raw.page)


def _table_unit(raw: RawTable, header: list[list[str]], default: str) -> str:
    """The 单位 line above the table, else a 单位 printed in its header (预算数（单位：万元）), else the default."""
    if UNIT_LINE.search(re.sub(r"\s+", "", raw.unit_line)):
        return _unit_of(raw.unit_line, default)
    for row in header:
        for cell in row:
            flat = re.sub(r"\s+", "", cell)
            m = UNIT_LINE.search(flat) or re.search(r"[（(](亿元|万元|元)[）)]", flat)
            if m:
                return m.group(1)
    return default


def _code_labels_in_data(columns: list[str], data: list[list[str]]) -> None:
    """The 类 款 项 labels printed in the first data row (beside 合计) name the code columns."""
    if not data:
        return
    first = data[0]
    for c, cell in enumerate(first):
        if cell.replace(" ", "") in CODE_PARTS and c < len(columns):
            columns[c] = cell.replace(" ", "")
            first[c] = ""


Block = tuple[str | None, list[int]]


def _blocks(header: list[list[str]], columns: list[str], data: list[list[str]]) -> list[Block]:
    """Column groups of a side-by-side table (收入 | 支出, 人员经费 | 公用经费), each starting where
    label columns (code, name) follow figure columns."""
    starts = [i for i, c in enumerate(columns) if c in ("项目", "收入项目", "支出项目")]
    half = len(columns) // 2
    if len(starts) < 2 and half >= 2 and columns[:half] == columns[half : 2 * half] and any(columns[:half]):
        starts = [0, half]  # two halves alike
    if len(starts) < 2:
        starts = _label_runs(columns, data)
    if len(starts) < 2:
        return [(None, list(range(len(columns))))]
    top = [re.sub(r"\s+", "", c) for c in header[0]] if header else []
    blocks = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(columns)
        label = next((top[c] for c in range(start, -1, -1) if c < len(top) and top[c]), None)
        if label not in ("收入", "支出", "人员经费", "公用经费"):
            label = "收入" if i == 0 else "支出"
        blocks.append((label, list(range(start, end))))
    return blocks


def _label_runs(columns: list[str], data: list[list[str]]) -> list[int]:
    """Where a run of label columns (科目编码, 科目名称) starts after a run of figure columns: the
    second half of a side-by-side table printed without 项目 headers."""
    roles = [_is_label_column(columns[c], data, c) for c in range(len(columns))]
    starts = [c for c in range(len(columns)) if roles[c] and (c == 0 or not roles[c - 1])]
    # a label run after figures, and the same header words in each run
    if len(starts) >= 2 and all(any(not r for r in roles[a:b]) for a, b in zip(starts, starts[1:], strict=False)):
        # the same label columns in each run (科目编码, 科目名称), told by what they are, not their parents
        first = [_label_role(columns[c]) for c in range(starts[0], starts[1]) if roles[c]]
        second = [_label_role(columns[c]) for c in range(starts[1], len(columns)) if roles[c]][: len(first)]
        if first == second and "name" in first:
            return starts
    return [0]


def _label_role(name: str) -> str:
    if _is_code_header(name) or name.endswith(("编码", "代码")):
        return "code"
    return "name" if name in NAME_HEADERS or name.endswith(("名称", "项目")) else name


def _is_label_column(name: str, data: list[list[str]], col: int) -> bool:
    if _is_code_header(name) or name in NAME_HEADERS or name.endswith("名称"):
        return True
    cells = [r[col] for r in data if col < len(r) and r[col]]
    return bool(cells) and not any(_is_figure(c) and ("." in c or "," in c) for c in cells) and (
        sum(not _is_figure(c) for c in cells) * 2 >= len(cells)
    )


def _is_code_header(name: str) -> bool:
    return name in CODE_PARTS or name in ("科目代码", "代码", "编码", "科目编码") or (
        "科目" in name and ("编码" in name or "代码" in name)
    )


def _classified_columns(data: list[list[str]], columns: list[str], cols: list[int]) -> list[tuple[list[int], int]]:
    """The (code columns, name column) pairs of a block, left to right: the first names the row, a
    second (the 政府预算经济分类 beside the 部门经济分类) is kept as text."""
    pairs: list[tuple[list[int], int]] = []
    pending: list[int] = []
    for c in cols:
        if _is_code_header(columns[c]) or _is_code_column(data, c):
            pending.append(c)
        elif pending and _is_text_column(data, c):
            pairs.append((pending, c))
            pending = []
        elif pending:
            pending = []
    return pairs


def _is_code_column(data: list[list[str]], col: int) -> bool:
    cells = [r[col].strip() for r in data if r[col].strip()]
    return len(cells) >= 2 and sum(bool(WHOLE_CODE.match(c) and system_of(c)) for c in cells) >= 0.8 * len(cells)


def _block_rows(data: list[list[str]], columns: list[str], block: Block) -> list[Row]:
    group, cols = block
    if not cols:
        return []
    pairs = _classified_columns(data, columns, cols)
    code_cols, name_col = pairs[0] if pairs else ([], None)
    other_pairs = pairs[1:]
    # several code columns side by side are the parts of one code (类 款 项); one column holds whole codes
    part_cols = code_cols if len(code_cols) > 1 or code_cols and columns[code_cols[0]][-1:] in CODE_PARTS else []
    whole_col = code_cols[0] if code_cols and not part_cols else None
    if name_col is None:
        name_col = next((c for c in cols if columns[c] in NAME_HEADERS or columns[c].endswith("名称")), None)
    if name_col is None:
        name_col = next((c for c in cols if c not in code_cols and _is_text_column(data, c)), None)
    unit_col = next((c for c in cols if columns[c] in UNIT_HEADERS), None)
    label_cols = {c for c in cols if columns[c] in LINE_NUMBERS or columns[c].endswith(("代码", "编码"))}
    label_cols -= set(code_cols)
    rows: list[Row] = []
    levels = [""] * len(part_cols)
    unit_name: str | None = None
    for cells in data:
        # a table of figures only (one row of the “三公” items) has no name column: its row is the total
        name = re.sub(r"\s+", "", cells[name_col]) if name_col is not None else "合计"
        if unit_col is not None:
            cell = re.sub(r"\s+", "", cells[unit_col])
            if cell:
                unit_name = None if is_total(cell) else re.sub(r"^\d+[_\-]", "", cell)
            if unit_col == name_col or not name:
                skip = (unit_col, name_col, whole_col, *part_cols)
                name = _row_label(cells, cols, columns, skip) or name or cell or unit_name or ""
        code = None
        embedded = EMBEDDED_CODE.match(name)
        if embedded and not code_cols and system_of(embedded.group(1)):
            code, name = embedded.group(1), embedded.group(2)
        if part_cols:
            parts = [cells[c].strip() for c in part_cols]
            label = next((p for p in parts if p and not p.isdigit()), None)
            if label:  # 合计 / 人员经费合计 printed across the code columns
                name, parts = name or re.sub(r"\s+", "", label), [p if p.isdigit() else "" for p in parts]
            for i, part in enumerate(parts):
                if part:
                    levels[i] = part
                    levels[i + 1 :] = [""] * (len(levels) - i - 1)
            filled = max((i for i, p in enumerate(parts) if p), default=-1)
            code = "".join(levels[: filled + 1]) if filled >= 0 else None
            if code and not system_of(code):
                code = None
        if whole_col is not None:
            cell = cells[whole_col].strip()
            if WHOLE_CODE.match(cell):
                code = cell
            elif cell and not name and parse_number(cell) is None:
                name = re.sub(r"\s+", "", cell)  # 合计 printed in the code column
        elif not part_cols and CODE.match(name.split("-")[0]) and name_col is not None and system_of(name):
            code = name
        if unit_col is None and code is None and name.endswith(UNIT_ROW_ENDINGS) and not CODE.match(name[:3]):
            # a row naming a unit heads the rows below it — unless it is a 科目 (图书馆, 艺术表演场所)
            if not is_subject(name):
                unit_name = None if is_total(name) else re.sub(r"^\d+[_\-]", "", name)
        if not name and code is None:
            # a row of a tree laid out over several columns names itself in another one (合计 / 服务 / …)
            name = _row_label(cells, cols, columns, (unit_col, whole_col, *part_cols, *label_cols))
        if not name and code is None:
            continue
        values: dict[str, float | None] = {}
        texts: dict[str, str] = {}
        other_cols = {c for codes, name_c in other_pairs for c in (*codes, name_c)}
        for codes, name_c in other_pairs:  # 政府预算支出经济分类 50201 办公经费 beside 30201 办公费
            other = "".join(cells[c].strip() for c in codes)
            other_name = re.sub(r"\s+", "", cells[name_c])
            if other_name:
                texts[columns[name_c]] = f"{other} {other_name}".strip()
        for c in cols:
            if c in code_cols or c in (name_col, unit_col) or c in other_cols or not columns[c]:
                continue
            if c in label_cols:  # 部门代码 024 / 行次 12 are labels, not figures
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
