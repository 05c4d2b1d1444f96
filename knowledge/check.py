"""Consistency checks: where a disclosure contradicts itself.

Every check compares two figures of one document in 万元 and reports a `Finding` only when they
differ by more than rounding explains (see `knowledge.check_base`); percentages are recomputed from
the figures their sentence states (`knowledge.check_pct`). A check that cannot tell for sure which
figures belong together stays silent: for staff about to publish, a false alarm is worse than a miss.

One error is reported once: the same two rows disagreeing alike in several columns are one finding
(`Finding.columns`), and contradictions that share a figure are one finding (`Finding.related`).
"""

from __future__ import annotations

from dataclasses import replace

import sqlite_utils

from . import query
from .check_base import KINDS, Finding, Spot, describe, load_tables
from .check_narrative import narrative_findings
from .check_pct import percentage_findings
from .check_sums import table_findings

__all__ = ["KINDS", "Finding", "Spot", "check_document", "load_tables"]


def check_document(db: sqlite_utils.Database, document_id: int) -> list[Finding]:
    """Every contradiction found in one stored document, in a stable order, each error once."""
    tables = load_tables(db, document_id)
    facts = query.facts(db, document_id)
    all_sections = query.sections(db, document_id)
    sections = {s.number or s.heading: s for s in all_sections}
    terms = query.terms(db, document_id)
    department = db.execute("select department from documents where id = ?", [document_id]).fetchone()[0]
    findings = (table_findings(tables) + narrative_findings(tables, facts, sections, terms, department)
                + percentage_findings(all_sections))
    seen: set[tuple] = set()
    unique = []
    for f in findings:
        key = (f.kind, f.first.place(), f.second.place(), round(f.first.value_wan, 6))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return share_figures(across_columns(unique))


def across_columns(findings: list[Finding]) -> list[Finding]:
    """The same two rows disagreeing in several columns are one finding: alike (a part printed in
    总计 and in 公用经费) it names every column; otherwise the other columns are `related`."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        a, b = f.first, f.second
        per_column = a.column and a.column == b.column and a.row and b.row
        key = (f.kind, a.where, a.row, b.where, b.row) if per_column else (id(f),)
        groups.setdefault(key, []).append(f)
    merged = []
    for group in groups.values():
        f = group[0]
        if len({(round(g.first.value, 6), round(g.second.value, 6)) for g in group}) == 1 and len(group) > 1:
            columns = tuple(g.first.column for g in group)
            f = replace(f, columns=columns, message=describe(f.subject, f.first, f.second, columns))
        elif len(group) > 1:
            f = replace(f, related=tuple(group[1:]))
        merged.append(f)
    return merged


def share_figures(findings: list[Finding]) -> list[Finding]:
    """Contradictions that share a figure (a wrong total against its parts and against the
    narrative) are one finding: the first, with the others as `related`."""
    groups: list[tuple[set[Spot], list[Finding]]] = []
    for f in findings:
        spots = set(f.spots)
        joined = [g for g in groups if g[0] & spots]
        for g in joined:
            groups.remove(g)
        members = sorted((m for g in joined for m in g[1]), key=findings.index) + [f]
        groups.append((spots.union(*(g[0] for g in joined)), members))
    groups.sort(key=lambda g: findings.index(g[1][0]))
    return [_one(members) for _, members in groups]


def _one(members: list[Finding]) -> Finding:
    """The first finding, with every other comparison of the group (and theirs) as `related`."""
    primary, related = members[0], list(members[0].related)
    for m in members[1:]:
        related += [replace(m, related=()), *m.related]
    return replace(primary, related=tuple(related))
