"""What goes in and what does not: non-disclosures refused with their reason, no Python error in any
message, a part the reader cannot read skipped and named, re-ingest that keeps the richer reading,
text input only in the founding document's format, departments that never overwrite each other."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.frontends.cli import main
from knowledge.ingest import ingest, read_outcome
from knowledge.model import IngestError
from knowledge.store import open_db

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
PYTHON_TEXT = re.compile(r"Traceback|Error\b|Exception|\bargument \d\b|NoneType|object has no attribute")
FOUNDING = Path(__file__).parent.parent / "data" / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
SHANGHAI = [CORPUS / "上海/2026年上海市水务局_部门预算.pdf", CORPUS / "上海/2026年上海市公安局_部门预算.pdf"]


@pytest.mark.parametrize(
    "fixture, words",
    [
        ("notice_first_page.pdf", "circular (通报)"),  # 宜宾 人民政府办公室 通报
        ("performance_targets_only.pdf", "绩效目标表 published on its own"),  # 广州 生态环境局
        ("html_saved_as.pdf", "HTML page saved as .pdf"),
        ("not_disclosure.pdf", "not a 部门预算/决算 disclosure"),
        ("scanned.pdf", "no text layer"),
        ("truncated.pdf", "truncated"),
        ("password.pdf", "password"),
        ("pdftotext_dump.txt", "text dump of a PDF"),
    ],
)
def test_a_file_that_is_no_disclosure_is_refused_with_its_reason(fixture, words):
    outcome = read_outcome(str(FIXTURES / fixture))
    assert outcome.status == "refused" and outcome.document is None
    assert words in outcome.error and "\n" not in outcome.error
    assert not PYTHON_TEXT.search(outcome.error)


def test_a_pdftotext_dump_without_page_breaks_is_refused_too(tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_text((FIXTURES / "pdftotext_dump.txt").read_text(encoding="utf-8").replace("\f", "\n"))
    with pytest.raises(IngestError, match="text dump of a PDF"):
        from knowledge.read import read_document

        read_document(dump)


def test_a_table_the_reader_cannot_read_is_skipped_and_named(three_public_unreadable):
    outcome = read_outcome(str(CORPUS / "深圳/2026年深圳市审计局部门预算.pdf"))
    assert outcome.status == "in" and outcome.document.department == "深圳市审计局"
    assert not any(t.kind == "three_public" for t in outcome.document.tables)
    assert len(outcome.document.tables) >= 9  # the rest went in
    (skipped,) = outcome.skipped
    assert "三公" in skipped and "left out" in skipped and not PYTHON_TEXT.search(skipped)


def test_a_reader_failure_is_reported_in_words(monkeypatch):
    def broken(raw, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr("knowledge.read.parse_document", broken)
    outcome = read_outcome(str(CORPUS / "深圳/2026年深圳市审计局部门预算.pdf"))
    assert outcome.status == "failed" and not PYTHON_TEXT.search(outcome.error)


def test_two_units_of_one_city_template_do_not_overwrite_each_other(tmp_path):
    # both files open with 「上海市2026年市级单位预算」; each names its own 预算单位
    db = open_db(tmp_path / "kb.db")
    outcomes = ingest(db, [str(p) for p in SHANGHAI])
    assert [o.action for o in outcomes] == ["added", "added"]
    departments = sorted(r["department"] for r in db["documents"].rows)
    assert departments == ["上海市刑事科学技术研究院", "上海市海洋监测预报中心"]


def test_re_ingest_keeps_a_richer_reading_unless_replace(tmp_path, monkeypatch, request):
    path = tmp_path / "kb.db"
    source = CORPUS / "深圳/2026年深圳市审计局部门预算.pdf"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(source), "--db", str(path)]).exit_code == 0
    db = open_db(path)
    tables = db.execute("select count(*) from tables").fetchone()[0]
    # a poorer reading of the same document (its “三公” table unreadable), read in this process
    request.getfixturevalue("three_public_unreadable")
    (kept,) = ingest(db, [str(source)], limits=None, skip_stored=False)
    assert kept.action == "kept" and "richer" in kept.note and "--replace" in kept.note
    assert db.execute("select count(*) from tables").fetchone()[0] == tables
    (replaced,) = ingest(db, [str(source)], limits=None, skip_stored=False, replace_existing=True)
    assert replaced.action == "replaced"
    assert db.execute("select count(*) from tables").fetchone()[0] == tables - 1
    assert db.execute("select count(*) from skipped").fetchone()[0] == 1  # the part left out, stored
    monkeypatch.undo()
    again = runner.invoke(main, ["ingest", str(source), "--db", str(path), "--reread"])
    assert again.exit_code == 0 and "replaced" in again.output
    assert db.execute("select count(*) from tables").fetchone()[0] == tables
    assert db["documents"].count == 1
    forced = runner.invoke(main, ["ingest", str(source), "--db", str(path), "--reread", "--replace"])
    assert forced.exit_code == 0 and db["documents"].count == 1


def test_a_knowledge_base_of_the_first_schema_is_upgraded(tmp_path, founding_db):
    path = tmp_path / "old.db"
    shutil.copy(founding_db, path)
    db = open_db(path)
    db["skipped"].drop()
    db.execute("alter table documents drop column profile")
    db = open_db(path)  # opening adds what the new schema has
    assert "skipped" in db.table_names() and "profile" in db["documents"].columns_dict


def test_a_knowledge_base_without_the_index_of_rows_by_table_gains_it(tmp_path, founding_db):
    # without it, browse's document_tables view counts every row per table: seconds on 92 documents
    path = tmp_path / "old.db"
    shutil.copy(founding_db, path)
    open_db(path).execute("drop index idx_rows_table_id")
    plan = open_db(path).execute("explain query plan select count(*) from rows where table_id = 1").fetchall()
    assert "idx_rows_table_id" in " ".join(str(step) for step in plan)


def test_a_document_goes_in_whole_or_not_at_all(tmp_path, monkeypatch):
    from knowledge import store
    from knowledge.read import read_document

    db = open_db(tmp_path / "kb.db")
    doc = read_document(CORPUS / "深圳/2026年深圳市审计局部门预算.pdf")
    written = []

    def half(db_, doc_id, table):
        if written:
            raise OSError("disk full")
        written.append(table)
        real_write_table(db_, doc_id, table)

    real_write_table = store._write_table
    monkeypatch.setattr(store, "_write_table", half)
    with pytest.raises(OSError):
        store.write_document(db, doc)
    assert [db[name].count for name in ("documents", "tables", "rows", "facts")] == [0, 0, 0, 0]


def test_two_ingests_at_once_compare_with_what_the_other_stored(tmp_path):
    """The not-poorer rule is decided inside the write transaction: an ingest that started while another
    was storing a richer reading of the same document compares with that reading, and keeps it."""
    import threading
    import time
    from dataclasses import replace

    from knowledge import store
    from knowledge.read import read_document

    path = tmp_path / "kb.db"
    richer = read_document(FOUNDING)
    poorer = replace(richer, tables=richer.tables[:-1], source="poorer.txt")
    first = open_db(path)
    ready, go, outcome = threading.Event(), threading.Event(), {}

    def second_ingest() -> None:
        db = open_db(path)
        ready.set()
        go.wait(30)
        outcome["action"], outcome["note"] = store.store_document(db, poorer)

    later = threading.Thread(target=second_ingest)
    later.start()
    assert ready.wait(30)
    with store.transaction(first):  # the first ingest is storing its reading (its document and tables) ...
        go.set()  # ... when the second one starts, with a poorer reading
        time.sleep(0.5)
        doc_id = first["documents"].insert({"department": richer.department, "year": richer.year,
                                            "kind": richer.kind, "title": richer.title, "source": "richer.txt"}).last_pk
        first["tables"].insert_all({"document_id": doc_id, "number": table.number, "title": table.title}
                                   for table in richer.tables)
    later.join(60)
    assert outcome["action"] == "kept" and "richer" in outcome["note"]
    assert [row["source"] for row in first["documents"].rows] == ["richer.txt"]
    assert first.execute("select count(*) from tables").fetchone()[0] == len(richer.tables)


def test_a_poorer_reading_kept_out_is_not_reported_as_ingested(tmp_path):
    # the founding document without its 项目支出绩效目标表: fewer tables than the stored reading
    text = FOUNDING.read_text(encoding="utf-8")
    poorer = tmp_path / "poorer.txt"
    poorer.write_text(text[: text.index("2024年项目支出绩效目标表")], encoding="utf-8")
    db = tmp_path / "kb.db"
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(FOUNDING), "--db", str(db)]).exit_code == 0
    result = runner.invoke(main, ["ingest", str(poorer), str(FOUNDING), "--db", str(db), "--reread"])
    assert result.exit_code == 0, result.output
    assert "not stored: the stored reading is richer" in result.stdout
    assert "1 of 2 files ingested, 1 not stored" in result.stdout


def test_a_knowledge_base_whose_sections_have_no_page_still_answers_and_gains_the_column(tmp_path, founding_db):
    from knowledge import query

    path = tmp_path / "old.db"
    shutil.copy(founding_db, path)
    open_db(path).execute("alter table sections drop column page")
    assert query.sections(query.open_readonly(path), 1)[0].page is None  # read as it is, read-only
    assert "page" in open_db(path)["sections"].columns_dict  # opened for writing: brought up to date
