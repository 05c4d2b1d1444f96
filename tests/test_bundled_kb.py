"""The bundled knowledge base is current: rebuilding it from data/disclosures gives the same content."""

from __future__ import annotations

import os

import pytest

from bot.core.naming import NAMING
from bot.settings import BUNDLED_DB, DATA_DIR, DEFAULT_DEPARTMENT
from knowledge import query
from knowledge.ingest import ingest
from knowledge.store import open_db

VOLATILE = {"documents": ("ingested_at",)}


def dump(path) -> dict[str, list[tuple]]:
    db = open_db(path, readonly=True)
    content = {}
    for table in db.table_names():
        columns = [c.name for c in db[table].columns if c.name not in VOLATILE.get(table, ())]
        sql = f"select {', '.join(f'[{c}]' for c in columns)} from [{table}] order by rowid"
        content[table] = [tuple(row) for row in db.execute(sql).fetchall()]
    return content


def test_the_bundled_knowledge_base_is_current(tmp_path):
    sources = sorted(str(p) for p in (DATA_DIR / "disclosures").iterdir())
    rebuilt = tmp_path / "rebuilt.db"
    outcomes = ingest(open_db(rebuilt), sources, workers=os.cpu_count() or 1, naming=NAMING)
    assert [o.error for o in outcomes] == [None] * len(sources)
    assert dump(rebuilt) == dump(BUNDLED_DB), (
        "data/budgetbot.db is out of date: rm data/budgetbot.db && budgetbot ingest data/disclosures/* "
        "--db data/budgetbot.db"
    )


def test_the_bundled_knowledge_base_holds_all_fifteen_documents():
    db = query.open_readonly(BUNDLED_DB)
    documents = query.documents(db)
    assert len(documents) == 15
    assert DEFAULT_DEPARTMENT in {d.department for d in documents}
    assert {d.kind for d in documents} == {"预算", "决算"}


@pytest.mark.parametrize("question, figure", [("三公经费是多少", "3.93万元"), ("基本支出预算数", "380.33万元")])
def test_a_fresh_install_answers_for_the_default_department(bundled_engine, question, figure):
    reply = bundled_engine.answer(question)
    assert figure in reply.answer and "长沙市12345政务热线中心" in reply.answer


def test_the_readme_describes_every_table_and_column_of_the_knowledge_base():
    import re

    readme = (DATA_DIR.parent / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("## The knowledge base") : readme.index("## Benchmarks")]
    described = {}
    for line in part.splitlines():  # | `table` | one row per | `column`, `column` (…), … |
        cells = line.split("|")
        if len(cells) >= 4 and re.fullmatch(r"\s*`\w+`\s*", cells[1]):
            described[cells[1].strip(" `")] = set(re.findall(r"`(\w+)`", "|".join(cells[3:])))
    db = open_db(BUNDLED_DB, readonly=True)
    for table in db.table_names():
        columns = {c.name for c in db[table].columns} - {"id"}
        assert table in described, f"README's knowledge base tables lack {table}"
        assert columns - described[table] == set(), f"README's row for {table} lacks columns"
    # and the command that rebuilds the bundled file starts from no file: into the one there, ingest
    # would read nothing again (every file already stored)
    assert "rm data/budgetbot.db && budgetbot ingest data/disclosures/* --db data/budgetbot.db" in readme
