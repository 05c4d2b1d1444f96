"""Terminal output with rich: ingest progress and summary, and `budgetbot show` (documents, tables)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from knowledge import query
from knowledge.ingest import Outcome

from ..core import DEFAULT_DEPARTMENT
from ..core.phrases import Phrases
from ..settings import DATA_DIR
from .consoles import Output
from .frames import Frame, documents_frame, table_frame, tables_frame, write_rows
from .grid import print_frame
from .pick import AmbiguousDepartment, NotFound, document_to_show, documents_to_list, table_to_show

STORED = "already stored, not read again"
RICHER = "not stored: the stored reading is richer"  # a reading with fewer tables or facts, kept out
console = Output()
err_console = Output(stderr=True)


@contextmanager
def ingest_progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A progress bar on stderr; the callback reports each finished file."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True, disable=total < 2) as progress:
        task = progress.add_task("reading", total=total)

        def advance(outcome: Outcome) -> None:
            progress.advance(task)
            if outcome.error:
                err_console.print(f"[red]error[/red] {escape(outcome.shown_path)}: {escape(outcome.error)}",
                                  highlight=False, soft_wrap=True)

        yield advance


def ingest_summary(outcomes: list[Outcome]) -> None:
    """One line per document kept (department, year, kind, tables, rows, facts, terms), and for a
    batch a summary table of every file, refused ones with their reason."""
    for o in outcomes:
        if o.document is not None:
            console.print(_counts(o), highlight=False, soft_wrap=True, markup=False)
        elif o.stored:
            console.print(f"{' '.join(map(str, o.stored))}: {STORED}  ({o.shown_path})",
                          highlight=False, soft_wrap=True, markup=False)
    if len(outcomes) < 2:
        return
    console.print(summary_table(outcomes))


def summary_table(outcomes: list[Outcome]) -> Table:
    """Every file of a batch on one row that fits 80 columns: the file with its department (or its
    reason in red) under it, then the year and the counts, which never wrap."""
    bad = sum(1 for o in outcomes if o.error)
    kept = sum(1 for o in outcomes if o.stored)
    poorer = sum(1 for o in outcomes if o.action == "kept")
    caption = f"{len(outcomes) - bad - kept - poorer} of {len(outcomes)} files ingested" + (
        f", {kept} already stored" if kept else "") + (f", {poorer} {RICHER}" if poorer else "")
    table = Table(title="ingest summary", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True, caption=caption, caption_justify="left")
    table.add_column("file / department", overflow="fold")
    table.add_column("year", no_wrap=True)
    for name in ("tables", "rows", "facts", "terms", "indicators"):
        table.add_column(name, justify="right", no_wrap=True)
    for o in outcomes:
        name = Text(o.shown_path.rsplit("/", 1)[-1])
        if o.stored:
            department, year, kind = o.stored
            table.add_row(name + Text("\n") + Text(f"{department} ({STORED})", style="dim"),
                          f"{year}{kind}", "", "", "", "", "")
        elif o.document is None:
            table.add_row(name + Text("\n") + Text(o.error or "", style="red"), "", "", "", "", "", "")
        else:
            d = o.document
            label = Text(d.department, style="bold") + (Text(f" ({RICHER})", style="dim") if o.action == "kept" else "")
            table.add_row(name + Text("\n") + label, f"{d.year}{d.kind}", *(str(n) for n in _numbers(d)))
    return table


def _numbers(d) -> tuple[int, int, int, int, int]:
    return len(d.tables), sum(len(t.rows) for t in d.tables), len(d.facts), len(d.terms), len(d.indicators)


def _counts(o: Outcome) -> str:
    d = o.document
    tables, rows, facts, terms, indicators = _numbers(d)
    kept = f" — {RICHER}" if o.action == "kept" else ""
    return (f"{d.department} {d.year} {d.kind}: {tables} tables, {rows} rows, {facts} facts, "
            f"{terms} terms, {indicators} indicators{kept}  ({o.shown_path})")


def run_show(
    db: query.Connection, which: str | None, *, department: str | None = None, year: int | None = None,
    fmt: str | None = None, default: str | None = DEFAULT_DEPARTMENT, out: Console | None = None,
) -> int:
    """`budgetbot show`: a table (by number, title word or row code) of the -d/-y document, else the
    documents and their tables; in the terminal (`out`, as wide as the terminal) or as `fmt` rows.
    Returns the exit code: 2 when -d fits several departments (they are listed on stderr, as chat asks
    which one is meant). Raises NotFound when nothing fits."""
    out = out or Output()  # made now: COLUMNS as the command runs
    documents = query.documents(db)
    if not documents:
        raise NotFound("the knowledge base is empty; run `budgetbot ingest FILE`")
    try:
        if which is None:
            chosen = documents_to_list(db, documents, department=department, year=year)
            _list(db, chosen, department is None, fmt, default, out)
        else:
            document = document_to_show(db, documents, department=department, year=year, default=default)
            choice = table_to_show(db, document, which)
            if choice.others:
                others = "、".join(f"表{t.number}《{t.title}》" for t in choice.others)
                Output(stderr=True).print(f"「{which}」 also fits {others}; give the number to show another",
                                          highlight=False, markup=False)
            _emit(table_frame(db, document, choice), fmt, out)
    except AmbiguousDepartment as e:
        Output(stderr=True).print(_which_one(e), highlight=False, markup=False)
        return 2
    return 0


def _list(db, documents, overview: bool, fmt, default, out: Console) -> None:
    """Without -d: one line per document (of the -y year); with -d, or when -y leaves one document,
    the tables of each document."""
    if overview and len(documents) > 1:
        _emit(documents_frame(db, documents, default), fmt, out)
    elif fmt:
        write_rows(tables_frame(db, documents, terminal=False), fmt)
    else:
        for document in documents:
            print_frame(out, tables_frame(db, [document], terminal=True))


def _emit(frame: Frame, fmt: str | None, out: Console) -> None:
    if fmt:
        write_rows(frame, fmt)
    else:
        print_frame(out, frame)


def _which_one(e: AmbiguousDepartment) -> str:
    """Chat's question (data/lexicon/replies.toml: choose_department), and how to answer it with -d."""
    hint = f"（用 -d 写出部门名称，例如 -d {e.candidates[0]}）"
    if e.reason:  # -y without -d, and the default department has no document of that year
        return f"{e.reason}：{'、'.join(e.candidates)}。\n{hint}"
    phrases = Phrases(DATA_DIR / "lexicon" / "replies.toml", catalogue="", default_department=None)
    return f"「{e.name}」：{phrases('choose_department', choices='、'.join(e.candidates))}\n{hint}"
