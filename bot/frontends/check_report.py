"""`budgetbot check`: consistency findings, one block per document (or one JSON object for tooling).

Each finding is printed once: the figure in question first, then every figure it disagrees with, each
with its place (and page, in a PDF), then the narrative sentences involved, each quoted once.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

import sqlite_utils
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from knowledge import query
from knowledge.check import KINDS, Finding, Spot, check_document
from knowledge.limits import DEFAULT_LIMITS, read_limited
from knowledge.model import DocumentInfo, IngestError
from knowledge.store import ensure_schema, open_db, write_document

from .consoles import Output

console = Output()
err_console = Output(stderr=True)
MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
CHANGE = "增减幅度"  # the subject of a recomputed percentage change (knowledge.check_pct)


def run_check(*, path: str | None, db_path: str | Path | None, as_json: bool = False) -> int:
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
    results = [(doc, check_document(db, doc.id)) for doc in docs]
    skipped = {doc.id: query.skipped_parts(db, doc.id) for doc in docs}
    total = sum(len(findings) for _, findings in results)
    if as_json:
        print(json.dumps(as_report(results, skipped), ensure_ascii=False, indent=2))
    else:
        for doc, findings in results:
            _print_block(doc, findings, skipped[doc.id])
        outcome = f"发现 {total} 处自相矛盾" if total else "未发现自相矛盾"
        console.print(f"共检查 {len(docs)} 份文件，{outcome}。")
    return 1 if total else 0


def as_report(results: list[tuple[DocumentInfo, list[Finding]]], skipped: dict[int, list[str]]) -> dict:
    """The JSON object of `check --json`: every document with its findings and the parts its reader
    left out, and the counts."""
    return {
        "documents": [
            {"id": doc.id, "title": doc.title, "department": doc.department, "year": doc.year, "kind": doc.kind,
             "source": doc.source, "findings": [_finding_json(f) for f in findings],
             "skipped": skipped.get(doc.id, [])}
            for doc, findings in results
        ],
        "checked": len(results),
        "findings": sum(len(findings) for _, findings in results),
    }


def _finding_json(f: Finding) -> dict:
    return {
        "kind": f.kind, "title": KINDS[f.kind], "subject": f.subject, "message": f.message,
        "first": asdict(f.first), "second": asdict(f.second), "columns": list(f.columns),
        "related": [_finding_json(r) for r in f.related],
    }


def _file_db(path: str) -> sqlite_utils.Database:
    document = read_limited(path, DEFAULT_LIMITS)  # a compression bomb is refused, not parsed for minutes
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    write_document(db, document)
    return db


def _print_block(doc: DocumentInfo, findings: list[Finding], skipped: list[str]) -> None:
    console.print(f"[bold]{escape(doc.title)}[/bold]（{escape(doc.source)}）", highlight=False)
    for part in skipped:  # what was not read cannot be checked: say so
        console.print(Padding(Text(f"未能读入，未检查：{part}", style="yellow"), (0, 0, 0, 2), expand=False))
    if not findings:
        console.print("  [green]未发现自相矛盾之处[/green]\n")
        return
    for i, f in enumerate(findings, 1):
        head = Text.from_markup(f"[red]{i}. {KINDS[f.kind]}[/red]：{escape(f.subject)}")
        console.print(Padding(head, (0, 0, 0, 2), expand=False))
        for line in finding_lines(f):  # wrapped lines keep the indent
            console.print(Padding(Text.from_markup(line), (0, 0, 0, 5), expand=False))
    console.print()


def finding_lines(f: Finding) -> list[str]:
    """The figure in question, each figure it disagrees with (and how), then the sentences quoted once."""
    lines = [_spot_line(MARKS[0], f.first, f.columns, change=f.subject == CHANGE)]
    listed = [f.first]
    for comparison in (f, *f.related):
        for spot in (comparison.first, comparison.second):
            if spot in listed:
                continue
            listed.append(spot)
            mark = MARKS[len(listed) - 1] if len(listed) <= len(MARKS) else "·"
            note = _difference(comparison)
            if comparison is not f:
                note = f"{KINDS[comparison.kind]}，{note}" if note else KINDS[comparison.kind]
            lines.append(_spot_line(mark, spot, comparison.columns, note, change=comparison.subject == CHANGE))
    lines += [f"原文：「{escape(quote)}」" for quote in f.quotes]
    return lines


def _spot_line(mark: str, spot: Spot, columns: tuple[str, ...], note: str = "", *, change: bool = False) -> str:
    figure = spot.figure()
    if change:  # a percentage change in words, as the document prints it: 下降95.0%
        figure = ("增长" if spot.value >= 0 else "下降") + figure.lstrip("-")
    line = f"{mark} {escape(spot.place(columns))}：[bold]{escape(figure)}[/bold]"
    return f"{line}（{escape(note)}）" if note else line


def _difference(f: Finding) -> str:
    if f.first.unit == "%":
        return ""
    return f"相差 {abs(f.first.value_wan - f.second.value_wan):,.2f}万元"
