"""Reading files into the knowledge base: one document per file, whole or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import sqlite_utils

from .index import Naming
from .limits import DEFAULT_LIMITS, Limits, read_limited
from .model import Document, IngestError
from .parse import parse_document
from .read_text import read_text
from .store import file_digest, stored_as, write_document


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its document, why it was refused, or the document it is already
    stored as (department, year, kind), when it was not read again."""

    path: str
    document: Document | None = None
    error: str | None = None
    stored: tuple[str, int, str] | None = None


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


def _read(path: str, limits: Limits) -> Outcome:
    try:
        return Outcome(path, document=read_limited(path, limits))
    except IngestError as e:
        return Outcome(path, error=str(e))
    except Exception as e:  # a reader bug must not lose the rest of the batch
        return Outcome(path, error=f"could not be read ({type(e).__name__}: {e})")


def read_many(paths: Iterable[str], *, workers: int = 1, limits: Limits = DEFAULT_LIMITS) -> Iterable[Outcome]:
    """Read files, each in a child process within `limits` (`workers` at a time), yielding outcomes in
    the order of `paths`."""
    paths = [str(p) for p in paths]
    read = partial(_read, limits=limits)
    if workers <= 1 or len(paths) <= 1:
        yield from map(read, paths)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:  # the threads only wait for their child
        yield from pool.map(read, paths)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    *,
    workers: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    naming: Naming | None = None,
    skip_stored: bool = True,
) -> list[Outcome]:
    """Read and store each file; a file that cannot be read leaves the database as it was. A file
    whose digest a stored document has is not read again (`skip_stored`), so a batch interrupted
    half-way and run again reads only what is missing. `naming` indexes the documents' names
    (`knowledge.index`)."""
    outcomes, todo, digests = [], [], {}
    for path in map(str, paths):
        digests[path] = _digest(path)
        stored = stored_as(db, digests[path]) if skip_stored and digests[path] else None
        if stored:
            outcomes.append(Outcome(path, stored=stored))
            if on_outcome:
                on_outcome(outcomes[-1])
        else:
            todo.append(path)
    for outcome in read_many(todo, workers=workers, limits=limits):
        if outcome.document is not None:
            write_document(db, outcome.document, sha256=digests[outcome.path] or "", naming=naming)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes


def _digest(path: str) -> str | None:
    """The file's sha256 — of a regular file within the size limit only: a FIFO, a device or a huge
    file is refused by reading it, not hashed here."""
    try:
        file = Path(path)
        if not file.is_file() or file.stat().st_size > DEFAULT_LIMITS.file_mb * 1_000_000:
            return None
        return file_digest(path)
    except OSError:  # missing, a directory, unreadable: reading it says why
        return None
