"""What `budgetbot show` prints, as rows with named columns (`Frame`), and those rows written as
sqlite-utils' `rows` command writes them: CSV, TSV, a JSON array of objects, or one object a line."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TextIO

from knowledge import query
from knowledge.model import DocumentInfo

from .pick import Choice

FORMATS = ("csv", "tsv", "json", "nl")


@dataclass(frozen=True)
class Frame:
    """Rows to print: `keys` name the columns in machine output, `labels` in the terminal."""

    title: str
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    rows: tuple[tuple, ...]  # a float, an int, a string, or None for an empty cell
    decimals: int = 2  # of the floats in the terminal: 0 when every figure is whole (a 元 table)
    caption: str = ""
    marked: frozenset[int] = frozenset()  # rows to stand out: those holding the code asked for
    lead: int = 1  # the leading columns that name a row, repeated when a wide table is split


def table_frame(db: query.Connection, document: DocumentInfo, choice: Choice) -> Frame:
    """One table: its grouping, unit and code columns where any row has them, the row name, then every
    column of the document's table that has a figure or a word in some row."""
    table = choice.table
    rows = query.table_rows(db, document.id, table.number)
    texts = query.row_texts(db, document.id, table.number)
    fixed = [(label, attr) for label, attr in (("分组", "group"), ("单位名称", "unit_name"), ("编码", "code"))
             if any(getattr(r, attr) not in (None, "", r.name) for r in rows)]
    columns = [c for c in dict.fromkeys(table.columns)
               if any(c in r.values or c in texts.get(r.seq, {}) for r in rows)]
    labels = (*(label for label, _ in fixed), "名称", *columns)
    body = tuple(
        (*(getattr(r, attr) for _, attr in fixed), r.name,
         *(r.values[c] if c in r.values else texts.get(r.seq, {}).get(c) for c in columns))
        for r in rows
    )
    whole = all(float(v).is_integer() for r in rows for v in r.values.values())
    page = f"，第{table.page}页" if table.page else ""
    caption = "空表：本部门无相关收支" if table.empty else ("此表没有数字行" if not rows else "")
    return Frame(
        f"{document.title} 表{table.number} {table.title}（单位：{table.unit}{page}）", _dedupe(labels), labels,
        body, 0 if whole else 2, caption,
        frozenset(i for i, r in enumerate(rows) if r.code in choice.codes), lead=len(fixed) + 1,
    )


def documents_frame(db: query.Connection, documents: list[DocumentInfo], default: str | None) -> Frame:
    """One line per document."""
    body = tuple((d.id, d.department, d.year, d.kind, len(query.tables(db, d.id)), d.source) for d in documents)
    caption = f"不用 -d 指明部门时，show 表N 显示{default}的表。" if default else ""
    return Frame("知识库中的文件", ("id", "department", "year", "kind", "tables", "source"),
                 ("编号", "部门", "年度", "类别", "表数", "文件"), body, caption=caption)


def tables_frame(db: query.Connection, documents: list[DocumentInfo], *, terminal: bool) -> Frame:
    """The tables of the documents: in the terminal one document's (titled with it), in machine output
    every document's with its department, year and kind."""
    body = []
    for d in documents:
        for t in query.tables(db, d.id):
            empty = ("空表" if t.empty else "") if terminal else int(t.empty)
            own = (t.number, t.title, t.unit, t.row_count, t.page, empty)
            body.append(own if terminal else (d.department, d.year, d.kind, *own))
    if terminal:
        title = f"{documents[0].title}（{documents[0].source}）"
        return Frame(title, (), ("表", "标题", "单位", "行数", "页", ""), tuple(body))
    keys = ("department", "year", "kind", "number", "title", "unit", "rows", "page", "empty")
    return Frame("", keys, keys, tuple(body))


def write_rows(frame: Frame, fmt: str, out: TextIO | None = None) -> None:
    """The frame's rows as `sqlite-utils rows` writes them: --csv, --tsv, --json (the default there) or --nl."""
    out = out or sys.stdout
    if frame.decimals == 0:  # a table of whole 元: 3296600, not 3296600.0
        frame = replace(frame, rows=tuple(tuple(int(v) if isinstance(v, float) else v for v in r) for r in frame.rows))
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, dialect="excel-tab" if fmt == "tsv" else "excel")
        writer.writerow(frame.keys)
        writer.writerows(frame.rows)
        return
    for line in _json_lines(frame, newline_delimited=fmt == "nl"):
        out.write(line + "\n")


def _json_lines(frame: Frame, *, newline_delimited: bool) -> Iterator[str]:
    """sqlite-utils' output_rows: `[{…},` / ` {…},` / ` {…}]`, or `[]`; with --nl one object a line."""
    for i, row in enumerate(frame.rows):
        data = json.dumps(dict(zip(frame.keys, row, strict=True)), ensure_ascii=False)
        if newline_delimited:
            yield data
        else:
            last = i == len(frame.rows) - 1
            yield ("[" if i == 0 else " ") + data + ("]" if last else ",")
    if not frame.rows and not newline_delimited:
        yield "[]"


def _dedupe(keys: tuple[str, ...]) -> tuple[str, ...]:
    """Keys made unique as sqlite-utils does: 名称, 名称 -> 名称, 名称_2."""
    seen: dict[str, int] = {}
    result = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        result.append(key if seen[key] == 1 else f"{key}_{seen[key]}")
    return tuple(result)
