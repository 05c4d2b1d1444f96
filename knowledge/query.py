"""Reading the knowledge base back as the model's types: documents, tables with their rows, facts,
sections, terms, indicators.

Every function takes a connection with an `execute` method: a plain `sqlite3.Connection` (what
answering uses: sqlite-utils and the numpy it imports cost 0.1 s at start) or a
`sqlite_utils.Database`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from .index import VOCABULARY
from .model import DocumentData, DocumentInfo, Fact, Indicator, Section, TableInfo, TableRow, Term


class Connection(Protocol):
    def execute(self, sql: str, parameters: Any = ...) -> sqlite3.Cursor: ...


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection for answering; safe to share between threads."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no knowledge base at {path}")
    # as_uri escapes #, ? and % in the name, which would otherwise end or change the URI's path
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


DOCUMENT_COLUMNS = "id, department, parent, year, kind, title, source"


def documents(db: Connection) -> list[DocumentInfo]:
    rows = db.execute(f"select {DOCUMENT_COLUMNS} from documents order by department, year, kind").fetchall()
    return [DocumentInfo(*row) for row in rows]


def document(db: Connection, document_id: int) -> DocumentInfo | None:
    row = db.execute(f"select {DOCUMENT_COLUMNS} from documents where id = ?", [document_id]).fetchone()
    return DocumentInfo(*row) if row else None


def tables(db: Connection, document_id: int) -> list[TableInfo]:
    rows = db.execute(  # rows counted through their document's index: rows.table_id has none
        "select number, title, kind, unit, columns, empty, page, coalesce(n.count, 0) from tables t left join "
        "(select table_id, count(*) as count from rows where document_id = ? group by table_id) n on n.table_id = t.id "
        "where t.document_id = ? order by number",
        [document_id, document_id],
    ).fetchall()
    return [
        TableInfo(number, title, kind, unit, tuple(json.loads(columns or "[]")), bool(empty), page, count)
        for number, title, kind, unit, columns, empty, page, count in rows
    ]


def table_rows(db: Connection, document_id: int, table_number: int | None = None) -> list[TableRow]:
    """Rows of one table, or of all the document's tables, with their figures."""
    sql = (
        "select r.id, t.number, t.title, t.kind, t.unit, r.seq, r.code, r.name, r.grp, r.unit_name, "
        "c.[column], c.value, c.value_wan from rows r join tables t on t.id = r.table_id "
        "left join cells c on c.row_id = r.id where r.document_id = ?"
    )
    params: list = [document_id]
    if table_number is not None:
        sql += " and t.number = ?"
        params.append(table_number)
    sql += " order by t.number, r.seq, c.rowid"  # cells in the order of the table's columns
    result: dict[int, TableRow] = {}
    for row_id, number, title, kind, unit, seq, code, name, grp, unit_name, column, value, wan in db.execute(
        sql, params
    ):
        row = result.get(row_id)
        if row is None:
            row = result[row_id] = TableRow(number, title, kind, unit, seq, code, name, grp, unit_name, {}, {})
        if column is not None:
            row.values[column] = value
            row.values_wan[column] = wan
    return list(result.values())


def row_texts(db: Connection, document_id: int, table_number: int) -> dict[int, dict[str, str]]:
    """The non-numeric cells of a table's rows (a performance table's 指标 words), by row `seq`."""
    rows = db.execute(
        "select r.seq, r.texts from rows r join tables t on t.id = r.table_id "
        "where r.document_id = ? and t.number = ? and r.texts is not null",
        [document_id, table_number],
    )
    return {seq: json.loads(texts) for seq, texts in rows}


def facts(db: Connection, document_id: int) -> list[Fact]:
    rows = db.execute(
        "select subject, measure, value, unit, text, section, quote, unit_name, value_wan from facts "
        "where document_id = ? order by id",
        [document_id],
    ).fetchall()
    return [Fact(*row) for row in rows]


def sections(db: Connection, document_id: int) -> list[Section]:
    rows = db.execute("select number, heading, text from sections where document_id = ? order by seq", [document_id])
    return [Section(*row) for row in rows]


def terms(db: Connection, document_id: int) -> list[Term]:
    rows = db.execute("select term, definition, section from terms where document_id = ? order by id", [document_id])
    return [Term(*row) for row in rows]


def indicators(db: Connection, document_id: int) -> list[Indicator]:
    rows = db.execute(
        "select table_number, project, level1, level2, name, value, target, unit, kind, content, rule, goal "
        "from indicators where document_id = ? order by id",
        [document_id],
    )
    return [Indicator(*row) for row in rows]


def load_document(db: Connection, document_id: int) -> DocumentData:
    info = document(db, document_id)
    if info is None:
        raise LookupError(f"no document {document_id} in the knowledge base")
    return DocumentData(
        info=info,
        facts=facts(db, document_id),
        rows=table_rows(db, document_id),
        tables=tables(db, document_id),
        terms=terms(db, document_id),
        indicators=indicators(db, document_id),
        sections=sections(db, document_id),
    )


def vocabulary(db: Connection) -> list[str]:
    """Every name a question may use: narrative subjects, row names, table columns, terms, indicators."""
    return [name for (name,) in db.execute(VOCABULARY)]


# the index of names kept at ingest (knowledge.index) ---------------------------------------------
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


def documents_of(db: Connection, department: str) -> list[DocumentInfo]:
    rows = db.execute(f"select {DOCUMENT_COLUMNS} from documents where department = ? order by year, kind",
                      [department]).fetchall()
    return [DocumentInfo(*row) for row in rows]


def only_department(db: Connection) -> str | None:
    """The department of every document, when they are all one department's."""
    rows = db.execute("select distinct department from documents limit 2").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def document_count(db: Connection) -> int:
    """How many documents the knowledge base holds (counted, not loaded)."""
    return db.execute("select count(*) from documents").fetchone()[0]


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
        f"join documents d on d.id = f.document_id where f.subject in ({marks}) and f.measure in ('amount', 'final') "
        "and f.value_wan is not null and f.unit_name is null order by d.department, d.year desc, f.id",
        names,
    ).fetchall()
    latest: dict[str, tuple[DocumentInfo, float]] = {}
    for *info, wan in rows:
        latest.setdefault(info[1], (DocumentInfo(*info), wan))
    return list(latest.values())


def skipped_parts(db: Connection, document_id: int) -> list[str]:
    """The parts of a document its reader could not make sense of, and why (none in older knowledge bases)."""
    try:
        rows = db.execute("select part from skipped where document_id = ? order by id", [document_id])
    except sqlite3.OperationalError:
        return []
    return [part for (part,) in rows]
