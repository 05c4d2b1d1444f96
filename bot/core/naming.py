"""nlu's naming rules for the knowledge base's index of names (`knowledge.index`), and the Engine's
reading of that index: checked against the rules as they are now, and made in memory where it is
missing or out of date (a knowledge base made before it, or after the rules changed)."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from knowledge import index, query
from knowledge.domain import ORG_SUFFIXES
from nlu.departments import DepartmentEntry, DepartmentList, DepartmentLookup
from nlu.lexicon import load_lexicon
from nlu.matcher import Matcher
from nlu.names import department_entry, name_key

from . import DATA_DIR

SAMPLE = 32  # departments and subject names checked against the rules at start
log = logging.getLogger(__name__)


class Naming:
    """How questions name departments and subjects: what `knowledge.index` keeps of each."""

    def department(self, name: str) -> DepartmentEntry:
        return department_entry(name, ORG_SUFFIXES)

    def subject_key(self, name: str) -> str:
        return name_key(name)


NAMING = Naming()


def department_lookup(db: sqlite3.Connection) -> DepartmentLookup:
    """The departments as the matcher asks about them: from the index where it is current, else in memory."""
    if departments_current(db):
        return query.DepartmentIndex(db)
    log.info("the knowledge base's index of departments is missing or out of date: made in memory")
    names = [d for (d,) in db.execute("select distinct department from documents")]
    return DepartmentList(NAMING.department(d) for d in names)


def departments_current(db: sqlite3.Connection) -> bool:
    """Whether the index holds every department, as the rules name them now (checked on a sample)."""
    if not query.has_index(db):
        return False
    indexed, named = query.indexed_departments(db)
    if indexed != named:
        return False
    stored = query.DepartmentIndex(db)
    for name in query.spread_departments(db, SAMPLE):
        entry = NAMING.department(name)
        if stored.entry(name) != (entry.own_part, entry.aliases) or stored.places(entry.places) != entry.places:
            return False
    return True


def subject_keys(db: sqlite3.Connection) -> dict[str, str]:
    """name -> key of every name some document states, sorted by name: the keys kept at ingest
    where they agree with the rules (checked on a sample), else made anew."""
    rows = query.subject_names(db) if query.has_index(db) else []
    if not rows and query.document_count(db):
        return {name: name_key(name) for name in query.vocabulary(db)}
    step = max(1, len(rows) // SAMPLE)
    if any(key is None for _, key in rows) or any(key != name_key(name) for name, key in rows[::step]):
        return {name: name_key(name) for name, _ in rows}
    return dict(rows)


def refresh_index(db: sqlite3.Connection) -> bool:
    """Rewrite the index where it is out of date; whether it was."""
    keys = query.subject_names(db) if query.has_index(db) else []
    if departments_current(db) and subject_keys(db) == dict(keys):
        return False
    index.rebuild(db, NAMING)
    return True


@dataclass(frozen=True)
class Named:
    """What a name given for a department (`budgetbot show -d`) names: one department, or several to
    choose from, or none."""

    department: str | None = None
    candidates: tuple[str, ...] = ()


def name_department(db: sqlite3.Connection, name: str) -> Named:
    """The department `name` names, as chat reads a department in a question: its full name, a way of
    naming it (长沙信访局; 信访局 names several), a part of its name (热线), or loosely — an
    abbreviation or a slip (职教基地, 长沙市信仿局; `Matcher.fuzzy_department`)."""
    wanted = "".join(name.split())
    lookup = department_lookup(db)
    if not wanted:
        return Named()
    for found in (sorted(lookup.named(wanted)), lookup.containing(wanted)):
        if wanted in found:
            return Named(wanted)
        if found:
            return Named(found[0]) if len(found) == 1 else Named(candidates=tuple(found))
    lexicon_dir = DATA_DIR / "lexicon"
    matcher = Matcher(subjects={}, departments=lookup, lexicon=load_lexicon(lexicon_dir),
                      base_dictionary=lexicon_dir / "jieba_base.txt", organisation_suffixes=ORG_SUFFIXES)
    fuzzy = matcher.fuzzy_department(wanted)
    return Named(fuzzy[0]) if fuzzy else Named()
