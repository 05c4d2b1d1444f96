"""The knowledge base's documents, each indexed for answering the first time it is asked about."""

from __future__ import annotations

import re
import sqlite3
from collections import OrderedDict
from collections.abc import Callable

from knowledge import query
from knowledge.model import DocumentInfo

from .lookup import DocIndex

CACHED_DOCUMENTS = 4096
PREFERRED_KIND = "预算"  # of a budget and a final account of one year, the budget answers by default
# 北京市民政局 -> (北京, 民政局): the place a body's name begins with, and its own part
PLACE_AND_OWN = re.compile(r"^(?:([\u4e00-\u9fff]{2,6}?)(?:省|自治区|市))?(?:[\u4e00-\u9fff]{1,4}?[区县])?(.+)$")


def choose_default(documents: list[DocumentInfo], preferred: str | None) -> str | None:
    """The department a question (or `budgetbot show`) that names none is about: `preferred` when the
    knowledge base holds it, else the first document's."""
    if preferred in {d.department for d in documents}:
        return preferred
    return documents[0].department if documents else None


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
        self.documents: list[DocumentInfo] = query.documents(db)
        self.departments = sorted({d.department for d in self.documents})
        self.default_department = choose_default(self.documents, default_department)
        self._canonical = canonical
        self._equivalents = equivalents
        self._cache: OrderedDict[int, DocIndex] = OrderedDict()

    def document(self, department: str, year: int | None, *, kind: str | None = None) -> DocIndex | None:
        """The department's document of that year (the latest when no year is given), of `kind` if it has one."""
        candidates = [d for d in self.documents if d.department == department]
        if year is not None:
            candidates = [d for d in candidates if d.year == year]
        if not candidates:
            return None
        chosen = max(candidates, key=lambda d: (d.kind == kind, d.year, d.kind == PREFERRED_KIND))
        return self.index(chosen.id)

    def latest(self) -> list[DocIndex]:
        """Each department's latest document."""
        return [doc for department in self.departments if (doc := self.document(department, None))]

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
        """Departments held that someone asking about `name` may want instead: the same kind of body
        elsewhere (民政局 of other cities), then others of the same place (北京)."""
        place, own = PLACE_AND_OWN.match(name).groups()
        same_kind = [d for d in self.departments if own and d.endswith(own[-3:])]
        same_place = [d for d in self.departments if place and d.startswith(place)]
        return list(dict.fromkeys(same_kind + same_place))[:limit]

    def years_of(self, department: str) -> list[int]:
        return sorted({d.year for d in self.documents if d.department == department})

    def catalogue(self) -> str:
        """长沙市信访局（2026预算）、…"""
        by_department: dict[str, list[str]] = {}
        for d in self.documents:
            by_department.setdefault(d.department, []).append(f"{d.year}{d.kind}")
        return "、".join(f"{dep}（{'、'.join(v)}）" for dep, v in by_department.items())
