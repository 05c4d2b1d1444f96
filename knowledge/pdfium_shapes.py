"""A PDF page's characters and ruling lines read with pdfium, laid into pdfplumber's shapes.

pdfium (pypdfium2, which pdfplumber itself depends on) parses a page's content in C. Its characters
and the straight stretches of its painted paths become pdfplumber's char and edge dicts, in top-down
page coordinates with the page's rotation applied. Where pdfium cannot map a font's glyphs to text,
pdfminer reads the page's characters instead.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as c

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
BAD_CHARS = {0, 0xFFFE, 0xFFFF, 0xFEFF, 0x0D, 0x0A}
WESTERN_FONTS = re.compile(
    r"(?i)^(?:Times|Arial|Helvetica|Courier|Calibri|Cambria|Symbol|Wingdings|Verdana|Tahoma|Georgia)"
)
UNMAPPED = {0, 0xFFFE, 0xFFFF}  # a glyph pdfium could not turn into text
SOFT_HYPHEN = 0x02  # pdfium's mark for a hyphen at the end of a line
SPACES = {0x20, 0x09, 0xA0, 0x3000}


def page_transform(page: pdfium.PdfPage):
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


def pdfminer_chars(path: str, index: int) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(path, pages=[index + 1]) as pdf:
        return [dict(ch) for ch in pdf.pages[0].chars] if pdf.pages else []


def unreadable_font(obj) -> bool:
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


def address(obj) -> int | None:
    return ctypes.cast(obj, ctypes.c_void_p).value


def page_chars(textpage: pdfium.PdfTextPage, to_page) -> tuple[list[dict], int, set]:
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
        objects.add(address(c.FPDFText_GetTextObject(raw, i)))
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


def page_edges(page: pdfium.PdfPage, to_page) -> tuple[list[dict], bool, list]:
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
