"""A PDF page as the reader needs it — text lines outside tables and ruled grids — read with pdfium.

pdfium (pypdfium2, which pdfplumber itself depends on) parses a page's content in C: for the
many-lined tables of a 部门预算 it is 10 to 20 times faster than pdfminer. The page's characters and
ruling lines are taken from pdfium and laid into pdfplumber's shapes (char and edge dicts in top-down
page coordinates, rotation applied), so that pdfplumber's own table finder (edges → intersections →
cells → tables) and text-line builder do the rest exactly as they would on a pdfplumber page.
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as c
from pdfplumber import table as plumber_table
from pdfplumber import utils as plumber_utils
from pdfplumber.utils.text import chars_to_textmap

from .narrative import squeeze

Line = tuple[float, str]  # top, text
Grid = tuple[float, float, list[list[str]]]  # top, bottom, rows of cell texts
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BAD_CHARS = {0, 0xFFFE, 0xFFFF, 0xFEFF, 0x0D, 0x0A}
WESTERN_FONTS = re.compile(
    r"(?i)^(?:Times|Arial|Helvetica|Courier|Calibri|Cambria|Symbol|Wingdings|Verdana|Tahoma|Georgia)"
)
UNMAPPED = {0, 0xFFFE, 0xFFFF}  # a glyph pdfium could not turn into text
SOFT_HYPHEN = 0x02  # pdfium's mark for a hyphen at the end of a line
SPACES = {0x20, 0x09, 0xA0, 0x3000}


@dataclass
class PageRead:
    lines: list[Line]  # text outside the tables, in reading order
    grids: list[Grid]  # ruled tables, top to bottom
    has_images: bool


def open_pdf(path) -> pdfium.PdfDocument:
    return pdfium.PdfDocument(str(path))


def read_page(pdf: pdfium.PdfDocument, index: int, *, path: str | None = None) -> PageRead:
    """One page. Where pdfium cannot map some characters to text (a font without a usable
    ToUnicode map), the page's characters are read by pdfminer instead, which can."""
    page = pdf[index]
    try:
        to_page = _transform(page)
        textpage = page.get_textpage()
        try:
            chars, unmapped, sources = _chars(textpage, to_page)
        finally:
            textpage.close()
        edges, has_images, text_objects = _edges(page, to_page)
        # (the page's objects live as long as the page: asked about before it is closed)
        lost = unmapped or any(_address(obj) not in sources and _unreadable_font(obj) for obj in text_objects)
    finally:
        page.close()
    if lost and path:
        chars = _pdfminer_chars(path, index) or chars
    grids: list[Grid] = []
    boxes = []
    holder = _CharHolder(chars)
    for found in _find_tables(edges, holder):
        rows = [[squeeze(cell or "") for cell in row] for row in _extract(found, chars)]
        rows = [row for row in rows if any(row)]
        if not rows or max(len(r) for r in rows) < 2:
            continue
        x0, top, x1, bottom = found.bbox
        if len(rows) >= 2:
            boxes.append(found.bbox)
        grids.append((top, bottom, rows))

    def outside(char: dict) -> bool:
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_chars = [ch for ch in chars if outside(ch)] if boxes else chars
    lines = []
    if text_chars:
        textmap = chars_to_textmap(text_chars, y_tolerance=6)
        lines = [
            (line["top"], squeeze(line["text"]))
            for line in textmap.extract_text_lines(strip=True, return_chars=False)
            if squeeze(line["text"])
        ]
    return PageRead(lines, sorted(grids, key=lambda g: g[0]), has_images)


class _CharHolder:
    """What pdfplumber's Table.extract needs of a page: its chars."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = chars


def _extract(table: plumber_table.Table, chars: list[dict]) -> list[list[str | None]]:
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


def _find_tables(edges: list[dict], holder: _CharHolder) -> list[plumber_table.Table]:
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


def _transform(page: pdfium.PdfPage):
    """PDF user space -> pdfplumber's page space (origin top left, y down), the page's /Rotate applied."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return lambda x, y: (y - y0, x - x0)
    if rotation == 180:
        return lambda x, y: (x1 - x, y - y0)
    if rotation == 270:
        return lambda x, y: (y1 - y, x1 - x)
    return lambda x, y: (x - x0, y1 - y)


def _pdfminer_chars(path: str, index: int) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(path, pages=[index + 1]) as pdf:
        return [dict(ch) for ch in pdf.pages[0].chars] if pdf.pages else []


def _unreadable_font(obj) -> bool:
    """A text object pdfium gave no characters for is mostly empty; but where its font is not
    embedded and is no common Western font (a CJK title font such as FZXiaoBiaoSong), pdfium may
    have failed to read it."""
    font = c.FPDFTextObj_GetFont(obj)
    if not font or c.FPDFFont_GetIsEmbedded(font):
        return False
    size = c.FPDFFont_GetBaseFontName(font, None, 0)
    name = ctypes.create_string_buffer(max(size, 1))
    c.FPDFFont_GetBaseFontName(font, name, size)
    return not WESTERN_FONTS.match(name.value.decode("latin-1").split("+")[-1].replace(" ", ""))


