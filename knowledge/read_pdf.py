"""Read a published PDF disclosure: the cover, the narrative and the ruled tables.

Pages are read by knowledge.pdf_pages (pdfium's characters and ruling lines, pdfplumber's table
finder). A table is a ruled grid found on a page. Its title, 单位 line and 单位名称 line are the
text lines just above it; a grid with no title above it, at the top of a page, continues the
previous table. Text outside the tables is the narrative, with running headers, page numbers and
the notes under tables dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .domain import UNIT_LINE
from .model import IngestError, RawDocument, RawTable
from .title import require_disclosure

HEAD_LABEL = re.compile(
    r"(?:编制单位|单位名称|部门名称|编制部门|预算单位|主管部门)\s*[:：]|(?:金额)?单位\s*[:：]\s*(?:人民币)?\s*(?:亿元|万元|元)"
)
ORG_LINE = re.compile(r"(?:单位名称|部门名称|编制部门|编制单位|预算单位|主管部门|^部门)\s*[:：]")
TITLE_LINE = re.compile(r"表\s*[\d一二三四五六七八九十]*\s*(?:[（(][^）)]{1,20}[）)])?\s*$")
TABLE_NUMBER = re.compile(r"^(?:附表|表|公开)\s*[\d一二三四五六七八九十\-–]+\s*表?$")
NUMBER_PREFIX = re.compile(r"^(?:附表|表)\s*[\d一二三四五六七八九十\-–]+\s*[：:.．、]?\s*")
NOTE_LIST = re.compile(r"^(?:注|备注|说明)\s*\d?\s*[:：]\s*(?:\d{1,2}\s*[.、．]|$)")
NOTE_ITEM = re.compile(r"^\s*\d{1,2}\s*[.、．]")
NEW_PART = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
NOTE_LINE = re.compile(r"^(?:注|备注|说明)\s*[\d]?\s*[:：]")
LEADERS = re.compile(r"[…\.·]{4,}\s*\d*$")
PAGE_NUMBER = re.compile(r"^[-—–\s]*\d{1,3}[-—–\s]*$|^第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?$")


def read_pdf(path: Path) -> RawDocument:
    import pypdfium2 as pdfium

    from .pdf_pages import open_pdf, read_page

    try:
        pdf = open_pdf(path)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise IngestError("the PDF is password-protected; supply it without a password") from None
        raise IngestError("corrupt or truncated PDF: it cannot be opened") from None
    pages: list[Page] = []
    try:
        count = len(pdf)
        if count == 0:
            raise IngestError("the PDF has no pages")
        for index in range(count):
            page = read_page(pdf, index, path=str(path))
            pages.append((page.lines, page.grids, page.has_images))
            # what the first pages say decides, before the rest is read, whether this is a disclosure
            with_text = [p for p in pages if p[0] or p[1]]
            if len(with_text) == min(2, count) or (index == 2 and with_text):
                _require_disclosure(with_text)
    except _damaged() as e:  # the file's fault; any other error is the reader's (a ReaderFailure)
        raise IngestError("corrupt or truncated PDF: a page cannot be read") from e
    finally:
        pdf.close()
    if not any(lines or grids for lines, grids, _ in pages):
        if any(has_images for _, _, has_images in pages):
            raise IngestError("the PDF has no text layer (a scanned document?); OCR is not done")
        raise IngestError("the PDF has no text")
    return _assemble(str(path), pages)


def _damaged() -> tuple[type[Exception], ...]:
    """What pdfium, pdfminer and pdfplumber raise on a damaged file: their own parse errors."""
    import pypdfium2 as pdfium
    from pdfminer.psexceptions import PSException  # PDFSyntaxError and every PDFException too
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    return pdfium.PdfiumError, PSException, PdfminerException, MalformedPDFException


def _require_disclosure(pages: list[Page]) -> None:
    """Refuse early, from its first pages, a file that is no 部门预算/决算 (a notice, a gazette)."""
    text = "\n".join(line for lines, grids, _ in pages[:2] for line in
                     [t for _, t in lines] + [" ".join(row) for _, _, rows in grids for row in rows[:3]])
    if text.strip():
        require_disclosure(text)


PROSE = re.compile(r"[。，；]")

# A page as read: its text lines (top, text) in reading order, its grids, and whether it has images.
Line = tuple[float, str]
Grid = tuple[float, float, list[list[str]]]  # top, bottom, rows
Page = tuple[list[Line], list[Grid], bool]


def _assemble(path: str, pages: list[Page]) -> RawDocument:
    running = _running_lines(pages)
    cover_lines = [text for _, text in pages[0][0]]
    narrative: list[str] = []
    line_pages: list[int] = []  # the page of each narrative line
    tables: list[RawTable] = []
    in_contents = False
    for number, (lines, grids, _) in enumerate(pages, 1):
        lines = [(top, text) for top, text in lines if text not in running and not PAGE_NUMBER.match(text)]
        # the table of contents: from a 目录 line, over pages with no prose (no 。，； — a sentence may run
        # on to the next page) and no table
        if any(text.replace(" ", "") in ("目录", "目次") for _, text in lines):
            in_contents = True
        elif in_contents and (grids or any(PROSE.search(text) for _, text in lines)):
            in_contents = False
        if number == 1 or in_contents:
            continue
        lines = [(top, text) for top, text in lines if not LEADERS.search(text)]
        if not grids:
            narrative.extend(text for _, text in lines)
            line_pages.extend(number for _ in lines)
            continue
        grids = [g for g in grids if len(g[2]) >= 2 or _continues(g, lines, tables)]
        for top, bottom, rows in grids:
            if len(rows) == 1:
                lines = [(y, text) for y, text in lines if not top - 2 <= y <= bottom]
        above_from = float("-inf")
        for i, (top, bottom, rows) in enumerate(grids):
            inside, rows = _grid_head(rows)
            before = [text for y, text in lines if above_from <= y < top] + inside
            head, prose = _table_head(before)
            narrative.extend(prose)
            line_pages.extend(number for _ in prose)
            title = head.get("title")
            if title is None and tables and (i > 0 or not prose):
                previous = tables[-1]
                tables.append(RawTable(previous.title, previous.unit_line, previous.org_line, rows, number))
            elif title is not None:
                tables.append(RawTable(title, head.get("unit", ""), head.get("org", ""), rows, number))
            above_from = bottom
        after = [text for y, text in lines if y >= above_from]
        kept = _drop_notes(after)
        narrative.extend(kept)
        line_pages.extend(number for _ in kept)
    return RawDocument(path=path, cover="\n".join(cover_lines), narrative="\n".join(narrative), tables=tables,
                       narrative_pages=tuple(line_pages))


def _grid_head(rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Title, number, 单位 and 部门 lines ruled into the top of the grid itself, and the rows after them."""
    head: list[str] = []
    for row in rows:
        cells = [c for c in row if c]
        text = " ".join(cells)
        if not 0 < len(cells) <= 2 or not (
            TABLE_NUMBER.match(text) or _is_title(text) or UNIT_LINE.search(text) or ORG_LINE.search(text)
        ):
            break
        head.append(text)
    return head, rows[len(head) :]


