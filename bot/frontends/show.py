"""Terminal rendering with rich: ingest progress and summary, documents, tables."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from knowledge import query
from knowledge.ingest import Outcome

console = Console()
err_console = Console(stderr=True)


@contextmanager
def ingest_progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar on stderr; the callback reports each finished file."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=total < 2) as progress:
        task = progress.add_task("reading", total=total)

        def advance(outcome: Outcome) -> None:
            progress.advance(task)
            if outcome.error:
                err_console.print(f"[red]error[/red] {outcome.path}: {outcome.error}", highlight=False, soft_wrap=True)

        yield advance


def ingest_summary(outcomes: list[Outcome]) -> None:
    """One line per document kept (department, year, kind, tables, rows, facts, terms), and for a
    batch a summary table of every file, refused ones with their reason."""
    for o in outcomes:
        if o.document is not None:
            console.print(_counts(o), highlight=False, soft_wrap=True)
        elif o.stored:
            console.print(f"{' '.join(map(str, o.stored))}: already stored, not read again  ({o.path})",
                          highlight=False, soft_wrap=True)
    if len(outcomes) < 2:
        return
    table = Table(title="ingest summary", title_justify="left")
    for name in ("file", "department", "year", "kind"):
        table.add_column(name)
    for name in ("tables", "rows", "facts", "terms", "indicators"):
        table.add_column(name, justify="right")
    for o in outcomes:
        name = o.path.rsplit("/", 1)[-1]
        if o.stored:
            table.add_row(name, *map(str, o.stored), "already stored", "", "", "", "")
        elif o.document is None:
            table.add_row(name, f"[red]{o.error}[/red]", "", "", "", "", "", "", "")
        else:
            d = o.document
            table.add_row(name, d.department, str(d.year), d.kind, *(str(n) for n in _numbers(d)))
    bad = sum(1 for o in outcomes if o.error)
    kept = sum(1 for o in outcomes if o.stored)
    table.caption = f"{len(outcomes) - bad - kept} of {len(outcomes)} files ingested" + (
        f", {kept} already stored" if kept else "")
    console.print(table)


def _numbers(d) -> tuple[int, int, int, int, int]:
    return len(d.tables), sum(len(t.rows) for t in d.tables), len(d.facts), len(d.terms), len(d.indicators)


def _counts(o: Outcome) -> str:
    d = o.document
    tables, rows, facts, terms, indicators = _numbers(d)
    return (f"{d.department} {d.year} {d.kind}: {tables} tables, {rows} rows, {facts} facts, "
            f"{terms} terms, {indicators} indicators  ({o.path})")


def show_documents(db) -> None:
    docs = query.documents(db)
    if not docs:
        console.print("The knowledge base is empty; run `budgetbot ingest FILE`.")
        return
    for doc in docs:
        table = Table(title=f"{doc.title}  ({doc.source})", title_justify="left")
        for name in ("表", "标题", "单位", "行数", ""):
            table.add_column(name)
        for t in query.tables(db, doc.id):
            table.add_row(str(t.number), t.title, t.unit, str(t.row_count), "空表" if t.empty else "")
        console.print(table)


def show_table(db, which: str, *, department: str | None = None, year: int | None = None) -> None:
    """Print one table: `which` is its number or a word of its title."""
    docs = [d for d in query.documents(db) if (not department or department in d.department)]
    docs = [d for d in docs if not year or d.year == year]
    if not docs:
        raise LookupError(f"no document matches department={department!r} year={year!r}")
    doc = docs[0]
    found = [
        t for t in query.tables(db, doc.id)
        if (which.isdigit() and t.number == int(which)) or (not which.isdigit() and which in t.title)
    ]
    if not found:
        raise LookupError(f"{doc.title} has no table {which!r}; `budgetbot show` lists them")
    t = found[0]
    columns = t.columns
    rows = query.table_rows(db, doc.id, t.number)
    value_columns = [c for c in columns if any(c in r.values for r in rows)]
    out = Table(title=f"{doc.title} 表{t.number} {t.title}（单位：{t.unit}）", title_justify="left")
    out.add_column("编码")
    out.add_column("名称")
    for c in value_columns:
        out.add_column(c, justify="right")
    for r in rows:
        name = f"[{r.group}] {r.name}" if r.group else r.name
        out.add_row(r.code or "", name, *(f"{r.values[c]:,.2f}" if c in r.values else "" for c in value_columns))
    if t.empty:
        out.caption = "空表：本部门无相关收支"
    console.print(out)
