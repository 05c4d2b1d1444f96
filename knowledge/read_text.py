"""Read the founding document's text format: narrative lines and tab-separated table rows.

A table starts at a title line ending in 表 that is followed by a 单位 line; its rows are the
tab-separated lines up to the 注： line. Everything else after the table of contents is narrative.

Only that format is read. A text dump of a PDF (pdftotext: page breaks, columns aligned with
spaces) is refused: its tables cannot be told apart from its prose; the PDF itself is to be ingested.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import IngestError, RawDocument, RawTable

TITLE = re.compile(r"^(?!第[一二三四五六七八九十]部分)\S.{2,60}表$")
PART_ONE = re.compile(r"^第一部分")


def decode(data: bytes, path: str) -> str:
    """Decode UTF-8 text, naming the likely encoding when it is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise IngestError("not UTF-8 text") from None
        raise IngestError("text is in GBK/GB18030, not UTF-8; convert it with `iconv -f GBK -t UTF-8`") from None


def read_text(path: Path) -> RawDocument:
    text = decode(path.read_bytes(), str(path))
    lines = [line.rstrip("\r\n") for line in text.splitlines()]
    if not any(line.strip() for line in lines):
        raise IngestError("the file is empty")
    _refuse_pdf_dump(text, lines)
    cover = "\n".join(line.strip() for line in lines[:12] if line.strip())
    starts = [i for i, line in enumerate(lines) if PART_ONE.match(line.strip())]
    start = starts[-1] if starts else 0
    narrative: list[str] = []
    tables: list[RawTable] = []
    current: RawTable | None = None
    for i, line in enumerate(lines[start:], start):
        stripped = line.strip()
        if "\t" not in line and TITLE.match(stripped) and _unit_line_follows(lines, i):
            current = RawTable(title=stripped)
            tables.append(current)
            continue
        if current is None:
            narrative.append(line)
            continue
        if stripped.startswith("单位名称"):
            current.org_line = stripped
        elif re.match(r"^单位\s*[:：]", stripped):
            current.unit_line = stripped
        elif stripped.startswith("注"):
            current = None
        elif "\t" in line:
            current.rows.append([cell.strip() for cell in line.split("\t")])
    return RawDocument(path=str(path), cover=cover, narrative="\n".join(narrative), tables=tables)


def _unit_line_follows(lines: list[str], i: int) -> bool:
    return any(re.match(r"^单位", line.strip()) for line in lines[i + 1 : i + 6])


# a figure, three spaces or more, a figure: the columns of a table laid out with spaces
ALIGNED = re.compile(r"\d[\d,]*\.\d+\s{3,}-?\d[\d,]*(?:\.\d+)?")


SPACED = re.compile(r"\S {3,}\S")


def _refuse_pdf_dump(text: str, lines: list[str]) -> None:
    """A pdftotext dump of a PDF is not the founding format: say so and name what to ingest instead."""
    tab_rows = sum(1 for line in lines if line.count("\t") >= 1)
    aligned = sum(1 for line in lines if "\t" not in line and ALIGNED.search(line))
    # words set apart by runs of spaces, as columns of a page laid out in text
    spaced = sum(1 for line in lines if "\t" not in line and SPACED.search(line.strip()))
    source = next((line for line in lines[:3] if line.startswith("# source:")), None)
    if source or "\f" in text or (aligned >= 3 and aligned > tab_rows) or (spaced >= 5 and spaced > tab_rows):
        raise IngestError(
            "a text dump of a PDF (pdftotext: page breaks, columns aligned with spaces), not the founding "
            "text format with tab-separated tables; ingest the PDF itself"
        )
