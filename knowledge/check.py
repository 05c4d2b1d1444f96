"""Consistency checks: where a disclosure contradicts itself.

Every check compares two figures of one document in 万元 and reports a `Finding` only when they
differ by more than rounding explains (see `knowledge.check_base`). A check that cannot tell for sure
which figures belong together stays silent: for staff about to publish, a false alarm is worse than a miss.
"""

from __future__ import annotations

import sqlite_utils

from . import query
from .check_base import KINDS, Finding, load_tables
from .check_narrative import narrative_findings
from .check_sums import table_findings

__all__ = ["KINDS", "Finding", "check_document", "load_tables"]


def check_document(db: sqlite_utils.Database, document_id: int) -> list[Finding]:
    """Every contradiction found in one stored document, in a stable order, without repeats."""
    tables = load_tables(db, document_id)
    facts = query.facts(db, document_id)
    sections = {s.number: s.heading for s in query.sections(db, document_id)}
    terms = query.terms(db, document_id)
    department = db.execute("select department from documents where id = ?", [document_id]).fetchone()[0]
    findings = table_findings(tables) + narrative_findings(tables, facts, sections, terms, department)
    seen: set[tuple] = set()
    unique = []
    for f in findings:
        key = (f.kind, f.first.place(), f.second.place(), round(f.first.value_wan, 6))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
