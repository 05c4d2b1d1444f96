"""Logging for the servers: to stderr, with secrets (bot token, WeChat token and key) never written; and
the readers' log for `ingest --verbose`."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Replaces each secret with a label wherever it would reach a log: messages (httpx and PTB put
    request URLs in them) and tracebacks."""

    def __init__(self, *secrets: str, label: str = "<secret>") -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        # in any case: a server may echo a URL lower-cased
        self._pattern = re.compile("|".join(map(re.escape, self._secrets)), re.IGNORECASE) if self._secrets else None
        self._label = label

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._pattern and self._pattern.search(message):
            record.msg, record.args = self._redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def redact(self, text: str) -> str:
        """`text` with every secret, in any case, written as the label."""
        return self._pattern.sub(self._label, text) if self._pattern else text

    _redact = redact


def configure_logging(redact: RedactSecrets, *, loggers: tuple[str, ...] = ("",), level: int = logging.INFO) -> None:
    """Log to stderr with `redact` on every handler of `loggers` (the root logger, and uvicorn's own)."""
    logging.basicConfig(level=level, format=FORMAT)
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactSecrets) for f in handler.filters):
                handler.addFilter(redact)


@contextmanager
def reader_log(enabled: bool) -> Iterator[None]:
    """`ingest --verbose`: what the readers log (knowledge.*: the parts left out and why, a reader
    failure's traceback) written to stderr while the block runs."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("knowledge")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
