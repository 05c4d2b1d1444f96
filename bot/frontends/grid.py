"""A `Frame` as a terminal table that fits the terminal: cells and headers wrap (never cut with …),
figures stay whole on one line, and a table too wide even then is split into parts that repeat the
columns naming each row."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .frames import Frame

NAME_FLOOR = 12  # a row name wraps, but not narrower than 6 characters
TEXT_FLOOR = 8
TEXT_CAP = 40  # a long text cell (a performance indicator) wraps at this width even when there is room
HEADER_FLOOR = 4  # a header over figures wraps, two characters a line at the least


def print_frame(console: Console, frame: Frame) -> None:
    """The frame's title, its table (in parts if it is too wide) and its caption."""
    if frame.title:
        console.print(Text(frame.title, style="bold"))
    if frame.rows:
        cells = [[_cell(v, frame.decimals) for v in row] for row in frame.rows]
        numeric = [_is_numeric(frame, i) for i in range(len(frame.labels))]
        natural = [_natural(frame.labels[i], [row[i] for row in cells], numeric[i]) for i in range(len(frame.labels))]
        floor = [_floor(frame, i, [row[i] for row in cells], numeric[i]) for i in range(len(frame.labels))]
        parts = _split(list(range(len(frame.labels))), frame.lead, floor, console.width)
        for n, columns in enumerate(parts):
            if n:
                console.print(Text(f"（续 {n + 1}/{len(parts)}）", style="dim"))
            widths = _fit([natural[i] for i in columns], [floor[i] for i in columns], console.width)
            console.print(_table(frame, cells, columns, widths, numeric))
    if frame.caption:
        console.print(Text(frame.caption, style="dim"))


def _cell(value, decimals: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    return str(value)


def _is_numeric(frame: Frame, i: int) -> bool:
    values = [row[i] for row in frame.rows if row[i] is not None]
    return bool(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _natural(label: str, cells: list[str], numeric: bool) -> int:
    widest = max((cell_len(c) for c in cells), default=0)
    return max(widest, cell_len(label)) if numeric else max(min(widest, TEXT_CAP), min(cell_len(label), TEXT_CAP), 1)


def _floor(frame: Frame, i: int, cells: list[str], numeric: bool) -> int:
    """The narrowest a column may get: a figure never wraps, a header keeps two characters a line."""
    widest = max((cell_len(c) for c in cells), default=0)
    if numeric:
        return max(widest, min(cell_len(frame.labels[i]), HEADER_FLOOR))
    floor = NAME_FLOOR if i < frame.lead else TEXT_FLOOR
    return min(max(widest, cell_len(frame.labels[i])), floor)


def _overhead(columns: int) -> int:
    return 3 * columns + 1  # a border and a space either side of every cell


def _split(columns: list[int], lead: int, floor: list[int], width: int) -> list[list[int]]:
    """The columns in parts that each fit at their narrowest, the leading ones in every part."""
    head, rest = columns[:lead], columns[lead:]
    if sum(floor[i] for i in columns) + _overhead(len(columns)) <= width or not rest:
        return [columns]
    parts: list[list[int]] = []
    current: list[int] = []
    for i in rest:
        trial = head + current + [i]
        if current and sum(floor[j] for j in trial) + _overhead(len(trial)) > width:
            parts.append(head + current)
            current = []
        current.append(i)
    parts.append(head + current)
    size = -(-len(rest) // len(parts))  # as many parts, with the columns shared out evenly when they fit so
    even = [head + rest[k : k + size] for k in range(0, len(rest), size)]
    fits = all(sum(floor[j] for j in part) + _overhead(len(part)) <= width for part in even)
    return even if fits and len(even) == len(parts) else parts


def _fit(natural: list[int], floor: list[int], width: int) -> list[int]:
    """Column widths: as wide as their contents, the widest narrowed first until the table fits."""
    widths = list(natural)
    room = width - _overhead(len(widths))
    while sum(widths) > room:
        shrinkable = [i for i, w in enumerate(widths) if w > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _table(frame: Frame, cells: list[list[str]], columns: list[int], widths: list[int], numeric: list[bool]) -> Table:
    wraps = any(cell_len(row[i]) > w for row in cells for i, w in zip(columns, widths, strict=True))
    table = Table(show_lines=wraps)
    for i, w in zip(columns, widths, strict=True):
        table.add_column(Text(frame.labels[i]), justify="right" if numeric[i] else "left", overflow="fold", width=w)
    for n, row in enumerate(cells):  # Text: a cell's brackets are never read as markup
        table.add_row(*(Text(row[i]) for i in columns), style="bold yellow" if n in frame.marked else None)
    return table
