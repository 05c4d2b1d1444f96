"""Reading the knowledge base back: documents, tables with their rows, facts, terms, indicators."""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils


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


def documents(db: sqlite_utils.Database) -> list[DocumentInfo]:
    rows = db.execute(
        "select id, department, parent, year, kind, title, source from documents order by department, year, kind"
    ).fetchall()
    return [DocumentInfo(*row) for row in rows]


def tables(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(
        db.query(
            "select t.*, (select count(*) from rows r where r.table_id = t.id) as row_count "
            "from tables t where document_id = ? order by number",
            [document_id],
        )
    )


def table_rows(db: sqlite_utils.Database, document_id: int, table_number: int | None = None) -> list[TableRow]:
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


def columns(db: sqlite_utils.Database, document_id: int, table_number: int) -> list[str]:
    found = db.execute(
        "select columns from tables where document_id = ? and number = ?", [document_id, table_number]
    ).fetchone()
    return json.loads(found[0]) if found else []


def facts(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(db.query("select * from facts where document_id = ? order by id", [document_id]))


def sections(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(db.query("select * from sections where document_id = ? order by seq", [document_id]))


def terms(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(db.query("select * from terms where document_id = ? order by id", [document_id]))


def indicators(db: sqlite_utils.Database, document_id: int) -> list[dict]:
    return list(db.query("select * from indicators where document_id = ? order by id", [document_id]))


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


def load_document(db: sqlite_utils.Database, document_id: int) -> DocumentData:
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


def vocabulary(db: sqlite_utils.Database) -> list[str]:
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
