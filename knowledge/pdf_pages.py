"""A PDF page as the reader needs it — text lines outside tables and ruled grids — read with pdfium.

pdfium (pypdfium2, which pdfplumber itself depends on) parses a page's content in C: for the
many-lined tables of a 部门预算 it is 10 to 20 times faster than pdfminer. The page's characters and
ruling lines are taken from pdfium and laid into pdfplumber's shapes (knowledge.pdfium_shapes), so
that pdfplumber's own table finder (knowledge.pdf_grids) and text-line builder do the rest exactly
as they would on a pdfplumber page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from pdfplumber.utils.text import chars_to_textmap

from .narrative import squeeze
from .pdf_grids import Grid, find_grids
from .pdfium_shapes import address, page_chars, page_edges, page_transform, pdfminer_chars, unreadable_font

Line = tuple[float, str]  # top, text


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
        to_page = page_transform(page)
        textpage = page.get_textpage()
        try:
            chars, unmapped, sources = page_chars(textpage, to_page)
        finally:
            textpage.close()
        edges, has_images, text_objects = page_edges(page, to_page)
        # (the page's objects live as long as the page: asked about before it is closed)
        lost = unmapped or any(address(obj) not in sources and unreadable_font(obj) for obj in text_objects)
    finally:
        page.close()
    if lost and path:
        chars = pdfminer_chars(path, index) or chars
    grids, boxes = find_grids(edges, chars)

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
    return PageRead(lines, grids, has_images)
