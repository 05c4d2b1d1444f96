"""Table rows: the column groups of a side-by-side table, and each row's 科目 code, name, unit and figures.

A row's 科目 stands in code columns (one column of whole codes, or 类/款/项 parts) before a name
column, or inside the name ([30201]办公费, 2010301 行政运行); a 预算单位 column, or a row naming a
unit, groups rows by unit; the other columns hold figures (or words, kept as texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .classification import system_of
from .coding import is_subject
from .domain import UNIT_ROW_ENDINGS, is_total
from .model import Row
from .table_header import CODE, CODE_PARTS, EMBEDDED_CODE, is_figure, parse_number

WHOLE_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
NAME_HEADERS = ("功能科目", "科目名称", "经济科目名称", "项目", "单位名称", "部门名称", "名称")
UNIT_HEADERS = ("单位名称", "预算单位", "部门名称", "单位", "资金使用单位")
# columns that number the lines of a table (行次 1, 2, …): labels, not figures
LINE_NUMBERS = ("行次", "栏次", "序号", "编号")

Block = tuple[str | None, list[int]]


def blocks(header: list[list[str]], columns: list[str], data: list[list[str]]) -> list[Block]:
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
    return bool(cells) and not any(is_figure(c) and ("." in c or "," in c) for c in cells) and (
        sum(not is_figure(c) for c in cells) * 2 >= len(cells)
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


@dataclass(frozen=True)
class Layout:
    """What each column of a block holds."""

    cols: list[int]  # the block's columns
    code_cols: list[int]  # the 科目 code: whole codes in one column, or its 类 款 项 parts side by side
    part_cols: list[int]  # the code columns when they hold parts, else none
    whole_col: int | None  # the code column when it holds whole codes
    name_col: int | None  # the row's name (none in a table of figures only)
    unit_col: int | None  # the 预算单位 a row belongs to
    label_cols: set[int]  # 行次 / 部门代码: labels, kept as texts, not figures
    other_pairs: list[tuple[list[int], int]]  # a second classification (its codes, its name), kept as text
    other_cols: set[int]  # the columns of other_pairs


def block_rows(data: list[list[str]], columns: list[str], block: Block) -> list[Row]:
    """The rows of one column group: each row's code, name, unit and figures, in the order printed."""
    group, cols = block
    if not cols:
        return []
    layout = _layout(data, columns, cols)
    rows: list[Row] = []
    levels = [""] * len(layout.part_cols)  # the 类 款 项 printed last, standing for the rows below
    unit_name: str | None = None
    for cells in data:
        name, unit_name = _row_name(cells, columns, layout, unit_name)
        code, name = _row_code(cells, layout, name, levels)
        if layout.unit_col is None and code is None and _names_unit(name):
            unit_name = None if is_total(name) else re.sub(r"^\d+[_\-]", "", name)
        if not name and code is None:
            # a row of a tree laid out over several columns names itself in another one (合计 / 服务 / …)
            skip = (layout.unit_col, layout.whole_col, *layout.part_cols, *layout.label_cols)
            name = _row_label(cells, cols, columns, skip)
        if not name and code is None:
            continue
        values, texts = _row_cells(cells, columns, layout)
        rows.append(Row(name=name, values=values, code=code, group=group, unit_name=unit_name, texts=texts))
    return rows


def _layout(data: list[list[str]], columns: list[str], cols: list[int]) -> Layout:
    pairs = _classified_columns(data, columns, cols)
    code_cols, name_col = pairs[0] if pairs else ([], None)
    # several code columns side by side are the parts of one code (类 款 项); one column holds whole codes
    part_cols = code_cols if len(code_cols) > 1 or code_cols and columns[code_cols[0]][-1:] in CODE_PARTS else []
    if name_col is None:
        name_col = next((c for c in cols if columns[c] in NAME_HEADERS or columns[c].endswith("名称")), None)
    if name_col is None:
        name_col = next((c for c in cols if c not in code_cols and _is_text_column(data, c)), None)
    label_cols = {c for c in cols if columns[c] in LINE_NUMBERS or columns[c].endswith(("代码", "编码"))}
    return Layout(
        cols=cols, code_cols=code_cols, part_cols=part_cols,
        whole_col=code_cols[0] if code_cols and not part_cols else None,
        name_col=name_col, unit_col=next((c for c in cols if columns[c] in UNIT_HEADERS), None),
        label_cols=label_cols - set(code_cols), other_pairs=pairs[1:],
        other_cols={c for codes, name_c in pairs[1:] for c in (*codes, name_c)},
    )


