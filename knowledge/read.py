"""Reading one disclosure file (a PDF, or the founding text format) into a `Document`, in this process.

`knowledge.limits` runs this in a child process within limits; `knowledge.ingest` reads batches
that way and stores them.
"""

from __future__ import annotations

from pathlib import Path

from .model import Document, IngestError
from .parse import parse_document
from .read_text import read_text


def read_document(path: str | Path) -> Document:
    """Read one disclosure (PDF or the founding text format) into a `Document`."""
    path = Path(path)
    if not path.exists():
        raise IngestError("no such file")
    if path.is_dir():
        raise IngestError("is a directory, not a disclosure file")
    if not path.is_file():  # a FIFO would block the read for ever, /dev/zero never end
        raise IngestError("not a regular file (a FIFO, a device or a socket); give a disclosure file")
    with path.open("rb") as f:
        head = f.read(1024)
    if head.startswith(b"%PDF"):
        from .read_pdf import read_pdf  # pdfplumber is only imported when a PDF comes

        raw = read_pdf(path)
    elif path.suffix.lower() == ".pdf":
        what = "an HTML page saved as .pdf" if b"<html" in head.lower() or b"<!doctype" in head.lower() else (
            "an empty file" if not head else "not a PDF file (no %PDF header)"
        )
        raise IngestError(f"{what}; is it truncated or mislabelled?")
    else:
        raw = read_text(path)
    return parse_document(raw)
