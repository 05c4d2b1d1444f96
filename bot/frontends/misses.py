"""Questions the bot could not answer well, kept (text only) apart from the knowledge base."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from nlu.normalize import clean_text

from .state_files import private_sqlite


class MissLog:
    """An append-only log of question texts in its own SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._private = False

    def _connect(self) -> sqlite3.Connection:
        if not self._private:
            private_sqlite(self.path)  # visitors' questions: 0600
            self._private = True
        conn = sqlite3.connect(self.path, timeout=5)
        conn.execute("create table if not exists misses (question text not null, at text not null)")
        return conn

    def record(self, question: str) -> None:
        question = clean_text(question.strip()[:500])
        if not question:
            return
        try:
            with self._connect() as conn:
                conn.execute("insert into misses values (?, ?)",
                             [question, datetime.now(UTC).isoformat(timespec="seconds")])
        except (sqlite3.Error, OSError):
            pass  # a full disk, a locked log or a bad path must never cost the user an answer

    def most_frequent(self, limit: int = 20) -> list[tuple[str, int, str]]:
        """(question, times asked, last asked), most frequent first."""
        if not self.path.exists():
            return []
        with self._connect() as conn:
            return conn.execute(
                "select question, count(*), max(at) from misses group by question "
                "order by count(*) desc, max(at) desc limit ?",
                [limit],
            ).fetchall()
