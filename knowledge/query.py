"""Reading the knowledge base back: documents, tables with their rows, facts, terms, indicators.

Every function takes a connection with an `execute` method: a plain `sqlite3.Connection` (what
answering uses: sqlite-utils and the numpy it imports cost 0.1 s at start) or a
`Connection`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class Connection(Protocol):
    def execute(self, sql: str, parameters: Any = ...) -> sqlite3.Cursor: ...


def open_readonly(path: str | Path) -> sqlite3.Connection:
    """A read-only connection for answering; safe to share between threads."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no knowledge base at {path}")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _dicts(db: Connection, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    department: str
    parent: str | None
    year: int
    kind: str
    title: str
    source: str


@dataclass(frozen=True)
class TableRow:
    table_number: int
    table_title: str
    table_kind: str
    unit: str
    seq: int
    code: str | None
    name: str
    group: str | None
    unit_name: str | None
    values: dict[str, float]  # column -> figure as printed (empty cells absent)
    values_wan: dict[str, float]  # column -> figure in 万元


def documents(db: Connection) -> list[DocumentInfo]:
    rows = db.execute(
        "select id, department, parent, year, kind, title, source from documents order by department, year, kind"
    ).fetchall()
    return [DocumentInfo(*row) for row in rows]


def tables(db: Connection, document_id: int) -> list[dict]:
    return _dicts(
        db,
        "select t.*, (select count(*) from rows r where r.table_id = t.id) as row_count "
        "from tables t where document_id = ? order by number",
        [document_id],
    )


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


def columns(db: Connection, document_id: int, table_number: int) -> list[str]:
    found = db.execute(
        "select columns from tables where document_id = ? and number = ?", [document_id, table_number]
    ).fetchone()
    return json.loads(found[0]) if found else []


def facts(db: Connection, document_id: int) -> list[dict]:
    return _dicts(db, "select * from facts where document_id = ? order by id", [document_id])


def sections(db: Connection, document_id: int) -> list[dict]:
    return _dicts(db, "select * from sections where document_id = ? order by seq", [document_id])


def terms(db: Connection, document_id: int) -> list[dict]:
    return _dicts(db, "select * from terms where document_id = ? order by id", [document_id])


def indicators(db: Connection, document_id: int) -> list[dict]:
    return _dicts(db, "select * from indicators where document_id = ? order by id", [document_id])


@dataclass(frozen=True)
class DocumentData:
    """Everything one document states, read in one go for answering."""

    info: DocumentInfo
    facts: list[dict]
    rows: list[TableRow]
    tables: list[dict]
    terms: list[dict]
    indicators: list[dict]
    sections: list[dict]


def load_document(db: Connection, document_id: int) -> DocumentData:
    row = db.execute(
        "select id, department, parent, year, kind, title, source from documents where id = ?", [document_id]
    ).fetchone()
    info = DocumentInfo(*row)
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
    names: set[str] = set()
    for sql in (
        "select distinct subject from facts",
        "select distinct name from rows",
        "select distinct term from terms",
        "select distinct name from indicators",
    ):
        names.update(row[0] for row in db.execute(sql) if row[0])
    for (cols,) in db.execute("select distinct columns from tables"):
        names.update(json.loads(cols))
    return sorted(names)
