"""`budgetbot check`: consistency findings printed one block per document."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from rich.console import Console
from rich.markup import escape

from knowledge import query
from knowledge.check import KINDS, Finding, check_document
from knowledge.limits import DEFAULT_LIMITS, read_limited
from knowledge.model import DocumentInfo, IngestError
from knowledge.store import ensure_schema, open_db, write_document

console = Console()
err_console = Console(stderr=True)


def run_check(*, path: str | None, db_path: str | Path | None) -> int:
    """Check one file (read into a throw-away knowledge base) or every document of a knowledge base.

    Returns the exit code: 0 when nothing contradicts, 1 when there are findings, 2 when the input
    cannot be read.
    """
    try:
        db = _file_db(path) if path else open_db(db_path, readonly=True)
        docs = query.documents(db)
    except (IngestError, FileNotFoundError, sqlite3.DatabaseError) as e:
        err_console.print(f"[red]error[/red] {escape(str(path or db_path))}: {escape(str(e))}", highlight=False)
        return 2
    if not docs:
        err_console.print(f"[red]error[/red] {escape(str(db_path))}: no documents to check", highlight=False)
        return 2
    total = 0
    for doc in docs:
        findings = check_document(db, doc.id)
        total += len(findings)
        _print_block(doc, findings)
    outcome = f"发现 {total} 处自相矛盾" if total else "未发现自相矛盾"
    console.print(f"共检查 {len(docs)} 份文件，{outcome}。")
    return 1 if total else 0


def _file_db(path: str) -> sqlite_utils.Database:
    document = read_limited(path, DEFAULT_LIMITS)  # a compression bomb is refused, not parsed for minutes
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    write_document(db, document)
    return db


def _print_block(doc: DocumentInfo, findings: list[Finding]) -> None:
    console.print(f"[bold]{escape(doc.title)}[/bold]（{escape(doc.source)}）", highlight=False)
    if not findings:
        console.print("  [green]未发现自相矛盾之处[/green]\n")
        return
    for i, f in enumerate(findings, 1):
        console.print(f"  [red]{i}. {KINDS[f.kind]}[/red]  {escape(f.message)}", highlight=False)
        for mark, spot in (("①", f.first), ("②", f.second)):
            console.print(f"     {mark} {escape(spot.place())}：[bold]{escape(spot.figure())}[/bold]", highlight=False)
    console.print()
