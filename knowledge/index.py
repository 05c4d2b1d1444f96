"""The index of names kept beside the documents: every name a question may use for a subject (with
its key), and how questions name each department (its aliases, own part and places).

It is written at ingest, document by document, so that answering never rebuilds it: a question is
matched against thousands of departments by looking up its words (`knowledge.query.DepartmentIndex`),
not by loading them all. How questions name things is nlu's business: the caller gives the rules as
a `Naming` (bot/ passes nlu's). Without one, subject names are kept without keys and departments are
not indexed; the reader then makes what is missing in memory.

| table | one row per | columns |
|---|---|---|
| `subject_names` | name some document states | `name`, `key` (as questions compare it), `documents` (how many) |
| `departments` | department | `name`, `own_part` (信访局 of 长沙市信访局), `aliases` (one a line) |
| `department_aliases` | alias | `alias`, `departments` (one a line) |
| `department_places` | place before a department's own part | `place` (长沙市, 长沙) |
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Protocol

INDEX_TABLES = ("subject_names", "departments", "department_aliases", "department_places")
SCHEMA = (
    "create table if not exists subject_names (name text primary key, key text, documents integer not null)",
    "create table if not exists departments (name text primary key, own_part text not null, aliases text not null)",
    "create index if not exists departments_own_part on departments (own_part)",
    "create table if not exists department_aliases (alias text primary key, departments text not null)",
    "create index if not exists department_aliases_length on department_aliases (length(alias))",
    "create table if not exists department_places (place text primary key)",
)
# where the names a question may use are kept, (table, column): narrative subjects, row names, glossary
# terms, indicator names and table columns (`tables.columns` holds a JSON list of them)
NAME_COLUMNS = (
    ("facts", "subject"), ("rows", "name"), ("terms", "term"), ("indicators", "name"), ("tables", "columns"),
)
JSON_LISTS = {("tables", "columns")}


def _names_sql(fields: str = "", where: str = "") -> str:
    """A union of a select per NAME_COLUMNS pair: `fields` before the name, `where` a condition on t."""
    where = f" where {where}" if where else ""
    return " union ".join(
        f"select {fields}j.value as name from {table} t, json_each(t.{column}) j{where}"
        if (table, column) in JSON_LISTS
        else f"select {fields}t.{column} as name from {table} t{where}"
        for table, column in NAME_COLUMNS
    )


# the names one document states
DOCUMENT_NAMES = _names_sql(where="t.document_id = :id")
# every name with the number of documents stating it
ALL_NAMES = (
    f"select name, count(*) from ({_names_sql('t.document_id, ')}) "
    "where name is not null and name != '' group by name order by name"
)
# every name: `knowledge.query.vocabulary`, for a knowledge base without the index
VOCABULARY = f"select name from ({_names_sql()}) where name is not null and name != '' order by name"
COUNT_NAME = (
    "insert into subject_names (name, key, documents) values (?, ?, 1) "
    "on conflict (name) do update set documents = documents + 1, key = coalesce(key, excluded.key)"
)


class DepartmentNames(Protocol):
    aliases: Collection[str]
    own_part: str
    places: Collection[str]


class Naming(Protocol):
    """How questions name departments and subjects (nlu's rules, given by the caller)."""

    def department(self, name: str) -> DepartmentNames: ...

    def subject_key(self, name: str) -> str: ...


def ensure_index(conn: sqlite3.Connection) -> None:
    """Make the index tables, also in a knowledge base made before there were any."""
    for sql in SCHEMA:
        conn.execute(sql)


def add_document(conn: sqlite3.Connection, document_id: int, department: str, naming: Naming | None) -> None:
    """Count the names a newly written document states, and index its department if it is new."""
    names = sorted(n for (n,) in conn.execute(DOCUMENT_NAMES, {"id": document_id}) if n)
    conn.executemany(COUNT_NAME, [(n, naming.subject_key(n) if naming else None) for n in names])
    if naming is not None:
        add_department(conn, department, naming)


def remove_document(conn: sqlite3.Connection, document_id: int) -> None:
    """Before a document is deleted: its names are stated by one document fewer."""
    names = [(n,) for (n,) in conn.execute(DOCUMENT_NAMES, {"id": document_id}) if n]
    conn.executemany("update subject_names set documents = documents - 1 where name = ?", names)
    conn.execute("delete from subject_names where documents <= 0")


def add_department(conn: sqlite3.Connection, name: str, naming: Naming) -> None:
    if conn.execute("select 1 from departments where name = ?", [name]).fetchone():
        return
    entry = naming.department(name)
    aliases = sorted(entry.aliases)
    conn.execute("insert into departments (name, own_part, aliases) values (?, ?, ?)",
                 [name, entry.own_part, "\n".join(aliases)])
    conn.executemany(
        "insert into department_aliases (alias, departments) values (?, ?) "
        "on conflict (alias) do update set departments = departments || char(10) || excluded.departments",
        [(alias, name) for alias in aliases],
    )
    conn.executemany("insert or ignore into department_places (place) values (?)", [(p,) for p in sorted(entry.places)])


def add_departments(conn: sqlite3.Connection, names: Collection[str], naming: Naming) -> None:
    for name in names:
        add_department(conn, name, naming)


def rebuild(conn: sqlite3.Connection, naming: Naming) -> None:
    """Write the whole index anew from the documents: for a knowledge base made before it, or after
    the naming rules changed."""
    ensure_index(conn)
    for table in INDEX_TABLES:
        conn.execute(f"delete from {table}")
    conn.executemany(
        "insert into subject_names (name, key, documents) values (?, ?, ?)",
        [(name, naming.subject_key(name), count) for name, count in conn.execute(ALL_NAMES).fetchall()],
    )
    departments = [d for (d,) in conn.execute("select department from documents group by department order by min(id)")]
    add_departments(conn, departments, naming)
    if conn.in_transaction:  # the statements above opened one: a document written next opens its own
        conn.commit()
