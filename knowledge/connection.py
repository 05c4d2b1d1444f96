"""The connection every reading of the knowledge base takes, and how a document's description is read.

A `Connection` is anything with an `execute` method: a plain `sqlite3.Connection` (what answering
uses: sqlite-utils and the numpy it imports cost 0.1 s at start) or a `sqlite_utils.Database`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Protocol

# the columns of `documents` a `knowledge.model.DocumentInfo` is made of, in its order
DOCUMENT_COLUMNS = "id, department, parent, year, kind, title, source"


class Connection(Protocol):
    def execute(self, sql: str, parameters: Any = ...) -> sqlite3.Cursor: ...


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection for answering; safe to share between threads."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no knowledge base at {path}")
    # as_uri escapes #, ? and % in the name, which would otherwise end or change the URI's path
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