def _row_name(cells: list[str], columns: list[str], layout: Layout, unit_name: str | None) -> tuple[str, str | None]:
    """The row's name as printed, and the unit it belongs to (a 预算单位 cell names a new one)."""
    name_col, unit_col = layout.name_col, layout.unit_col
    # a table of figures only (one row of the “三公” items) has no name column: its row is the total
    name = re.sub(r"\s+", "", cells[name_col]) if name_col is not None else "合计"
    if unit_col is not None:
        cell = re.sub(r"\s+", "", cells[unit_col])
        if cell:
            unit_name = None if is_total(cell) else re.sub(r"^\d+[_\-]", "", cell)
        if unit_col == name_col or not name:
            skip = (unit_col, name_col, layout.whole_col, *layout.part_cols)
            name = _row_label(cells, layout.cols, columns, skip) or name or cell or unit_name or ""
    return name, unit_name


def _row_code(cells: list[str], layout: Layout, name: str, levels: list[str]) -> tuple[str | None, str]:
    """The row's 科目 code — in the name, in code columns or as the name itself — and its name without it."""
    code = None
    embedded = EMBEDDED_CODE.match(name)
    if embedded and not layout.code_cols and system_of(embedded.group(1)):
        code, name = embedded.group(1), embedded.group(2)
    if layout.part_cols:
        code, name = _part_code(cells, layout.part_cols, name, levels)
    if layout.whole_col is not None:
        cell = cells[layout.whole_col].strip()
        if WHOLE_CODE.match(cell):
            code = cell
        elif cell and not name and parse_number(cell) is None:
            name = re.sub(r"\s+", "", cell)  # 合计 printed in the code column
    elif not layout.part_cols and CODE.match(name.split("-")[0]) and layout.name_col is not None and system_of(name):
        code = name
    return code, name


def _part_code(cells: list[str], part_cols: list[int], name: str, levels: list[str]) -> tuple[str | None, str]:
    """A code printed in 类 款 项 parts, the parts left blank standing as in the rows above (`levels`,
    updated); a word across the code columns (合计 / 人员经费合计) names the row."""
    parts = [cells[c].strip() for c in part_cols]
    label = next((p for p in parts if p and not p.isdigit()), None)
    if label:
        name, parts = name or re.sub(r"\s+", "", label), [p if p.isdigit() else "" for p in parts]
    for i, part in enumerate(parts):
        if part:
            levels[i] = part
            levels[i + 1 :] = [""] * (len(levels) - i - 1)
    filled = max((i for i, p in enumerate(parts) if p), default=-1)
    code = "".join(levels[: filled + 1]) if filled >= 0 else None
    return (None if code and not system_of(code) else code), name


def _names_unit(name: str) -> bool:
    """A row naming a unit heads the rows below it — unless it is a 科目 (图书馆, 艺术表演场所)."""
    return name.endswith(UNIT_ROW_ENDINGS) and not CODE.match(name[:3]) and not is_subject(name)


def _row_cells(cells: list[str], columns: list[str], layout: Layout) -> tuple[dict[str, float | None], dict[str, str]]:
    """The row's figures by column, and its words: labels, a second classification, text in figure columns."""
    values: dict[str, float | None] = {}
    texts: dict[str, str] = {}
    for codes, name_c in layout.other_pairs:  # 政府预算支出经济分类 50201 办公经费 beside 30201 办公费
        other = "".join(cells[c].strip() for c in codes)
        other_name = re.sub(r"\s+", "", cells[name_c])
        if other_name:
            texts[columns[name_c]] = f"{other} {other_name}".strip()
    for c in layout.cols:
        if c in layout.code_cols or c in (layout.name_col, layout.unit_col) or c in layout.other_cols or not columns[c]:
            continue
        if c in layout.label_cols:  # 部门代码 024 / 行次 12 are labels, not figures
            if cells[c]:
                texts[columns[c]] = cells[c]
            continue
        number = parse_number(cells[c])
        if number is not None or not cells[c]:
            values[columns[c]] = number
        else:
            texts[columns[c]] = cells[c]
    return values, texts


def _is_text_column(data: list[list[str]], col: int) -> bool:
    cells = [r[col] for r in data if r[col]]
    return bool(cells) and sum(parse_number(c) is None for c in cells) * 2 >= len(cells)


def _row_label(cells: list[str], cols: list[int], columns: list[str], skip: tuple) -> str:
    """The first text cell of a row whose name cell is merged into the row above (年度: 2026年)."""
    for c in cols:
        if c not in skip and cells[c] and parse_number(cells[c]) is None:
            return re.sub(r"\s+", "", cells[c])
    return ""
