"""The embedded state store: one small SQLite file in WAL mode that every worker of one machine shares,
so a follow-up, a client's thirtieth question or a WeChat retry counts the same whichever worker
process takes it. `open_state("sqlite:///path")` opens it; Redis takes its place for several machines.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .state import FIRST_TURN_TTL, SESSION_TTL, WINDOW, StateStore
from .state_files import private_sqlite

T = TypeVar("T")

SCHEMA_VERSION = 1  # PRAGMA user_version of a store this code made or brought up to date
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, context TEXT NOT NULL, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);
CREATE TABLE IF NOT EXISTS requests (
    client TEXT NOT NULL, seq INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (client, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wechat_replies (key TEXT PRIMARY KEY, reply TEXT, expires REAL NOT NULL);
"""
# what brings a store of each older version up to the next, in one transaction with the new version number
MIGRATIONS = {
    0: "DROP TABLE IF EXISTS hits;",  # the fixed-window counts of the first web server, before `requests`
}
# One statement, so one write transaction: the client's requests are numbered 1, 2, 3, …; the new one
# goes in unless the one `limit` places back (seq n + 1 - limit) is still inside the window.
LET_THROUGH = """
INSERT INTO requests (client, seq, at)
SELECT :client, n + 1, :now FROM (SELECT coalesce(max(seq), 0) AS n FROM requests WHERE client = :client)
WHERE NOT EXISTS (SELECT 1 FROM requests WHERE client = :client AND seq = n + 1 - :limit AND at > :now - :window)
"""
OLDEST_COUNTED = """
SELECT at FROM requests WHERE client = :client
AND seq = (SELECT max(seq) FROM requests WHERE client = :client) + 1 - :limit
"""


class SharedState(StateStore):
    """One connection per worker process to the shared state file (0600, and so its -wal and -shm);
    `sessions` holds conversations and other small JSON values by key."""

    kind = "sqlite"
    failures = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, session_ttl: float = SESSION_TTL, window: float = WINDOW,
                 first_turn_ttl: float = FIRST_TURN_TTL, clock: Callable[[], float] = time.time) -> None:
        super().__init__(session_ttl=session_ttl, window=window, first_turn_ttl=first_turn_ttl, clock=clock)
        self.path = private_sqlite(path)
        self.conn = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF")  # conversations are disposable; no fsync on the hot path
        self._migrate()
        self._next_purge = 0.0
        self._db_lock = threading.Lock()  # one statement at a time, whichever thread calls

    def _migrate(self) -> None:
        """Bring the file up to SCHEMA_VERSION once: a store already there is left as it is."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        steps = "".join(MIGRATIONS.get(v, "") for v in range(version, SCHEMA_VERSION))
        # BEGIN IMMEDIATE: of several workers starting at once, one migrates and the others wait, then see it done
        self.conn.executescript(f"BEGIN IMMEDIATE; {steps} {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")

    def _guard(self, default: T, fn: Callable[..., T], *args: Any) -> T:
        with self._db_lock:
            return super()._guard(default, fn, *args)

    def _get(self, key: str, now: float) -> str | None:
        row = self.conn.execute("SELECT context FROM sessions WHERE id = ? AND expires > ?", (key, now)).fetchone()
        return row[0] if row else None

    def _put(self, key: str, text: str, ttl: float, now: float) -> None:
        self.conn.execute("INSERT OR REPLACE INTO sessions (id, context, expires) VALUES (?, ?, ?)",
                          (key, text, now + ttl))
        self._purge(now)

    def _hit(self, client: str, limit: int, window: float, now: float | None) -> float:
        now = self.clock() if now is None else now
        params = {"client": client, "now": now, "limit": limit, "window": window}
        if self.conn.execute(LET_THROUGH, params).rowcount:
            self._purge(now)
            return 0.0
        row = self.conn.execute(OLDEST_COUNTED, params).fetchone()
        return max(row[0] + window - now, 0.001) if row else 0.001

    def _claim(self, key: str, pending_ttl: float, now: float) -> tuple[bool, str | None]:
        self._purge(now)
        claimed = self.conn.execute(
            "INSERT INTO wechat_replies (key, reply, expires) VALUES (?, NULL, ?) ON CONFLICT (key) DO UPDATE "
            "SET reply = NULL, expires = excluded.expires WHERE wechat_replies.expires <= ?",
            (key, now + pending_ttl, now),
        ).rowcount
        return (True, None) if claimed else (False, self._stored(key, now))

    def _remember(self, key: str, reply: str, ttl: float, now: float) -> None:
        self.conn.execute("INSERT OR REPLACE INTO wechat_replies (key, reply, expires) VALUES (?, ?, ?)",
                          (key, reply, now + ttl))

    def _stored(self, key: str, now: float) -> str | None:
        row = self.conn.execute("SELECT reply FROM wechat_replies WHERE key = ? AND expires > ?",
                                (key, now)).fetchone()
        return row[0] if row else None

    def _ping(self) -> None:
        self.conn.execute("SELECT count(*) FROM sessions WHERE id = ''").fetchone()

    def _purge(self, now: float) -> None:
        if now < self._next_purge:
            return
        self._next_purge = now + 10
        self.conn.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        self.conn.execute("DELETE FROM requests WHERE at <= ?", (now - self.window,))
        self.conn.execute("DELETE FROM wechat_replies WHERE expires <= ?", (now,))

    def close(self) -> None:
        self.conn.close()
