"""Where the front ends keep what every worker and every machine must see alike: conversations, the
per-client rate-limit windows, and the replies WeChat's retries ask for again.

`open_state(url)` opens one of two stores behind the same methods:

- `sqlite:///path/to/state.sqlite` (or a plain path): one file all workers of one machine share, the
  embedded default (`bot.frontends.web_state.SharedState`);
- `redis://[:password@]host:port/db` or `rediss://…` (TLS): a Redis or Valkey server several machines
  share (`bot.frontends.state_redis.RedisState`).

A store that stops answering does not stop the answers: its methods fall back to "no conversation
so far", "within the limit" and "not seen before", the store reports itself degraded, and one caller
tries it again a second later (then after 2, 4, 5, 5… seconds), so service comes back by itself when
the store does.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from nlu.context import Context

log = logging.getLogger("budgetbot.state")
T = TypeVar("T")

SESSION_TTL = 1800.0  # a conversation is forgotten after 30 idle minutes
FIRST_TURN_TTL = 120.0  # a server-made session's first turn: a visitor who never returns leaves little
WINDOW = 60.0  # the rate limit counts the requests of the last minute, sliding
PENDING_TTL = 15.0  # a claimed message nobody answers lapses once WeChat has stopped retrying it
REPLY_TTL = 300.0  # how long a reply is kept for WeChat's retries
RETRY_AFTER = 1.0  # seconds before the first attempt to reach a store that failed; doubled after each
RETRY_AFTER_MAX = 5.0  # failed attempt up to this, so a store that does not even refuse costs little


class StateUnavailable(Exception):
    """The shared state store cannot be reached or refuses the URL."""


class StateStore:
    """The methods every front end uses; a subclass supplies the `_`-methods and the exceptions
    (`failures`) that mean its store is not answering."""

    kind = "state"
    failures: tuple[type[BaseException], ...] = ()

    def __init__(self, *, session_ttl: float = SESSION_TTL, window: float = WINDOW,
                 first_turn_ttl: float = FIRST_TURN_TTL, clock: Callable[[], float] = time.time) -> None:
        self.session_ttl = session_ttl
        self.window = window
        self.first_turn_ttl = first_turn_ttl
        self.clock = clock  # the time conversations and windows are measured by (a Redis server keeps its own)
        self._lock = threading.Lock()
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._retry_delay = RETRY_AFTER

    # what the front ends call
    def conversation(self, key: str, *, new: bool = False) -> StoredConversation:
        """One conversation (a web session, a WeChat follower, a Telegram chat), as `Session` takes it;
        `new` for a session the server has just made (nothing stored yet, its first turn kept briefly)."""
        return StoredConversation(self, key, new=new)

    def context(self, key: str, now: float | None = None) -> Context:
        """The conversation so far; a fresh one if it is unknown, expired, or the store is away."""
        data = self._guard(None, self._get, f"conv:{key}", self._now(now))
        return Context.from_dict(json.loads(data)) if data else Context()

    def save(self, key: str, context: Context, now: float | None = None, *, ttl: float | None = None) -> None:
        text = json.dumps(context.to_dict(), ensure_ascii=False)
        self._guard(None, self._put, f"conv:{key}", text, ttl or self.session_ttl, self._now(now))

    def load_data(self, key: str, now: float | None = None) -> dict[str, Any] | None:
        """A small JSON object kept under `key` (e.g. a Telegram chat's button mapping), or None."""
        data = self._guard(None, self._get, f"data:{key}", self._now(now))
        return json.loads(data) if data else None

    def save_data(self, key: str, value: dict[str, Any], ttl: float, now: float | None = None) -> None:
        self._guard(None, self._put, f"data:{key}", json.dumps(value, ensure_ascii=False), ttl, self._now(now))

    def hit(self, client: str, limit: int, now: float | None = None) -> float:
        """Count one request of `client`: 0 if fewer than `limit` were let through in the last window
        (sliding), else the seconds until the oldest of them leaves it. Not counted, and 0, when the
        store is away: an answer beats a refusal."""
        return self._guard(0.0, self._hit, client, limit, self.window, now)

    def claim(self, key: str, now: float | None = None) -> tuple[bool, str | None]:
        """(True, None) if the message `key` is new and now this caller's to answer; otherwise (False,
        its reply, or None while another worker is still answering it). With the store away, every
        delivery is new."""
        return self._guard((True, None), self._claim, key, PENDING_TTL, self._now(now))

    def remember(self, key: str, reply: str, now: float | None = None) -> None:
        self._guard(None, self._remember, key, reply, REPLY_TTL, self._now(now))

    def stored(self, key: str, now: float | None = None) -> str | None:
        return self._guard(None, self._stored, key, self._now(now))

    def health(self) -> str:
        """'ok', or 'degraded' while the store does not answer: asked now when it was answering (a worker
        that has served nothing since an outage began still reports it), tried again once it is due."""
        if self._down_since is None or time.monotonic() >= self._retry_at:
            self._guard(None, self._ping)
        return "ok" if self._down_since is None else "degraded"

    def close(self) -> None:
        """Let go of the connection(s)."""

    def _now(self, now: float | None) -> float:
        return self.clock() if now is None else now

    # what a store supplies
    def _get(self, key: str, now: float) -> str | None:
        raise NotImplementedError

    def _put(self, key: str, text: str, ttl: float, now: float) -> None:
        raise NotImplementedError

    def _hit(self, client: str, limit: int, window: float, now: float | None) -> float:
        raise NotImplementedError

    def _claim(self, key: str, pending_ttl: float, now: float) -> tuple[bool, str | None]:
        raise NotImplementedError

    def _remember(self, key: str, reply: str, ttl: float, now: float) -> None:
        raise NotImplementedError

    def _stored(self, key: str, now: float) -> str | None:
        raise NotImplementedError

    def _ping(self) -> None:
        raise NotImplementedError

    def _guard(self, default: T, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)`, or `default` while the store is away (one attempt a second to reach it again)."""
        if self._down_since is not None:
            with self._lock:
                if time.monotonic() < self._retry_at:
                    return default
                self._retry_at = time.monotonic() + self._retry_delay  # this caller tries; the others go without
        try:
            result = fn(*args)
        except self.failures as e:
            self._failed(e)
            return default
        if self._down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        with self._lock:
            if self._down_since is None:
                self._retry_delay = RETRY_AFTER
            else:
                self._retry_delay = min(self._retry_delay * 2, RETRY_AFTER_MAX)
            self._retry_at = time.monotonic() + self._retry_delay
            if self._down_since is None:
                self._down_since = time.monotonic()
                log.warning("the %s state store does not answer (%s: %s); answering without follow-ups "
                            "and rate limits until it is back", self.kind, type(error).__name__, error)

    def _recovered(self) -> None:
        with self._lock:
            if self._down_since is not None:
                log.warning("the %s state store is back after %.0f s", self.kind,
                            time.monotonic() - self._down_since)
                self._down_since = None


class StoredConversation:
    """A conversation kept in a state store under its key."""

    def __init__(self, state: StateStore, key: str, *, new: bool = False) -> None:
        self.state = state
        self.key = key
        self.new = new

    def load(self) -> Context:
        return Context() if self.new else self.state.context(self.key)

    def save(self, context: Context) -> None:
        """Kept for a follow-up: a server-made session's first turn briefly (a visitor who brings no
        session and never returns leaves nothing behind for long), every later turn the full TTL."""
        if self.new and context == Context():
            return  # nothing a follow-up could use
        self.state.save(self.key, context, ttl=self.state.first_turn_ttl if self.new else None)


def scheme(url: str | Path) -> str:
    """'sqlite' for a SQLite URL or a plain path, else the URL's scheme ('redis', 'rediss', …)."""
    text = str(url)
    found = urlsplit(text).scheme.lower() if "://" in text or text.lower().startswith("sqlite:") else ""
    return found or "sqlite"


def open_state(url: str | Path, *, check: bool = True, session_ttl: float = SESSION_TTL,
               clock: Callable[[], float] = time.time) -> StateStore:
    """The store at `url`; with `check`, StateUnavailable unless it answers now (for a start-up);
    `clock` is the SQLite store's (tests move it; Redis keeps time itself)."""
    text, kind = str(url), scheme(url)
    if kind in ("redis", "rediss"):
        from .state_redis import RedisState

        return RedisState(text, check=check, session_ttl=session_ttl)
    if kind == "sqlite":
        from .web_state import SharedState

        try:
            return SharedState(sqlite_path(text), session_ttl=session_ttl, clock=clock)
        except OSError as e:  # sqlite3.Error is caught by the caller's error handling through this too
            raise StateUnavailable(f"{text}: cannot open the state file ({e})") from None
    raise StateUnavailable(f"{redact(text)}: not a state store URL; use sqlite:///path/to/state.sqlite or "
                           "redis://host:6379/0 (rediss:// for TLS)")


def sqlite_path(url: str) -> Path:
    """The file of `sqlite:///abs/path`, `sqlite:relative/path` or a plain path (`~` expanded)."""
    path = url[len("sqlite:"):] if url.lower().startswith("sqlite:") else url
    if path.startswith("//"):
        path = path[2:]  # sqlite:///abs/path → /abs/path, as in a file:// URL
    if not path:
        raise StateUnavailable(f"{url}: no file named; use sqlite:///path/to/state.sqlite")
    return Path(path).expanduser()


def redact(url: str) -> str:
    """The URL without its password, fit for a log line or an error message."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))

