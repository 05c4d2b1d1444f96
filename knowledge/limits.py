"""Limits per document, so that no file can make ingestion hang or eat the machine.

Each file is read in a child process (forked from a forkserver that has the readers imported) with a
wall-clock limit and an address-space limit (RLIMIT_AS); before a PDF is parsed, the inflated size of
its streams (less images, which are never decoded) is counted with a bounded zlib, so a 195 KB PDF
whose page inflates to 200 MB is refused in a second instead of being parsed for ten minutes.
Whatever is over a limit is an `IngestError` of one line saying which limit it exceeds. An error of the
reader's own (a bug, not a fault of the file) is a `ReaderFailure` whose `detail` is the child's formatted
traceback; what the reader logs in the child (`knowledge.*` loggers) is logged again in the parent.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
import traceback
import zlib
from dataclasses import dataclass
from pathlib import Path

from .model import Document, IngestError, ReaderFailure
from .read import read_document

MB = 1 << 20  # a megabyte, in every limit of this module and of knowledge.ingest
__all__ = ["DEFAULT_LIMITS", "MB", "Limits", "ReaderFailure", "check_pdf_content", "read_limited"]


@dataclass(frozen=True)
class Limits:
    """What one document may take. The largest published disclosure bundled (53 pages) reads in 8 s,
    in under 300 MB, from 5.6 MB of inflated content."""

    seconds: float = 90.0  # wall clock, reading and parsing
    memory_mb: int = 2048  # address space of the reading process
    content_mb: int = 32  # inflated PDF streams, images excepted
    file_mb: int = 100  # the file itself


DEFAULT_LIMITS = Limits()


def read_limited(path: str | Path, limits: Limits) -> Document:
    """`knowledge.read.read_document` in a child process within `limits`; IngestError if over one."""
    path = Path(path)
    if path.is_file() and path.stat().st_size > limits.file_mb * MB:
        size = path.stat().st_size / MB
        raise IngestError(f"the file is {size:.0f} MB, which exceeds the limit of {limits.file_mb} MB per file")
    receiver, sender = _context().Pipe(duplex=False)
    child = _context().Process(target=_child, args=(str(path), limits, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise IngestError(f"reading it exceeds the time limit of {limits.seconds:g} s per document")
        try:
            kind, value, records = receiver.recv()
        except EOFError:
            child.join(5)
            raise IngestError(f"the reader stopped without a result (exit code {child.exitcode}); "
                              f"the document may exceed the memory limit of {limits.memory_mb} MB") from None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    _log_again(records)
    if kind == "error":
        raise IngestError(value)
    if kind == "failed":
        raise ReaderFailure(detail=value)
    return value


def _log_again(records: list[logging.LogRecord]) -> None:
    """What the reader logged in the child, logged here where the caller's handlers are."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def check_pdf_content(path: str | Path, limit_mb: int) -> None:
    """IngestError if the PDF's streams (less images) inflate to more than `limit_mb`; a PDF this cannot
    parse is left for the reader to report."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    budget = limit_mb * MB
    image = LIT("Image")
    with open(path, "rb") as f:
        try:
            doc = PDFDocument(PDFParser(f))
        except Exception:
            return
        for xref in doc.xrefs:
            for objid in xref.get_objids():
                try:
                    obj = doc.getobj(objid)
                except Exception:
                    continue
                if isinstance(obj, PDFStream) and obj.get("Subtype") is not image:
                    budget -= _inflated_size(obj, budget)
                    if budget < 0:
                        raise IngestError(f"its inflated content exceeds the limit of {limit_mb} MB per document "
                                          "(a compression bomb?)")


def _inflated_size(stream, budget: int) -> int:
    """The stream's decoded size, or budget + 1 once it is over `budget`: a single FlateDecode stream is
    inflated in bounded steps, never whole; other filters are decoded (the memory limit bounds them)."""
    filters = stream.get_filters()
    flate = len(filters) == 1 and getattr(filters[0][0], "name", None) in ("FlateDecode", "Fl")
    if flate and not filters[0][1] and stream.rawdata and not stream.decipher:
        inflater, size, data = zlib.decompressobj(), 0, stream.rawdata
        try:
            while data and size <= budget:
                size += len(inflater.decompress(data, max(budget + 1 - size, 1)))
                data = inflater.unconsumed_tail
        except zlib.error:
            return size  # pdfminer reads what inflates before the error; so does this
        return size
    try:
        return len(stream.get_data() or b"")
    except Exception:
        return 0


def _child(path: str, limits: Limits, sender) -> None:
    """In the child: limit memory, check a PDF's content, read; send ("ok", document), ("error", why)
    or ("failed", the traceback), each with what the reader logged."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_mb * MB, limits.memory_mb * MB))
    logged = _Collect()
    reader_log = logging.getLogger("knowledge")
    reader_log.setLevel(logging.DEBUG)
    reader_log.addHandler(logged)
    reader_log.propagate = False
    try:
        if _is_pdf(path):
            check_pdf_content(path, limits.content_mb)
        result = ("ok", read_document(path))
    except BaseException as e:  # noqa: B036 — whatever happens is the parent's to report
        why = _why(e, limits)
        result = ("error", why) if why else ("failed", traceback.format_exc())
    try:
        sender.send((*result, logged.records))
    except MemoryError:
        sender.send(("error", f"the document exceeds the memory limit of {limits.memory_mb} MB", []))
    sender.close()


class _Collect(logging.Handler):
    """Keeps the records logged in the child, made picklable (the message and traceback as text)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _is_pdf(path: str) -> bool:
    if not Path(path).is_file():
        return False  # read_document says what it is instead
    with open(path, "rb") as f:
        return f.read(5).startswith(b"%PDF")


def _why(e: BaseException, limits: Limits) -> str | None:
    cause: BaseException | None = e
    while cause is not None:  # a reader may wrap a MemoryError in its own error
        if isinstance(cause, MemoryError):
            return f"reading it exceeds the memory limit of {limits.memory_mb} MB per document"
        cause = cause.__cause__ or cause.__context__
    if isinstance(e, IngestError):
        return str(e)
    return None  # a failure of the reader, not of the file: told apart, in words, by knowledge.ingest


_CONTEXT: multiprocessing.context.BaseContext | None = None


def _context() -> multiprocessing.context.BaseContext:
    """A forkserver: each child forks from a clean process with the readers imported (cheap, and no
    threads of the caller's are copied into it)."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = multiprocessing.get_context("forkserver")
        _CONTEXT.set_forkserver_preload(["knowledge.read", "knowledge.read_pdf", "knowledge.limits"])
    return _CONTEXT
