"""Talking to the Bot API safely: retries, per-chat question limits, a token-free log."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from . import logs
from .logs import RedactSecrets

log = logging.getLogger(__name__)


class RetryingRateLimiter(AIORateLimiter):
    """Telegram's flood limits and 429 `retry_after` (AIORateLimiter), and retries after a 502,
    a timeout or a dropped connection, so that no reply is lost to a passing network fault."""

    def __init__(self, *, network_retries: int = 5, first_delay: float = 0.5, **limits: Any) -> None:
        super().__init__(max_retries=limits.pop("max_retries", 3), **limits)
        self._network_retries = network_retries
        self._first_delay = first_delay

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        delay, failures = self._first_delay, 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # a NetworkError subclass, but sending it again cannot help
                raise
            except NetworkError as e:
                failures += 1
                if failures > self._network_retries:
                    raise
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, e, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)


class ChatLimiter:
    """At most `count` questions per chat in any `seconds`; the first refusal in a burst is reported."""

    def __init__(self, count: int = 20, seconds: float = 60.0) -> None:
        self.count = count
        self.seconds = seconds
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, chat_id: int, now: float | None = None) -> str:
        """'ok' to answer, 'warn' to say the chat is too fast, 'drop' to stay quiet."""
        now = time.monotonic() if now is None else now
        asked = self._asked.setdefault(chat_id, deque())
        while asked and asked[0] <= now - self.seconds:
            asked.popleft()
        if len(asked) < self.count:
            asked.append(now)
            self._warned.discard(chat_id)
            return "ok"
        if chat_id in self._warned:
            return "drop"
        self._warned.add(chat_id)
        return "warn"


def redact_token(token: str) -> RedactSecrets:
    """A log filter that writes the bot token (or its secret part after the colon alone) as <token>."""
    return RedactSecrets(token, token.partition(":")[2], label="<token>")


class NoRequestTraceback(logging.Filter):
    """python-telegram-bot logs a traceback with each Bot API answer it cannot parse (a wrong --api-url
    answering HTML); the one-line message says it all."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram.request") and record.exc_info:
            record.exc_info, record.exc_text = None, None
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    """Log to stderr without the token, and without httpx's one line per request."""
    logs.configure_logging(redact_token(token), level=level)
    for handler in logging.getLogger().handlers:
        handler.addFilter(NoRequestTraceback())
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
