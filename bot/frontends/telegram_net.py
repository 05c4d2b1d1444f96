"""Talking to the Bot API safely: retries, per-chat question limits (in the shared state store when
there is one), a token-free log."""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import deque
from typing import Any

from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter

from . import logs
from .logs import RedactSecrets
from .state import StateStore

log = logging.getLogger(__name__)
QUESTIONS_A_MINUTE = 20  # per chat


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
    """At most `count` questions per chat in any `seconds`, counted in this process; the first refusal
    in a burst is reported. A chat that has asked nothing for `seconds` is forgotten."""

    def __init__(self, count: int = QUESTIONS_A_MINUTE, seconds: float = 60.0) -> None:
        self.count = count
        self.seconds = seconds
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()
        self._next_prune = 0.0

    def check(self, chat_id: int, now: float | None = None) -> str:
        """'ok' to answer, 'warn' to say the chat is too fast, 'drop' to stay quiet."""
        now = time.monotonic() if now is None else now
        self._prune(now)
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

    @property
    def chats(self) -> int:
        """How many chats are counted now."""
        return len(self._asked)

    def _prune(self, now: float) -> None:
        """Forget, once a window, the chats whose last question has left it."""
        if now < self._next_prune:
            return
        self._next_prune = now + self.seconds
        self._asked = {chat: asked for chat, asked in self._asked.items() if asked and asked[-1] > now - self.seconds}
        self._warned &= self._asked.keys()


class SharedChatLimiter:
    """At most `count` questions per chat in the state store's window (60 s, sliding), counted in the
    store, so that several bot processes sharing it count a chat's questions together. The process
    that refuses a chat first in a burst reports it; a store that is away refuses nobody."""

    def __init__(self, store: StateStore, count: int = QUESTIONS_A_MINUTE) -> None:
        self.store = store
        self.count = count
        self._warned: dict[int, float] = {}  # chat -> when it was told it is too fast

    def check(self, chat_id: int, now: float | None = None) -> str:
        """As ChatLimiter.check; blocking (a call to the store)."""
        if not self.store.hit(f"telegram:{chat_id}", self.count):
            self._warned.pop(chat_id, None)
            return "ok"
        now = time.monotonic() if now is None else now
        if self._warned.get(chat_id, -math.inf) > now - self.store.window:
            return "drop"
        self._warned = {chat: at for chat, at in self._warned.items() if at > now - self.store.window}
        self._warned[chat_id] = now
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
