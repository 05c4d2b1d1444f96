"""Reading files into the knowledge base: one document per file, whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from .model import Document, IngestError
from .parse import parse_document
from .read_text import read_text
from .store import file_digest, write_document


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its document, or why it was refused."""

    path: str
    document: Document | None = None
    error: str | None = None


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
        head = f.read(5)
    if head.startswith(b"%PDF"):
        from .read_pdf import read_pdf  # pdfplumber is only imported when a PDF comes

        raw = read_pdf(path)
    elif path.suffix.lower() == ".pdf":
        raise IngestError("not a PDF file (no %PDF header); is it truncated or mislabelled?")
    else:
        raw = read_text(path)
    return parse_document(raw)


def _read(path: str) -> Outcome:
    try:
        return Outcome(path, document=read_document(path))
    except IngestError as e:
        return Outcome(path, error=str(e))
    except Exception as e:  # a reader bug must not lose the rest of the batch
        return Outcome(path, error=f"could not be read ({type(e).__name__}: {e})")


def read_many(paths: Iterable[str], *, workers: int = 1) -> Iterable[Outcome]:
    """Read files, in parallel processes when workers > 1, yielding outcomes as they finish."""
    paths = [str(p) for p in paths]
    if workers <= 1 or len(paths) <= 1:
        yield from map(_read, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_read, paths)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    *,
    workers: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Read and store each file; a file that cannot be read leaves the database as it was."""
    outcomes = []
    for outcome in read_many(paths, workers=workers):
        if outcome.document is not None:
            write_document(db, outcome.document, sha256=file_digest(outcome.path))
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes
