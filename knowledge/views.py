"""SQL views that read the knowledge base naturally, in sqlite-utils or Datasette: a document's tables,
their rows with their figures, every figure with its place, and the narrative's facts with their
sections and sentences. They are part of the schema: `knowledge.store` creates them."""

from __future__ import annotations

from typing import Any

VIEWS = {
    # one line per standard table of a document, with its source document
    "document_tables": """
        select d.id as document_id, d.department, d.year, d.kind, d.title as document, d.source,
               t.id as table_id, t.number as table_number, t.title as table_title, t.kind as table_kind, t.unit,
               t.page, t.empty,
               (select count(*) from rows r where r.table_id = t.id) as row_count,
               (select count(*) from cells c join rows r on r.id = c.row_id where r.table_id = t.id) as figure_count
        from tables t join documents d on d.id = t.document_id
        order by d.id, t.number""",
    # one line per table row, its figures as a JSON object {column: figure as printed}
    "document_rows": """
        select d.id as document_id, d.department, d.year, d.kind, d.title as document, d.source,
               t.number as table_number, t.title as table_title, t.unit, t.page, r.seq as row_seq, r.code,
               r.name as row_name, r.grp, r.unit_name,
               (select json_group_object(c.[column], c.value) from cells c where c.row_id = r.id) as figures,
               r.texts, r.id as row_id
        from rows r join tables t on t.id = r.table_id join documents d on d.id = r.document_id
        order by d.id, t.number, r.seq""",
    # one line per figure of a table, with everything that says where it stands
    "table_figures": """
        select d.id as document_id, d.department, d.year, d.kind, d.title as document, d.source,
               t.number as table_number, t.title as table_title, t.page, r.seq as row_seq, r.code,
               r.name as row_name, r.grp, r.unit_name, c.[column], c.value, t.unit, c.value_wan, r.id as row_id
        from cells c join rows r on r.id = c.row_id join tables t on t.id = r.table_id
             join documents d on d.id = c.document_id
        order by d.id, t.number, r.seq, c.rowid""",
    # one line per narrative fact, with its section's heading and the sentence it stands in
    "fact_sources": """
        select d.id as document_id, d.department, d.year, d.kind, d.title as document, d.source,
               f.section,
               (select s.heading from sections s where s.document_id = f.document_id and s.number = f.section
                order by s.seq limit 1) as section_heading,
               f.subject, f.measure, f.value, f.unit, f.value_wan, f.text, f.unit_name, f.quote, f.id as fact_id
        from facts f join documents d on d.id = f.document_id
        order by d.id, f.id""",
}


def missing_views(conn: Any) -> list[str]:
    """The views of `VIEWS` a knowledge base lacks (one written before they existed)."""
    present = {name for (name,) in conn.execute("select name from sqlite_master where type = 'view'")}
    return [name for name in VIEWS if name not in present]


def create_views(conn: Any) -> None:
    """Create the views a knowledge base lacks."""
    for name in missing_views(conn):
        conn.execute(f"create view [{name}] as {VIEWS[name]}")