def _continues(grid: Grid, lines: list[Line], tables: list[RawTable]) -> bool:
    """A one-row grid is a table only as the last row of a table continued at the top of a page;
    elsewhere it is a highlight box around a line of prose."""
    top = grid[0]
    return bool(tables) and not any(y < top - 2 for y, _ in lines) and any(
        re.fullmatch(r"-?[\d,]+\.\d+", cell) for cell in grid[2][0]
    )


def _running_lines(pages: list[Page]) -> set[str]:
    """First or last lines repeated on many pages: running headers and footers — never a table's
    title, 单位 or 编制单位 line, which repeat on every page of a long table."""
    counts: Counter[str] = Counter()
    for lines, _, _ in pages:
        edge = {text for _, text in lines[:1] + lines[-1:]}
        counts.update(edge)
    threshold = max(3, len(pages) // 3)
    return {
        text for text, n in counts.items()
        if n >= threshold and not TITLE_LINE.search(text) and not UNIT_LINE.search(text) and not ORG_LINE.search(text)
    }


def _pieces(text: str) -> list[str]:
    """A head line that holds several parts (title, 编制单位：…, 单位：元 printed in one cell) in pieces."""
    cuts = [m.start() for m in HEAD_LABEL.finditer(text) if m.start() > 0]
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True) if text[a:b].strip()]
    out: list[str] = []
    for piece in pieces:  # a piece that is no head part of its own (511-退役军人事务局) stays with the next
        if out and not _is_head_part(out[-1]):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _is_head_part(text: str) -> bool:
    return bool(UNIT_LINE.search(text) or ORG_LINE.search(text) or TABLE_NUMBER.match(text) or _is_title(text))


def _table_head(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split the lines above a table into its head (title, unit, org) and prose before it."""
    lines = [piece for line in lines for piece in _pieces(line)]
    head: dict[str, str] = {}
    cut = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        text = lines[i]
        if not re.search(r"[\w\u4e00-\u9fff]", text):
            cut = i  # stray punctuation, like the quotes of a title set in another font
        elif UNIT_LINE.search(text) or ORG_LINE.search(text):
            if UNIT_LINE.search(text):
                head.setdefault("unit", text[UNIT_LINE.search(text).start() :])
            if ORG_LINE.search(text):
                head.setdefault("org", UNIT_LINE.sub("", text).strip())
            cut = i
        elif TABLE_NUMBER.match(text) or PAGE_NUMBER.match(text):
            cut = i
        elif _is_title(text) and "title" not in head:
            head["title"] = NUMBER_PREFIX.sub("", text)
            cut = i
            # a title number on the line before: 表1 / 附表3
            if i > 0 and TABLE_NUMBER.match(lines[i - 1]):
                cut = i - 1
            break
        elif head or len(lines) - i > 3 or kept_ends(text) or text.endswith(("：", ":")) or NEW_PART.match(text):
            break  # a sentence or a heading above the table is prose: 七、重点项目… / …情况如下：
        else:
            cut = i  # a wrapped header line between title and grid belongs to the table head
    return head, lines[:cut]


def _is_title(text: str) -> bool:
    core = re.sub(r"[（(][^）)]*[）)]\s*$", "", text).strip()
    return len(core) <= 60 and bool(TITLE_LINE.search(text)) and not text.endswith(("。", "，")) and (
        core.endswith("表") or "表" in core[-4:]
    )


def _drop_notes(lines: list[str]) -> list[str]:
    """Lines after a table, except its 注： note: the note may wrap over a few lines and list points
    (1. … 2. …); the prose after it (a new heading, a new part) is kept."""
    kept: list[str] = []
    in_note = listing = False
    previous = ""
    for text in lines:
        if NOTE_LINE.match(text):
            in_note = True
            listing = bool(NOTE_LIST.match(text))  # 注：1.…；2.… lists its points on the next lines
        elif in_note and (not kept_ends(previous) or listing and NOTE_ITEM.match(text)) and not NEW_PART.match(text):
            pass  # the note goes on
        else:
            in_note = False
        if not in_note:
            kept.append(text)
        previous = text
    return kept


def kept_ends(text: str) -> bool:
    """A line that ends a sentence: what follows it may be new prose."""
    return text.rstrip().endswith(("。", "；", ";", "！"))
