"""`budgetbot browse`: the knowledge base in Datasette (the optional `browse` extra), with metadata
from data/knowledge_base.toml — titles, a description of every table, view and column, the units — and
the documents it was read from."""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import tomllib
from html import escape
from pathlib import Path

from knowledge import query
from knowledge.store import open_db
from knowledge.views import missing_views

from ..settings import DATA_DIR

DESCRIPTIONS = DATA_DIR / "knowledge_base.toml"
INSTALL_HINT = "Datasette is not installed; install the browse extra: pip install -e '.[browse]' (in the checkout)"


class BrowseUnavailable(Exception):
    """Datasette cannot be started: the extra is not installed, or the file is no knowledge base."""


def metadata(db_path: Path, descriptions: Path = DESCRIPTIONS) -> dict:
    """Datasette's metadata for the knowledge base: every table and view with its title, description,
    column descriptions, label column and facets; the documents it holds and their source files."""
    spec = tomllib.loads(descriptions.read_text(encoding="utf-8"))
    conn = query.open_readonly(db_path)
    try:
        documents = query.documents(conn)
        names = [name for (name,) in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' "
            "order by name")]
        tables = {name: _table(conn, name, spec) for name in names}
    finally:
        conn.close()
    source = f"{len(documents)} 份部门预算、决算公开"
    listing = "".join(f"<li>{escape(d.title)}（{escape(d.source)}）</li>" for d in documents)
    for entry in tables.values():
        entry["source"] = source
    return {
        "title": spec["title"],
        "description": spec["description"],
        "source": source,
        "databases": {
            db_path.stem: {
                "description_html": f"<p>{escape(spec['description'])}</p><p>收录的文件：</p><ul>{listing}</ul>",
                "tables": tables,
            }
        },
    }


def _table(conn: sqlite3.Connection, name: str, spec: dict) -> dict:
    own = spec["tables"].get(name, {})
    columns = [row[1] for row in conn.execute(f"pragma table_info([{name}])")]
    described = {**spec["columns"], **own.get("columns", {})}
    entry = {key: own[key] for key in ("title", "description", "label_column", "facets") if key in own}
    entry["columns"] = {c: described[c] for c in columns if c in described}
    return entry


def run(db_path: Path, *, host: str, port: int) -> None:
    """Serve the knowledge base with Datasette until interrupted."""
    try:
        from datasette.cli import cli as datasette_cli
    except ImportError:
        raise BrowseUnavailable(INSTALL_HINT) from None
    _ensure_views(db_path)
    with tempfile.TemporaryDirectory(prefix="budgetbot-browse-") as tmp:
        served = db_path
        if URI_CHARACTERS.search(db_path.name):  # Datasette opens kb#1.db by a URI it does not escape
            served = Path(tmp) / URI_CHARACTERS.sub("_", db_path.name)
            served.symlink_to(db_path.resolve())
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(served), ensure_ascii=False), encoding="utf-8")
        datasette_cli.main(
            ["serve", str(served), "--metadata", str(meta), "--host", host, "--port", str(port)],
            prog_name="datasette", standalone_mode=False,
        )


URI_CHARACTERS = re.compile(r"[#?%]")


def _ensure_views(db_path: Path) -> None:
    """A knowledge base written before the views gets them, when the file may be written."""
    conn = query.open_readonly(db_path)
    try:
        if not conn.execute("select 1 from sqlite_master where name = 'documents'").fetchone():
            raise BrowseUnavailable(f"{db_path}: not a budgetbot knowledge base (no documents table)")
        lacking = missing_views(conn)
    finally:
        conn.close()
    if lacking:
        try:
            open_db(db_path).conn.close()  # creates the views
        except sqlite3.OperationalError:
            pass  # a read-only file: browsed without the views
