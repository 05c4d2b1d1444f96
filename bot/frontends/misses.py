"""Questions the bot could not answer well, kept (text only) apart from the knowledge base."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from nlu.normalize import clean_text

from ..settings import MAX_QUESTION_CHARS
from .state_files import private_sqlite

log = logging.getLogger("budgetbot.misses")


class MissLog:
    """An append-only log of question texts in its own SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._private = False
        self._warned = False

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for one use: committed (or rolled back) and closed after it."""
        if not self._private:
            private_sqlite(self.path)  # visitors' questions: 0600
            self._private = True
        conn = sqlite3.connect(self.path, timeout=5)
        try:
            with conn:
                conn.execute("create table if not exists misses (question text not null, at text not null)")
                yield conn
        finally:
            conn.close()

    def record(self, question: str) -> None:
        question = clean_text(question.strip()[:MAX_QUESTION_CHARS])
        if not question:
            return
        try:
            with self._connection() as conn:
                conn.execute("insert into misses values (?, ?)",
                             [question, datetime.now(UTC).isoformat(timespec="seconds")])
        except (sqlite3.Error, OSError) as e:  # a full disk, a locked log or a bad path never costs an answer
            if not self._warned:  # but is said, once: a misses log that keeps nothing must not go unnoticed
                self._warned = True
                log.warning("cannot keep missed questions in %s (%s); set BUDGETBOT_MISSES to a writable file",
                            self.path, e)

    def most_frequent(self, limit: int = 20) -> list[tuple[str, int, str]]:
        """(question, times asked, last asked), most frequent first."""
        if not self.path.exists():
            return []
        with self._connection() as conn:
            return conn.execute(
                "select question, count(*), max(at) from misses group by question "
                "order by count(*) desc, max(at) desc limit ?",
                [limit],
            ).fetchall()
