"""Reading files into the knowledge base: one document per file, whole or not at all.

Each file is read in a child process within limits (knowledge.limits), a batch several at a time,
and then stored. A file whose digest a stored document has is not read again (unless asked). A
document already in the knowledge base (the same department, year and kind) is replaced only when
the new reading is not poorer — no fewer tables, no fewer facts — unless `replace_existing`.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import sqlite_utils

from .index import Naming
from .limits import DEFAULT_LIMITS, MB, Limits, read_limited
from .model import READER_FAILURE, Document, IngestError, ReaderFailure
from .paths import readable_path
from .read import read_document
from .store import file_digest, store_document, stored_as

FAILED = READER_FAILURE  # a reader bug, in words: never "corrupt", never Python
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one file: its document, why it was refused, or the document it is already
    stored as (department, year, kind), when it was not read again."""

    path: str
    document: Document | None = None
    error: str | None = None  # why the file did not go in, in words for the person ingesting
    stored: tuple[str, int, str] | None = None  # the stored document a file already read is
    status: str = "in"  # in (read) / refused (not a disclosure, unreadable) / failed (the reader's fault)
    action: str | None = None  # added / replaced / kept (the stored reading is richer); None when not stored
    note: str | None = None  # what storing it did, when it was not simply added
    skipped: list[str] = field(default_factory=list)  # parts of the document left out, and why
    detail: str | None = None  # a reader failure's traceback, for the log (ingest --verbose)

    @property
    def shown_path(self) -> str:
        """The path as a person can read it, whatever bytes its name was given in."""
        return readable_path(self.path)


def read_outcome(path: str, limits: Limits | None = None) -> Outcome:
    """Read one file (within `limits`, in a child process, when given); never raises: a refusal or
    a reader failure is an outcome with its reason in words."""
    try:
        document = read_limited(path, limits) if limits else read_document(path)
    except ReaderFailure as e:
        return _failed(path, e.detail)
    except IngestError as e:
        return Outcome(path, error=str(e), status="refused")
    except Exception:  # a reader bug must not lose the rest of the batch, nor show Python to the user
        return _failed(path, traceback.format_exc())
    return Outcome(path, document=document, skipped=list(document.skipped))


def _failed(path: str, detail: str) -> Outcome:
    log.info("%s: the reader failed (a bug of budgetbot's, please report it):\n%s", path, detail.rstrip())
    return Outcome(path, error=FAILED, status="failed", detail=detail)


def read_many(
    paths: Iterable[str], *, workers: int = 1, limits: Limits | None = DEFAULT_LIMITS
) -> Iterable[Outcome]:
    """Read files, each in a child process within `limits` (`workers` at a time; limits=None reads
    them in this process), yielding outcomes in the order of `paths`."""
    paths = [str(p) for p in paths]
    read = partial(read_outcome, limits=limits)
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
    replace_existing: bool = False,
    on_outcome: Callable[[Outcome], None] | None = None,
    limits: Limits | None = DEFAULT_LIMITS,
    naming: Naming | None = None,
    skip_stored: bool = True,
) -> list[Outcome]:
    """Read and store each file; a file that cannot be read leaves the database as it was. A file
    whose digest a stored document has is not read again (`skip_stored`), so a batch interrupted
    half-way and run again reads only what is missing. A new reading replaces a stored one of the
    same department, year and kind only when it is not poorer, unless `replace_existing`. `naming`
    indexes the documents' names (`knowledge.index`)."""
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
            action, note = store_document(
                db, outcome.document, sha256=digests[outcome.path] or "", replace=replace_existing, naming=naming
            )
            outcome = replace(outcome, action=action, note=note)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return outcomes


def _digest(path: str) -> str | None:
    """The file's sha256 — of a regular file within the size limit only: a FIFO, a device or a huge
    file is refused by reading it, not hashed here."""
    try:
        file = Path(path)
        if not file.is_file() or file.stat().st_size > DEFAULT_LIMITS.file_mb * MB:
            return None
        return file_digest(path)
    except OSError:  # missing, a directory, unreadable: reading it says why
        return None
