"""What every `budgetbot serve` worker must see alike: conversation contexts and rate-limit counts.

Both live in one small SQLite file in WAL mode, so a follow-up or a client's tenth question counts
the same whichever worker process takes it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from nlu.context import Context

from .state_files import private_sqlite

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, context TEXT NOT NULL, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);
CREATE TABLE IF NOT EXISTS hits (
    client TEXT NOT NULL, window INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (client, window)
);
"""


class SharedState:
    """One connection per worker process to the shared state file."""

    def __init__(self, path: str | Path, *, session_ttl: float = 1800.0, window: float = 60.0,
                 first_turn_ttl: float = 120.0, clock: Callable[[], float] = time.time) -> None:
        private_sqlite(path)  # conversations: 0600, and so its -wal and -shm
        self.conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")  # conversations are disposable; no fsync on the hot path
        self.conn.executescript(SCHEMA)
        self.session_ttl = session_ttl
        self.first_turn_ttl = first_turn_ttl
        self.window = window
        self.clock = clock
        self._next_purge = 0.0

    def hit(self, client: str, limit: int, now: float | None = None) -> float:
        """Count one request of `client`; 0 if within `limit` per window, else seconds until it may retry."""
        now = self.clock() if now is None else now
        window = int(now // self.window)
        (n,) = self.conn.execute(
            "INSERT INTO hits (client, window, n) VALUES (?, ?, 1) "
            "ON CONFLICT (client, window) DO UPDATE SET n = n + 1 RETURNING n",
            (client, window),
        ).fetchone()
        self._purge(now)
        return 0.0 if n <= limit else (window + 1) * self.window - now

    def conversation(self, session: str, *, new: bool = False) -> StoredConversation:
        """One visitor's conversation, as `bot.frontends.session.Session` takes it; `new` for a session
        the server has just made (nothing stored yet, and its first turn kept only `first_turn_ttl`)."""
        return StoredConversation(self, session, new=new)

    def context(self, session: str, now: float | None = None) -> Context:
        """The conversation so far, or a fresh one if the session is unknown or expired."""
        now = self.clock() if now is None else now
        row = self.conn.execute(
            "SELECT context FROM sessions WHERE id = ? AND expires > ?", (session, now)
        ).fetchone()
        return Context.from_dict(json.loads(row[0])) if row else Context()

    def save(self, session: str, context: Context, now: float | None = None, *, ttl: float | None = None) -> None:
        now = self.clock() if now is None else now
        self.conn.execute(
            "INSERT OR REPLACE INTO sessions (id, context, expires) VALUES (?, ?, ?)",
            (session, json.dumps(context.to_dict(), ensure_ascii=False), now + (ttl or self.session_ttl)),
        )
        self._purge(now)

    def _purge(self, now: float) -> None:
        if now < self._next_purge:
            return
        self._next_purge = now + 10
        self.conn.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        self.conn.execute("DELETE FROM hits WHERE window < ?", (int(now // self.window) - 1,))


class StoredConversation:
    """A conversation kept in the shared state under its session id."""

    def __init__(self, state: SharedState, session: str, *, new: bool = False) -> None:
        self.state = state
        self.session = session
        self.new = new

    def load(self) -> Context:
        return Context() if self.new else self.state.context(self.session)

    def save(self, context: Context) -> None:
        """Kept for a follow-up: a server-made session's first turn briefly (a visitor who brings no
        session and never returns leaves nothing behind for long), every later turn the full TTL."""
        if self.new and context == Context():
            return  # nothing a follow-up could use
        self.state.save(self.session, context, ttl=self.state.first_turn_ttl if self.new else None)
