"""Ruled tables of a page found by pdfplumber's table finder, on the chars and edges pdfium read.

pdfplumber's "lines" strategy (edges → intersections → cells → tables) with its default settings;
each cell's text made of the chars whose mid-point lies inside it, as pdfplumber's Table.extract does.
"""

from __future__ import annotations

from bisect import bisect_left

from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils

from .narrative import squeeze

Grid = tuple[float, float, list[list[str]]]  # top, bottom, rows of cell texts
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def find_grids(edges: list[dict], chars: list[dict]) -> tuple[list[Grid], list[Box]]:
    """The page's ruled tables of two columns or more, top to bottom, and the boxes of those of two
    rows or more (whose chars are no text line of the page)."""
    grids: list[Grid] = []
    boxes: list[Box] = []
    holder = CharHolder(chars)
    for found in find_tables(edges, holder):
        rows = [[squeeze(cell or "") for cell in row] for row in extract(found, chars)]
        rows = [row for row in rows if any(row)]
        if not rows or max(len(r) for r in rows) < 2:
            continue
        _, top, _, bottom = found.bbox
        if len(rows) >= 2:
            boxes.append(found.bbox)
        grids.append((top, bottom, rows))
    return sorted(grids, key=lambda g: g[0]), boxes


class CharHolder:
    """What pdfplumber's Table.extract needs of a page: its chars."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = chars


def extract(table: plumber_table.Table, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's Table.extract: each cell's chars (mid-point inside it) as text; by bisecting the
    chars sorted by height instead of testing every char against every row."""
    x0, top, x1, bottom = table.bbox
    inside = [ch for ch in chars if top <= (ch["top"] + ch["bottom"]) / 2 < bottom
              and x0 <= (ch["x0"] + ch["x1"]) / 2 < x1]
    inside.sort(key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    mids = [(ch["top"] + ch["bottom"]) / 2 for ch in inside]
    out = []
    for row in table.rows:
        _, rtop, _, rbottom = row.bbox
        row_chars = inside[bisect_left(mids, rtop) : bisect_left(mids, rbottom)]
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cells.append(_text([ch for ch in row_chars if cx0 <= (ch["x0"] + ch["x1"]) / 2 < cx1
                                and ctop <= (ch["top"] + ch["bottom"]) / 2 < cbottom]))
        out.append(cells)
    return out


def _text(chars: list[dict], x_tolerance: float = 3, y_tolerance: float = 5) -> str:
    """Chars as lines of words, as pdfplumber's extract_text lays them out without layout."""
    if not chars:
        return ""
    lines: list[list[dict]] = []
    last_top = None
    for ch in sorted(chars, key=lambda ch: ch["top"]):
        if last_top is None or ch["top"] - last_top > y_tolerance:
            lines.append([])
        lines[-1].append(ch)
        last_top = ch["top"]
    texts = []
    for line in lines:
        words: list[str] = []
        previous = None
        for ch in sorted(line, key=lambda ch: ch["x0"]):
            if ch["text"].isspace():
                previous = None
                continue
            if previous is None or ch["x0"] > previous["x1"] + x_tolerance or not words:
                words.append(ch["text"])
            else:
                words[-1] += ch["text"]
            previous = ch
        texts.append(" ".join(words))
    return "\n".join(texts)


def find_tables(edges: list[dict], holder: CharHolder) -> list[plumber_table.Table]:
    """pdfplumber's "lines" strategy with its default settings, on edges read by pdfium."""
    v = plumber_utils.filter_edges(edges, "v", min_length=1)
    h = plumber_utils.filter_edges(edges, "h", min_length=1)
    if not v or not h:
        return []
    merged = plumber_table.merge_edges(v + h, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3,
                                       join_y_tolerance=3)
    merged = plumber_utils.filter_edges(merged, min_length=3)
    intersections = plumber_table.edges_to_intersections(merged, 3, 3)
    cells = plumber_table.intersections_to_cells(intersections)
    return [plumber_table.Table(holder, group) for group in plumber_table.cells_to_tables(cells)]
