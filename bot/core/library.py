"""The knowledge base's documents, each indexed for answering the first time it is asked about.

A department's documents are read from the knowledge base when a question is about it, never all at
start: a knowledge base of a province holds thousands."""

from __future__ import annotations

import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable

from knowledge import query
from knowledge.model import DocumentInfo

from .lookup import DocIndex

CACHED_DOCUMENTS = 1024  # indexed documents kept: about 0.45 MB each, so under half a gigabyte
CACHED_DEPARTMENTS = 65536  # departments whose list of documents is kept (a few hundred bytes each)
CATALOGUE_SIZE = 30  # departments named where a reply lists what the knowledge base holds
PREFERRED_KIND = "预算"  # of a budget and a final account of one year, the budget answers by default
# 北京市民政局 -> (北京, 民政局): the place a body's name begins with, and its own part
PLACE_AND_OWN = re.compile(r"^(?:([\u4e00-\u9fff]{2,6}?)(?:省|自治区|市))?(?:[\u4e00-\u9fff]{1,4}?[区县])?(.+)$")


def choose_default(documents: list[DocumentInfo], preferred: str | None) -> str | None:
    """The department a question (or `budgetbot show`) that names none is about: `preferred` when the
    knowledge base holds it, else the first document's."""
    if preferred in {d.department for d in documents}:
        return preferred
    return documents[0].department if documents else None


def nearby(db: sqlite3.Connection, name: str, *, limit: int = 5) -> list[str]:
    """Departments held that someone asking about `name` may want instead: the same kind of body
    elsewhere (民政局 of other cities), then others of the same place (北京)."""
    place, own = PLACE_AND_OWN.match(name).groups()
    patterns = ([f"%{own[-3:]}"] if own else []) + ([f"{place}%"] if place else [])
    found: list[str] = []
    for pattern in patterns:
        rows = db.execute("select distinct department from documents where department like ? "
                          "order by department limit ?", [pattern, limit])
        found += [row[0] for row in rows if row[0] not in found]
    return found[:limit]


class Library:
    """Which document answers a question, and its index.

    `canonical` maps a subject key to the subject it stands for (人员类 -> 人员经费) and `equivalents`
    lists the other names a document may state a subject under; both come from the lexicon.
    """

    def __init__(
        self,
        db: sqlite3.Connection,
        *,
        canonical: Callable[[str], str],
        equivalents: dict[str, tuple[str, ...]],
        default_department: str | None,
    ) -> None:
        self.db = db
        self._of_department: dict[str, list[DocumentInfo]] = {}
        self._documents: list[DocumentInfo] | None = None
        # a question naming no department is about the preferred one, or the only one; among several
        # departments and none preferred, the bot asks which (never one picked at random)
        self.default_department = (
            default_department if default_department and self.documents_of(default_department)
            else query.only_department(db)
        )
        self._canonical = canonical
        self._equivalents = equivalents
        self._cache: OrderedDict[int, DocIndex] = OrderedDict()

    @property
    def documents(self) -> list[DocumentInfo]:
        """Every document (read the first time it is asked for: thousands of them take a while)."""
        if self._documents is None:
            self._documents = query.documents(self.db)
        return self._documents

    @property
    def departments(self) -> list[str]:
        return sorted({d.department for d in self.documents})

    def department_count(self) -> int:
        """How many departments the knowledge base holds (counted in it, nothing loaded)."""
        return query.department_count(self.db)

    def document_count(self) -> int:
        return query.document_count(self.db) if self._documents is None else len(self._documents)

    def documents_of(self, department: str) -> list[DocumentInfo]:
        found = self._of_department.get(department)
        if found is None:
            if len(self._of_department) >= CACHED_DEPARTMENTS:
                self._of_department.clear()
            found = self._of_department[department] = query.documents_of(self.db, department)
        return found

    def document(self, department: str, year: int | None, *, kind: str | None = None) -> DocIndex | None:
        """The department's document of that year (the latest when no year is given), of `kind` if it has one."""
        candidates = self.documents_of(department)
        if year is not None:
            candidates = [d for d in candidates if d.year == year]
        if not candidates:
            return None
        chosen = max(candidates, key=lambda d: (d.kind == kind, d.year, d.kind == PREFERRED_KIND))
        return self.index(chosen.id)

    def index(self, document_id: int) -> DocIndex:
        cached = self._cache.get(document_id)
        if cached is None:
            cached = DocIndex(query.load_document(self.db, document_id), self._canonical, self._equivalents)
            self._cache[document_id] = cached
            if len(self._cache) > CACHED_DOCUMENTS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(document_id)
        return cached

    def nearby(self, name: str, *, limit: int = 5) -> list[str]:
        return nearby(self.db, name, limit=limit)

    def listing(self, name: str) -> list[str]:
        """The departments whose documents list a unit of that name in their tables."""
        return query.departments_listing(self.db, name)

    def years_of(self, department: str) -> list[int]:
        return sorted({d.year for d in self.documents_of(department)})

    def catalogue(self) -> str:
        """长沙市信访局（2026预算）、… — the first few departments, and how many more there are."""
        rows = self.db.execute(
            "select department, year, kind from documents where department in (select distinct department "
            "from documents order by department limit ?) order by department, year, kind", [CATALOGUE_SIZE + 1]
        )
        by_department: dict[str, list[str]] = {}
        for department, year, kind in rows:
            by_department.setdefault(department, []).append(f"{year}{kind}")
        listed = list(by_department.items())
        named = "、".join(f"{dep}（{'、'.join(v)}）" for dep, v in listed[:CATALOGUE_SIZE])
        if len(listed) <= CATALOGUE_SIZE:
            return named
        count = self.db.execute("select count(*) from (select distinct department from documents)").fetchone()[0]
        return f"{named}等{count}个部门"
