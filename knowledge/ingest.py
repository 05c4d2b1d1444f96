"""Reading files into the knowledge base: one document per file, whole or not at all.

A file is read (in parallel processes for a batch) and then stored. A document already in the
knowledge base (the same department, year and kind) is replaced only when the new reading is not
poorer — no fewer tables, no fewer facts — unless `replace` is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from .model import Document, IngestError
from .parse import parse_document
from .read_text import read_text
from .store import file_digest, store_document


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its document, or why it was refused."""

    path: str
    document: Document | None = None
    error: str | None = None  # why the file did not go in, in words for the person ingesting
    status: str = "in"  # in (read) / refused (not a disclosure, unreadable) / failed (the reader's fault)
    stored: str | None = None  # added / replaced / kept (the stored reading is richer) / None (not stored)
    note: str | None = None  # what storing it did, when it was not simply added
    skipped: list[str] = field(default_factory=list)  # parts of the document left out, and why


def read_document(path: str | Path) -> Document:
    """Read one disclosure (PDF or the founding text format) into a `Document`."""
    path = Path(path)
    if not path.exists():
        raise IngestError("no such file")
    if path.is_dir():
        raise IngestError("is a directory, not a disclosure file")
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


def read_outcome(path: str) -> Outcome:
    """Read one file; never raises: a refusal or a reader failure is an outcome with its reason."""
    try:
        document = read_document(path)
    except IngestError as e:
        return Outcome(path, error=str(e), status="refused")
    except Exception:  # a reader bug must not lose the rest of the batch, nor show Python to the user
        return Outcome(path, error="could not be read: the reader does not understand this file's layout "
                                   "(please report the file)", status="failed")
    return Outcome(path, document=document, skipped=list(document.skipped))


def read_many(paths: Iterable[str], *, workers: int = 1) -> Iterable[Outcome]:
    """Read files, in parallel processes when workers > 1, yielding outcomes in the order given."""
    paths = [str(p) for p in paths]
    if workers <= 1 or len(paths) <= 1:
        yield from map(read_outcome, paths)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
        yield from pool.map(read_outcome, paths)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    *,
    workers: int = 1,
    replace_existing: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Read and store each file; a file that cannot be read leaves the database as it was."""
    outcomes = []
    for outcome in read_many(paths, workers=workers):
        if outcome.document is not None:
            stored, note = store_document(
                db, outcome.document, sha256=file_digest(outcome.path), replace=replace_existing
            )
            outcome = replace(outcome, stored=stored, note=note)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes
