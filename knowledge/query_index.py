"""Questions about the whole knowledge base: the index of names and departments kept at ingest
(knowledge.index), the departments the documents name, and a subject's figure across departments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .connection import DOCUMENT_COLUMNS, Connection
from .domain import Measure
from .model import DocumentInfo


def has_index(db: Connection) -> bool:
    """Whether the knowledge base keeps the index of names (one made before it does not)."""
    found = db.execute(
        "select count(*) from sqlite_master where type = 'table' and name in "
        "('subject_names', 'departments', 'department_aliases', 'department_places')"
    ).fetchone()[0]
    return found == 4


def subject_names(db: Connection) -> list[tuple[str, str | None]]:
    """(name, key) of every name some document states, sorted by name; the key is None where the
    document was indexed without naming rules."""
    return db.execute("select name, key from subject_names order by name").fetchall()


def department_count(db: Connection) -> int:
    """How many departments the documents name."""
    return db.execute("select count(distinct department) from documents").fetchone()[0]


def indexed_departments(db: Connection) -> tuple[int, int]:
    """(departments indexed, departments the documents name)."""
    return db.execute(
        "select (select count(*) from departments), (select count(*) from (select distinct department from documents))"
    ).fetchone()


def spread_departments(db: Connection, count: int) -> list[str]:
    """Up to `count` departments, of documents spread evenly over the knowledge base."""
    low, high = db.execute("select min(id), max(id) from documents").fetchone()
    if low is None:
        return []
    ids = sorted({low + (high - low) * i // max(1, count - 1) for i in range(count)})
    rows = db.execute(f"select distinct department from documents where id in ({','.join('?' * len(ids))})", ids)
    return sorted(d for (d,) in rows)


def only_department(db: Connection) -> str | None:
    """The department of every document, when they are all one department's."""
    rows = db.execute("select distinct department from documents limit 2").fetchall()
    return rows[0][0] if len(rows) == 1 else None


class DepartmentIndex:
    """The departments' index kept at ingest, read as each question needs it: an
    `nlu.departments.DepartmentLookup` that loads nothing at start."""

    CHUNK = 5000  # words looked up in one statement

    def __init__(self, db: Connection) -> None:
        self.db = db
        self._names: list[str] | None = None
        self._own_parts: list[str] | None = None
        self._longest: int | None = None

    @property
    def longest_alias(self) -> int:
        if self._longest is None:
            self._longest = self.db.execute("select max(length(alias)) from department_aliases").fetchone()[0] or 0
        return self._longest

    def aliases(self, words: Iterable[str]) -> set[str]:
        words, found = list(words), set()
        for i in range(0, len(words), self.CHUNK):
            chunk = words[i : i + self.CHUNK]
            rows = self.db.execute(
                f"select alias from department_aliases where alias in ({','.join('?' * len(chunk))})", chunk
            )
            found.update(alias for (alias,) in rows)
        return found

    def named(self, alias: str) -> frozenset[str]:
        row = self.db.execute("select departments from department_aliases where alias = ?", [alias]).fetchone()
        return frozenset(row[0].split("\n")) if row else frozenset()

    def names(self) -> list[str]:
        if self._names is None:
            self._names = [n for (n,) in self.db.execute("select name from departments order by name")]
        return self._names

    def containing(self, part: str) -> list[str]:
        rows = self.db.execute("select name from departments where instr(name, ?) > 0 order by name", [part])
        return [n for (n,) in rows]

    def in_order(self, text: str) -> list[str]:
        pattern = "*" + "*".join(f"[{ch}]" if ch in "*?[" else ch for ch in text) + "*"  # 职*教*基*地
        rows = self.db.execute("select name from departments where name glob ? order by name", [pattern])
        return [n for (n,) in rows]

    def own_part(self, department: str) -> str | None:
        row = self.db.execute("select own_part from departments where name = ?", [department]).fetchone()
        return row[0] if row else None

    def own_parts(self) -> list[str]:
        if self._own_parts is None:
            self._own_parts = [o for (o,) in self.db.execute("select distinct own_part from departments")]
        return self._own_parts

    def with_own_parts(self, own_parts: Iterable[str]) -> list[str]:
        own_parts = list(own_parts)
        rows = self.db.execute(
            f"select name from departments where own_part in ({','.join('?' * len(own_parts))}) order by name",
            own_parts,
        )
        return [n for (n,) in rows]

    def places(self, prefixes: Iterable[str]) -> set[str]:
        prefixes = list(prefixes)
        rows = self.db.execute(
            f"select place from department_places where place in ({','.join('?' * len(prefixes))})", prefixes
        )
        return {p for (p,) in rows}

    def entry(self, department: str) -> tuple[str, frozenset[str]] | None:
        """(own part, aliases) as indexed, to check the index against the naming rules."""
        row = self.db.execute("select own_part, aliases from departments where name = ?", [department]).fetchone()
        return (row[0], frozenset(row[1].split("\n")) if row[1] else frozenset()) if row else None


def stated_by_department(db: Connection, key: str) -> list[tuple[DocumentInfo, float]]:
    """Each department's latest narrative amount (in 万元) of the subject whose names have `key` (as
    the subject_names index keeps them): one query however many departments the knowledge base holds."""
    try:
        names = [name for (name,) in db.execute("select name from subject_names where key = ?", [key])]
    except sqlite3.OperationalError:  # a knowledge base written before the index: nothing to go by
        return []
    if not names:
        return []
    marks = ",".join("?" * len(names))
    rows = db.execute(
        f"select {', '.join('d.' + c.strip() for c in DOCUMENT_COLUMNS.split(','))}, f.value_wan from facts f "
        f"join documents d on d.id = f.document_id where f.subject in ({marks}) and f.measure in (?, ?) "
        "and f.value_wan is not null and f.unit_name is null order by d.department, d.year desc, f.id",
        [*names, Measure.AMOUNT, Measure.FINAL],
    ).fetchall()
    latest: dict[str, tuple[DocumentInfo, float]] = {}
    for *info, wan in rows:
        latest.setdefault(info[1], (DocumentInfo(*info), wan))
    return list(latest.values())
