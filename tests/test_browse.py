"""budgetbot browse: the knowledge base in Datasette on a loopback port, read back as JSON; metadata
describing every table, view and column; views that read naturally; a clear message without the extra.
Figures are those printed in data/disclosures/changsha_12345rexian_2024_yusuan.txt."""

from __future__ import annotations

import json
import shutil
import sys

import httpx
import pytest
from click.testing import CliRunner
from web_server import free_port, running

from bot.frontends.browse import metadata
from bot.frontends.cli import main
from bot.settings import BUNDLED_DB
from knowledge import query
from knowledge.views import VIEWS, missing_views

FOUNDING_TITLE = "长沙市12345政务热线中心2024年部门预算公开"


def test_the_bundled_knowledge_base_has_the_views():
    assert missing_views(query.open_readonly(BUNDLED_DB)) == []


def test_metadata_describes_every_table_view_and_column():
    meta = metadata(BUNDLED_DB)
    tables = meta["databases"]["budgetbot"]["tables"]
    db = query.open_readonly(BUNDLED_DB)
    names = [n for (n,) in db.execute("select name from sqlite_master where type in ('table', 'view')")]
    assert set(names) == set(tables) and set(VIEWS) <= set(tables)
    for name in names:
        columns = [row[1] for row in db.execute(f"pragma table_info([{name}])")]
        assert tables[name]["title"] and tables[name]["description"], name
        assert set(tables[name]["columns"]) == set(columns), name
        assert all(tables[name]["columns"].values()), name
    assert "万元" in tables["cells"]["columns"]["value_wan"] and "元" in tables["tables"]["columns"]["unit"]
    assert "changsha_12345rexian_2024_yusuan.txt" in meta["databases"]["budgetbot"]["description_html"]


def test_the_views_read_naturally(founding_db):
    db = query.open_readonly(founding_db)
    table = db.execute("select document, source, table_title, unit, row_count from document_tables "
                       "where table_number = 7").fetchone()
    assert table == (FOUNDING_TITLE, "changsha_12345rexian_2024_yusuan.txt", "2024年一般公共预算“三公”经费支出情况表",
                     "万元", 2)
    figures = db.execute("select figures from document_rows where table_number = 6 and code = '30201'").fetchone()
    assert json.loads(figures[0]) == {"总计": 9.06, "公用经费": 9.06}  # 30201 办公费 9.06 9.06
    fact = db.execute("select section, section_heading, value, unit, quote from fact_sources "
                      "where subject = '机关运行经费' and measure = 'amount'").fetchone()
    assert fact[:4] == ("六（一）", "机关运行经费", 38.80, "万元") and "38.80万元" in fact[4]


def test_browse_serves_the_knowledge_base_as_json_on_loopback(tmp_path):
    port = free_port()
    cmd = [sys.executable, "-m", "bot", "browse", "--db", str(BUNDLED_DB), "--port", str(port)]
    with running(cmd, f"http://127.0.0.1:{port}/-/versions.json", tmp_path / "browse.log") as url:
        rows = httpx.get(url + "/budgetbot/table_figures.json", params={
            "_shape": "array", "document": FOUNDING_TITLE, "table_number": 7, "row_name": "合计"}).json()
        by_column = {r["column"]: r["value"] for r in rows}
        assert by_column["三公经费预（决）算数（财政拨款）小计"] == 3.93 and by_column["公务接待费"] == 1.90
        assert {r["source"] for r in rows} == {"changsha_12345rexian_2024_yusuan.txt"}
        documents = httpx.get(url + "/budgetbot/documents.json", params={"_shape": "array"}).json()
        assert len(documents) == 15 and FOUNDING_TITLE in {d["title"] for d in documents}
        served = httpx.get(url + "/-/metadata.json").json()
        assert served["databases"]["budgetbot"]["tables"]["fact_sources"]["title"] == "说明中的数字及其出处"


def test_browse_serves_a_knowledge_base_whose_name_holds_uri_characters(tmp_path):
    # Datasette opens its file by a URI: kb#1.db (a name every other command takes) must work too
    db = tmp_path / "kb#1.db"
    shutil.copyfile(BUNDLED_DB, db)
    port = free_port()
    cmd = [sys.executable, "-m", "bot", "browse", "--db", str(db), "--port", str(port)]
    with running(cmd, f"http://127.0.0.1:{port}/-/versions.json", tmp_path / "browse.log") as url:
        documents = httpx.get(url + "/kb_1/documents.json", params={"_shape": "array"}).json()
        assert FOUNDING_TITLE in {d["title"] for d in documents}


def test_without_the_extra_browse_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)
    monkeypatch.setitem(sys.modules, "datasette.cli", None)
    result = CliRunner().invoke(main, ["browse", "--db", str(BUNDLED_DB)])
    assert result.exit_code == 1
    assert "pip install -e '.[browse]'" in result.output


@pytest.mark.parametrize("name", ["missing.db"])
def test_browse_without_a_knowledge_base_is_one_line(tmp_path, name):
    result = CliRunner().invoke(main, ["browse", "--db", str(tmp_path / name)])
    assert result.exit_code == 1 and "no knowledge base there" in result.output
