"""Reading the knowledge base back as the model's types: documents, tables with their rows, facts,
sections, terms, indicators (the questions about the whole knowledge base are knowledge.query_index's,
importable from here too).

Every function takes a connection with an `execute` method (knowledge.connection): a plain
`sqlite3.Connection` or a `sqlite_utils.Database`.
"""

from __future__ import annotations

import json
import sqlite3

from .connection import DOCUMENT_COLUMNS, Connection, open_readonly
from .index import VOCABULARY
from .model import DocumentData, DocumentInfo, Fact, Indicator, Section, TableInfo, TableRow, Term
from .query_index import (
    DepartmentIndex,
    department_count,
    has_index,
    indexed_departments,
    only_department,
    spread_departments,
    stated_by_department,
    subject_names,
)

__all__ = [
    "DOCUMENT_COLUMNS", "Connection", "open_readonly",
    "documents", "document", "documents_of", "document_count", "tables", "table_rows", "row_texts", "facts",
    "sections", "terms", "indicators", "skipped_parts", "load_document", "vocabulary",
    "has_index", "subject_names", "department_count", "indexed_departments", "spread_departments",
    "only_department", "DepartmentIndex", "stated_by_department",
]


def documents(db: Connection) -> list[DocumentInfo]:
    rows = db.execute(f"select {DOCUMENT_COLUMNS} from documents order by department, year, kind").fetchall()
    return [DocumentInfo(*row) for row in rows]


def document(db: Connection, document_id: int) -> DocumentInfo | None:
    row = db.execute(f"select {DOCUMENT_COLUMNS} from documents where id = ?", [document_id]).fetchone()
    return DocumentInfo(*row) if row else None


def documents_of(db: Connection, department: str) -> list[DocumentInfo]:
    rows = db.execute(f"select {DOCUMENT_COLUMNS} from documents where department = ? order by year, kind",
                      [department]).fetchall()
    return [DocumentInfo(*row) for row in rows]


def document_count(db: Connection) -> int:
    """How many documents the knowledge base holds (counted, not loaded)."""
    return db.execute("select count(*) from documents").fetchone()[0]


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
    try:
        rows = db.execute("select number, heading, text, page from sections where document_id = ? order by seq",
                          [document_id]).fetchall()
    except sqlite3.OperationalError:  # a knowledge base written before sections had their page, read-only
        rows = db.execute("select number, heading, text, null from sections where document_id = ? order by seq",
                          [document_id]).fetchall()
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


def skipped_parts(db: Connection, document_id: int) -> list[str]:
    """The parts of a document its reader could not make sense of, and why (none in older knowledge bases)."""
    try:
        rows = db.execute("select part from skipped where document_id = ? order by id", [document_id])
    except sqlite3.OperationalError:
        return []
    return [part for (part,) in rows]


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


def departments_listing(db: Connection, name: str) -> list[str]:
    """The departments whose documents have a table row of that name (a unit: 无锡市投资促进中心)."""
    rows = db.execute("select distinct d.department from rows r join documents d on d.id = r.document_id "
                      "where r.name = ? order by d.department", [name])
    return [department for (department,) in rows]


def vocabulary(db: Connection) -> list[str]:
    """Every name a question may use: narrative subjects, row names, table columns, terms, indicators."""
    return [name for (name,) in db.execute(VOCABULARY)]
