"""Reading the knowledge base back as the model's types: documents, tables with their rows, facts,
sections, terms, indicators.

Every function takes a connection with an `execute` method: a plain `sqlite3.Connection` (what
answering uses: sqlite-utils and the numpy it imports cost 0.1 s at start) or a
`sqlite_utils.Database`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Protocol

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
    rows = db.execute(
        "select number, title, kind, unit, columns, empty, page, "
        "(select count(*) from rows r where r.table_id = t.id) from tables t where document_id = ? order by number",
        [document_id],
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
