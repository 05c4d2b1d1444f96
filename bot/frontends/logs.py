"""Logging for the servers: to stderr, with secrets (bot token, WeChat token and key) never written."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Replaces each secret with a label wherever it would reach a log: messages (httpx and PTB put
    request URLs in them) and tracebacks."""

    def __init__(self, *secrets: str, label: str = "<secret>") -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]
        self._label = label

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self._secrets):
            record.msg, record.args = self._redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, self._label)
        return text


def configure_logging(redact: RedactSecrets, *, loggers: tuple[str, ...] = ("",), level: int = logging.INFO) -> None:
    """Log to stderr with `redact` on every handler of `loggers` (the root logger, and uvicorn's own)."""
    logging.basicConfig(level=level, format=FORMAT)
    for name in loggers:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, RedactSecrets) for f in handler.filters):
                handler.addFilter(redact)
