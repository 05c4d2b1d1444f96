"""Which documents and which table `budgetbot show` prints: the department named with -d (as chat reads
it: a part of its name is enough, 长沙信访局 and 职教基地 too), else the one chat answers for; a table
by its number, a word of its title or the code of one of its rows."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge import query
from knowledge.model import DocumentInfo, TableInfo

from ..core.library import PREFERRED_KIND, choose_default, nearby
from ..core.naming import name_department

NEAR = 5  # departments named when -d fits none: a few near ones, never the whole list


class AmbiguousDepartment(Exception):
    """A department name fits several departments: which one is meant?"""

    def __init__(self, name: str, candidates: list[str], reason: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.candidates = candidates
        self.reason = reason


class NotFound(LookupError):
    """No department, document or table fits what was asked for."""


@dataclass(frozen=True)
class Choice:
    """A table chosen to print, with the rows a code asked for and the other tables that fit."""

    table: TableInfo
    codes: frozenset[str] = frozenset()  # the row codes to mark: `show 30201`
    others: tuple[TableInfo, ...] = ()  # other tables the same word fits


def department_named(db: query.Connection, name: str) -> str:
    """The one department `name` names, as chat reads it (its full name, 长沙信访局, a part of its name,
    职教基地, 长沙市信仿局); AmbiguousDepartment when it names several, NotFound with a few near ones
    when none."""
    named = name_department(db, name)
    if named.department:
        return named.department
    if named.candidates:
        raise AmbiguousDepartment(name, list(named.candidates))
    near = nearby(db, "".join(name.split()), limit=NEAR)
    hint = f"; near it: {'、'.join(near)}" if near else ""
    raise NotFound(f"no department in the knowledge base fits {name!r}{hint} "
                   f"(`budgetbot show` lists the {query.department_count(db)} it holds)")


def documents_to_list(
    db: query.Connection, documents: list[DocumentInfo], *, department: str | None, year: int | None
) -> list[DocumentInfo]:
    """The documents `show` without a table lists: all, or those of the -d department and -y year."""
    chosen = documents
    if department is not None:
        name = department_named(db, department)
        chosen = [d for d in chosen if d.department == name]
    if year is not None:
        chosen = [d for d in chosen if d.year == year]
    if not chosen:
        raise NotFound(f"no document of {department or 'any department'} for {year}; `budgetbot show` lists them")
    return chosen


def document_to_show(
    db: query.Connection, documents: list[DocumentInfo], *, department: str | None, year: int | None,
    default: str | None,
) -> DocumentInfo:
    """The document a table is shown from: the -d department's (else the default department's) of the
    -y year, else its latest, a 预算 before a 决算 of the same year, as chat chooses."""
    name = department_named(db, department) if department else choose_default(documents, default)
    if name is None:
        raise NotFound("the knowledge base is empty; run `budgetbot ingest FILE`")
    own = [d for d in documents if d.department == name]
    if year is not None:
        own = [d for d in own if d.year == year]
    if own:
        return max(own, key=lambda d: (d.year, d.kind == PREFERRED_KIND))
    years = "、".join(str(y) for y in sorted({d.year for d in documents if d.department == name}))
    if department is None:
        that_year = sorted({d.department for d in documents if d.year == year})
        if that_year:
            raise AmbiguousDepartment("", that_year, reason=f"默认部门{name}只有{years}年的文件；{year}年的文件属于")
    raise NotFound(f"{name} has no document for {year} (it has {years})")


def table_to_show(db: query.Connection, document: DocumentInfo, which: str) -> Choice:
    """A table of the document by its number (7), a word of its title (三公) or a row's code (30201)."""
    tables = query.tables(db, document.id)
    if which.isdigit():
        by_number = [t for t in tables if t.number == int(which)]
        if by_number:
            return Choice(by_number[0])
        holding = sorted({r.table_number for r in query.table_rows(db, document.id) if r.code == which})
        if holding:
            found = [t for t in tables if t.number in holding]
            return Choice(found[0], frozenset({which}), tuple(found[1:]))
        raise NotFound(f"{document.title} has no table {which} and no row coded {which}; {_numbers(tables)}")
    fitting = [t for t in tables if which in t.title]
    if not fitting:
        raise NotFound(f"no table of {document.title} has {which!r} in its title; {_numbers(tables)}")
    return Choice(fitting[0], others=tuple(fitting[1:]))


def _numbers(tables: list[TableInfo]) -> str:
    if not tables:
        return "it has no tables"
    return f"its tables are 表{tables[0].number}–表{tables[-1].number} (`budgetbot show -d …` lists them)"
