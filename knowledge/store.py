"""The SQLite knowledge base: plain tables with readable names (see README, "The knowledge base").

Every figure is kept as printed (`value`, with the table's or sentence's `unit`) and in 万元
(`value_wan`), so that a 元 table and a 万元 narrative can be compared and never mixed up.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from . import index
from .connection import open_readonly
from .domain import to_wan
from .model import Document
from .views import create_views, missing_views

SCHEMA_VERSION = 2
CHILD_TABLES = ("sections", "facts", "tables", "rows", "cells", "indicators", "terms", "skipped")
BUSY_SECONDS = 600  # another ingest writing to the same file is waited for this long


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, all or nothing, also when the process is killed.

    sqlite-utils 4 commits each insert by itself (`with db.conn:` opens no transaction), so this takes
    the write lock at once with BEGIN IMMEDIATE: a second writer waits its turn (busy timeout) before
    it reads what to replace, and sqlite-utils' own writes inside become savepoints of this one.
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


def open_db(path: str | Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open the knowledge base; read-only opens refuse any write."""
    path = Path(path)
    if readonly:
        return sqlite_utils.Database(open_readonly(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    ensure_schema(db)
    index.ensure_index(db.conn)
    db.execute("create index if not exists documents_sha256 on documents (sha256)")  # a file already stored
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "documents" in db.table_names():
        _upgrade(db)
        if missing_views(db.conn):  # a knowledge base written before the views
            with db.conn:
                create_views(db.conn)
        return
    with transaction(db):
        if "documents" in db.table_names():  # another ingest made it while this one waited
            return
        db["documents"].create(
            {"id": int, "department": str, "parent": str, "year": int, "kind": str, "unit": str,
             "title": str, "source": str, "sha256": str, "ingested_at": str, "profile": str},
            pk="id",
        )
        db["documents"].create_index(["department", "year", "kind"], unique=True)
        db["sections"].create(
            {"id": int, "document_id": int, "seq": int, "number": str, "heading": str, "text": str, "page": int},
            pk="id", foreign_keys=[("document_id", "documents")],
        )
        db["facts"].create(
            {"id": int, "document_id": int, "subject": str, "measure": str, "value": float, "unit": str,
             "value_wan": float, "text": str, "section": str, "quote": str, "unit_name": str},
            pk="id", foreign_keys=[("document_id", "documents")],
        )
        db["tables"].create(
            {"id": int, "document_id": int, "number": int, "title": str, "kind": str, "unit": str,
             "columns": str, "empty": int, "page": int},
            pk="id", foreign_keys=[("document_id", "documents")],
        )
        db["rows"].create(
            {"id": int, "document_id": int, "table_id": int, "seq": int, "code": str, "name": str,
             "grp": str, "unit_name": str, "texts": str},
            pk="id", foreign_keys=[("document_id", "documents"), ("table_id", "tables")],
        )
        db["cells"].create(
            {"row_id": int, "document_id": int, "column": str, "value": float, "value_wan": float},
            pk=("row_id", "column"), foreign_keys=[("document_id", "documents"), ("row_id", "rows")],
        )
        db["indicators"].create(
            {"id": int, "document_id": int, "table_number": int, "project": str, "level1": str,
             "level2": str, "name": str, "value": str, "target": float, "unit": str, "kind": str,
             "content": str, "rule": str, "goal": str},
            pk="id", foreign_keys=[("document_id", "documents")],
        )
        db["terms"].create(
            {"id": int, "document_id": int, "term": str, "definition": str, "section": str},
            pk="id", foreign_keys=[("document_id", "documents")],
        )
        _create_skipped(db)
        for name in CHILD_TABLES:
            db[name].create_index(["document_id"])
        db["facts"].create_index(["subject", "measure"])
        db["rows"].create_index(["name"])
        db["rows"].create_index(["code"])
        db["rows"].create_index(["table_id"])  # a table's rows: the views count them per table
        create_views(db.conn)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _create_skipped(db: sqlite_utils.Database) -> None:
    """Parts of a document the reader left out, and why: `ingest` says so, and so does the table."""
    db["skipped"].create(
        {"id": int, "document_id": int, "part": str}, pk="id", foreign_keys=[("document_id", "documents")]
    )


def _upgrade(db: sqlite_utils.Database) -> None:
    """A knowledge base of schema 1 gains what schema 2 added: the profile and the skipped parts; one
    written before the index of rows by table gains it."""
    if not any(index.columns == ["table_id"] for index in db["rows"].indexes):
        with transaction(db):
            db.execute("CREATE INDEX IF NOT EXISTS idx_rows_table_id ON rows (table_id)")
    if "page" not in db["sections"].columns_dict:  # the page a section begins on (check quotes it)
        with transaction(db):
            db["sections"].add_column("page", int)
    if "skipped" in db.table_names() and "profile" in db["documents"].columns_dict:
        return
    with transaction(db):
        if "profile" not in db["documents"].columns_dict:
            db["documents"].add_column("profile", str)
        if "skipped" not in db.table_names():
            _create_skipped(db)
            db["skipped"].create_index(["document_id"])
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def file_digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def store_document(
    db: sqlite_utils.Database, doc: Document, *, sha256: str = "", replace: bool = False,
    naming: index.Naming | None = None,
) -> tuple[str, str | None]:
    """Store a document unless the knowledge base holds a richer reading of it (more tables or
    facts for the same department, year and kind), which stays unless `replace` is given.
    Returns what happened — added, replaced or kept — and, for the last two, a note why. The
    comparison is made in the write transaction: of two ingests at once, the second compares with
    what the first stored."""
    index.ensure_index(db.conn)
    with transaction(db):
        old = _stored(db, doc)
        if old is None:
            _write(db, doc, sha256=sha256, naming=naming)
            return "added", None
        old_tables, old_facts, old_source = old
        new_tables, new_facts = len(doc.tables), len(doc.facts)
        if not replace and (new_tables < old_tables or new_facts < old_facts):
            return "kept", (
                f"not stored: the stored reading of {doc.department} {doc.year}年{doc.kind} ({old_source}: "
                f"{old_tables} tables, {old_facts} facts) is richer than this one ({new_tables} tables, "
                f"{new_facts} facts); use --replace to replace it"
            )
        _write(db, doc, sha256=sha256, naming=naming)
    source = "the same file" if old_source == doc.source else old_source
    return "replaced", f"replaced the stored reading from {source} ({old_tables} tables, {old_facts} facts)"


def _stored(db: sqlite_utils.Database, doc: Document) -> tuple[int, int, str] | None:
    found = db.execute(
        "select id, source from documents where department = ? and year = ? and kind = ?",
        [doc.department, doc.year, doc.kind],
    ).fetchone()
    if not found:
        return None
    doc_id, source = found
    tables = db.execute("select count(*) from tables where document_id = ?", [doc_id]).fetchone()[0]
    facts = db.execute("select count(*) from facts where document_id = ?", [doc_id]).fetchone()[0]
    return tables, facts, source


def stored_as(db: sqlite_utils.Database, sha256: str) -> tuple[str, int, str] | None:
    """(department, year, kind) of the document read from a file with this digest, if one is stored."""
    row = db.execute("select department, year, kind from documents where sha256 = ? limit 1", [sha256]).fetchone()
    return tuple(row) if row else None


def write_document(
    db: sqlite_utils.Database, doc: Document, *, sha256: str = "", naming: index.Naming | None = None
) -> int:
    """Store a document whole, replacing an earlier copy of the same department, year and kind, and
    index its names (`knowledge.index`) with the naming rules given."""
    index.ensure_index(db.conn)  # also in a knowledge base made without open_db (check's in memory)
    with transaction(db):  # the document goes in whole or not at all
        return _write(db, doc, sha256=sha256, naming=naming)


def _write(db: sqlite_utils.Database, doc: Document, *, sha256: str, naming: index.Naming | None) -> int:
    """write_document's work, inside the caller's transaction."""
    old = db.execute(
        "select id from documents where department = ? and year = ? and kind = ?",
        [doc.department, doc.year, doc.kind],
    ).fetchone()
    if old:
        index.remove_document(db.conn, old[0])
        delete_document(db, old[0])
    documents = db["documents"]
    documents.insert(
        {"department": doc.department, "parent": doc.parent, "year": doc.year, "kind": doc.kind,
         "unit": doc.unit, "title": doc.title, "source": doc.source, "sha256": sha256,
         "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"), "profile": doc.profile}
    )
    doc_id = documents.last_pk
    db["skipped"].insert_all({"document_id": doc_id, "part": part} for part in doc.skipped)
    db["sections"].insert_all(
        {"document_id": doc_id, "seq": i, **asdict(s)} for i, s in enumerate(doc.sections)
    )
    db["facts"].insert_all(
        {"document_id": doc_id, **asdict(f), "value_wan": to_wan(f.value, f.unit)} for f in doc.facts
    )
    db["indicators"].insert_all(
        {"document_id": doc_id, "table_number": i.table, **_without(asdict(i), "table")}
        for i in doc.indicators
    )
    db["terms"].insert_all({"document_id": doc_id, **asdict(t)} for t in doc.terms)
    for table in doc.tables:
        _write_table(db, doc_id, table)
    index.add_document(db.conn, doc_id, doc.department, naming)
    return doc_id


def _write_table(db: sqlite_utils.Database, doc_id: int, table) -> None:
    tables = db["tables"]
    tables.insert(
        {"document_id": doc_id, "number": table.number, "title": table.title, "kind": table.kind,
         "unit": table.unit, "columns": json.dumps(table.columns, ensure_ascii=False),
         "empty": int(table.empty), "page": table.page}
    )
    table_id = tables.last_pk
    rows = db["rows"]
    for seq, row in enumerate(table.rows):
        rows.insert(
            {"document_id": doc_id, "table_id": table_id, "seq": seq, "code": row.code, "name": row.name,
             "grp": row.group, "unit_name": row.unit_name,
             "texts": json.dumps(row.texts, ensure_ascii=False) if row.texts else None}
        )
        row_id = rows.last_pk
        db["cells"].insert_all(
            {"row_id": row_id, "document_id": doc_id, "column": column, "value": value,
             "value_wan": to_wan(value, table.unit)}
            for column, value in row.values.items()
            if value is not None  # an empty cell is "not stated": no cell at all
        )


def delete_document(db: sqlite_utils.Database, doc_id: int) -> None:
    for name in CHILD_TABLES:
        db.execute(f"delete from [{name}] where document_id = ?", [doc_id])
    db.execute("delete from documents where id = ?", [doc_id])


def _without(record: dict, key: str) -> dict:
    return {k: v for k, v in record.items() if k != key}