def _address(obj) -> int | None:
    return ctypes.cast(obj, ctypes.c_void_p).value


def _chars(textpage: pdfium.PdfTextPage, to_page) -> tuple[list[dict], int, set]:
    """The page's characters as pdfplumber chars: x from pdfium's loose box (origin to advance),
    y from the baseline and the effective font size (pdfium's boxes are glyph-tight vertically)."""
    count = textpage.count_chars()
    if count <= 0:
        return [], 0, set()
    raw = textpage.raw
    text = textpage.get_text_range(0, count)
    aligned = len(text) == count
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect = c.FS_RECTF()
    matrix = c.FS_MATRIX()
    chars = []
    unmapped = 0
    objects = set()  # the text objects the characters come from
    for i in range(count):
        code = ord(text[i]) if aligned else c.FPDFText_GetUnicode(raw, i)
        if code == 0xFFFE:  # the text buffer's stand-in for pdfium's own marks (a line-end hyphen)
            code = c.FPDFText_GetUnicode(raw, i)
        if code in UNMAPPED and c.FPDFText_IsGenerated(raw, i) != 1:
            unmapped += 1
            continue
        if code in BAD_CHARS or code in SPACES and c.FPDFText_IsGenerated(raw, i) == 1:
            continue  # pdfium adds spaces and line breaks of its own; only the PDF's chars count
        if not c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
            continue
        objects.add(_address(c.FPDFText_GetTextObject(raw, i)))
        if not c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(ox), ctypes.byref(oy)):
            continue
        (ax, ay), (bx, by) = to_page(rect.left, rect.bottom), to_page(rect.right, rect.top)
        x0, x1 = min(ax, bx), max(ax, bx)
        scale = 1.0
        if c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix)):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
        size = c.FPDFText_GetFontSize(raw, i) * scale or max(x1 - x0, abs(ay - by))
        baseline = to_page(ox.value, oy.value)[1]
        bottom = baseline + 0.06 * size
        top = bottom - size
        chars.append({
            "text": "-" if code == SOFT_HYPHEN else chr(code), "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": size, "upright": True,
        })
    return chars, unmapped, objects


def _edges(page: pdfium.PdfPage, to_page) -> tuple[list[dict], bool, list]:
    """Every straight, axis-parallel stretch of a painted path, as pdfplumber edges; whether the
    page holds images (a scanned page has images and no text); its text objects."""
    edges: list[dict] = []
    has_images = False
    text_objects = []
    for obj, matrix, _depth in _objects(page.raw, None, IDENTITY, 0):
        kind = c.FPDFPageObj_GetType(obj)
        if kind == c.FPDF_PAGEOBJ_TEXT:
            text_objects.append(obj)
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            has_images = True
        elif kind == c.FPDF_PAGEOBJ_PATH:
            for (ax, ay), (bx, by) in _segments(obj, matrix):
                (px, py), (qx, qy) = to_page(ax, ay), to_page(bx, by)
                edge = _edge(px, py, qx, qy)
                if edge:
                    edges.append(edge)
    return edges, has_images, text_objects


def _objects(page_raw, form, matrix: Matrix, depth: int) -> Iterator[tuple[object, Matrix, int]]:
    count = c.FPDFFormObj_CountObjects(form) if form is not None else c.FPDFPage_CountObjects(page_raw)
    for i in range(max(count, 0)):
        obj = c.FPDFFormObj_GetObject(form, i) if form is not None else c.FPDFPage_GetObject(page_raw, i)
        if not obj:
            continue
        own = _matrix(obj)
        combined = _multiply(own, matrix)
        if c.FPDFPageObj_GetType(obj) == c.FPDF_PAGEOBJ_FORM:
            if depth < 12:
                yield from _objects(page_raw, obj, combined, depth + 1)
        else:
            yield obj, combined, depth


def _matrix(obj) -> Matrix:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, cc, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, cc * a2 + d * c2, cc * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _segments(obj, matrix: Matrix) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not fill.value and not stroke.value:
        return  # a path neither filled nor stroked is not seen
    a, b, cc, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for i in range(c.FPDFPath_CountSegments(obj)):
        segment = c.FPDFPath_GetPathSegment(obj, i)
        if not segment or not c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + cc * y.value + e, b * x.value + d * y.value + f)
        kind = c.FPDFPathSegment_GetType(segment)
        if kind == c.FPDF_SEGMENT_MOVETO:
            start = previous = point
            continue
        if kind == c.FPDF_SEGMENT_LINETO and previous is not None:
            yield previous, point
        previous = point  # a Bézier segment draws no straight line: it only moves on
        if c.FPDFPathSegment_GetClose(segment) and start is not None:
            if start != point:
                yield point, start
            previous = start


def _edge(px: float, py: float, qx: float, qy: float) -> dict | None:
    if abs(px - qx) < 0.01:
        orientation = "v"
    elif abs(py - qy) < 0.01:
        orientation = "h"
    else:
        return None
    x0, x1, top, bottom = min(px, qx), max(px, qx), min(py, qy), max(py, qy)
    if orientation == "v":
        x1 = x0
    else:
        bottom = top
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}
