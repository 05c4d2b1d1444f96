"""A knowledge base of many documents: the same questions get the same answers among a thousand
documents as among the bundled fifteen, a place and a short name find one department among hundreds,
the index of names is kept at ingest and checked at start, and a batch ingested again reads only
what is missing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synthetic import build_many
from bot.core.engine import Engine
from bot.core.naming import NAMING, department_lookup, departments_current, refresh_index
from bot.frontends.cli import main
from bot.settings import BUNDLED_DB, DATA_DIR
from knowledge import query
from nlu.departments import DepartmentList

FOUNDING = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
# asked of the bundled departments: the departments and subjects they name are the same among a thousand
SAME = [
    "三公经费是多少", "三工经费", "招待费预算", "住房公基金", "政府菜购预算", "机关运行经费比上年增加多少",
    "为什么预算增加了", "基本支出里哪项最多", "30101是什么", "什么是机关运行经费", "讲个笑话",
    "长沙市信访局三公经费是多少", "长沙信访局会议费", "广州信访局三公经费", "广州市信访局机关运行经费",
    "深圳信访局一年花多少钱", "苏州审计局提租补贴多少", "苏州市审计局三公经费", "普陀司法局三公经费",
    "上海市普陀区财政局招待费预算", "普陀规划资源局政府采购预算", "万里街道三公经费", "长沙公安三公经费",
    "长沙市公安局公车有几辆", "杭州司法局三公经费", "湖州市退役军人事务局会议费", "无锡统计局机关运行经费",
    "福州商务局政府性基金预算", "职教基地三公经费", "热线中心一年花多少钱", "长沙市信仿局三公经费",
    "北京市财政局三公经费", "南京市信访局三公经费",
]
NOT_HELD = "unknown_department"  # the reply lists what the knowledge base holds: a thousand say more


@pytest.fixture(scope="module")
def thousand(tmp_path_factory) -> Path:
    """The bundled knowledge base and 985 more documents: departments of a hundred cities."""
    path = tmp_path_factory.mktemp("scale") / "thousand.db"
    build_many(BUNDLED_DB, path, 1000, naming=NAMING)
    return path


@pytest.fixture(scope="module")
def thousand_engine(thousand) -> Engine:
    return Engine(thousand)


def test_the_copier_makes_a_thousand_distinct_documents(thousand):
    db = query.open_readonly(thousand)
    assert query.document_count(db) == 1000
    assert db.execute("select count(distinct department) from documents").fetchone()[0] > 400
    assert {year for (year,) in db.execute("select distinct year from documents")} >= {2023, 2024, 2025, 2026}
    assert {kind for (kind,) in db.execute("select distinct kind from documents")} == {"预算", "决算"}


@pytest.mark.parametrize("question", SAME)
def test_a_thousand_documents_answer_as_the_bundled_fifteen(bundled_engine, thousand_engine, question):
    alone, among = bundled_engine.parse(question), thousand_engine.parse(question)
    assert (among.intent, among.department, among.subjects, among.unknown) == (
        alone.intent, alone.department, alone.subjects, alone.unknown)
    if alone.intent != NOT_HELD:
        assert thousand_engine.answer(question).answer == bundled_engine.answer(question).answer


@pytest.mark.parametrize("question, department", [
    ("广州科技局三公经费", "广州市科学技术局"),
    ("西安审计三公经费", "西安市审计局"),
    ("西安审计局会议费", "西安市审计局"),
    ("成都武侯财政局三公经费", "成都市武侯区财政局"),
])
def test_a_place_and_a_short_name_find_one_department_among_hundreds(thousand_engine, question, department):
    assert thousand_engine.parse(question).department == department
    assert thousand_engine.answer(question).answer.startswith(department)


def test_a_name_that_fits_several_still_asks_which(bundled_engine, thousand_engine):
    alone, among = bundled_engine.parse("信访局三公经费"), thousand_engine.parse("信访局三公经费")
    assert alone.intent == among.intent == "choose_department"
    assert set(alone.choices) < set(among.choices)
    audit = thousand_engine.parse("审计局三公经费")
    assert audit.intent == "choose_department" and {"苏州市审计局", "西安市审计局"} <= set(audit.choices)


def test_a_name_that_fits_dozens_offers_ten_of_them(thousand_engine):
    reply = thousand_engine.answer("公安局三公经费")
    count = len(thousand_engine.parse("公安局三公经费").choices)
    assert count > 10 and f"等{count}个部门" in reply.answer and len(reply.suggestions) == 10


def test_the_departments_are_looked_up_in_the_index_not_loaded(thousand):
    db = query.open_readonly(thousand)
    assert isinstance(department_lookup(db), query.DepartmentIndex)
    assert Engine(thousand).library._documents is None  # the list of all documents is not read at start


def test_a_knowledge_base_without_the_index_answers_the_same(bundled_engine, tmp_path):
    bare = tmp_path / "bare.db"
    shutil.copy(BUNDLED_DB, bare)
    with sqlite3.connect(bare) as db:
        for table in ("subject_names", "departments", "department_aliases", "department_places"):
            db.execute(f"drop table {table}")
    engine = Engine(bare)
    assert isinstance(engine.matcher.department_lookup, DepartmentList)
    for question in SAME[::3]:
        assert engine.answer(question).answer == bundled_engine.answer(question).answer


def test_an_index_out_of_step_with_the_rules_is_noticed_and_rewritten(tmp_path):
    stale = tmp_path / "stale.db"
    shutil.copy(BUNDLED_DB, stale)
    with sqlite3.connect(stale) as db:
        db.execute("update departments set aliases = '信访' where name = '长沙市信访局'")
        db.execute("update subject_names set key = '三公' where name = '“三公”经费'")
    assert not departments_current(query.open_readonly(stale))
    assert "长沙市信访局" in Engine(stale).answer("长沙信访局三公经费").answer
    with sqlite3.connect(stale) as db:
        assert refresh_index(db)
        assert not refresh_index(db)
    assert departments_current(query.open_readonly(stale))


def test_a_batch_ingested_again_reads_only_what_is_missing(tmp_path):
    other = tmp_path / "zhuzhou_12345rexian_2024_yusuan.txt"
    other.write_text(FOUNDING.read_text(encoding="utf-8").replace("长沙市", "株洲市"), encoding="utf-8")
    db = tmp_path / "kb.db"
    first = CliRunner().invoke(main, ["ingest", str(FOUNDING), "--db", str(db)])  # then interrupted
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(main, ["ingest", str(FOUNDING), str(other), "--db", str(db), "--jobs", "2"])
    assert again.exit_code == 0, again.output
    assert "already stored" in again.output and "株洲市12345政务热线中心 2024 预算:" in again.output
    assert "1 of 2 files ingested, 1 already stored" in " ".join(again.output.split())
    reread = CliRunner().invoke(main, ["ingest", str(other), "--db", str(db), "--workers", "1", "--reread"])
    assert reread.exit_code == 0 and "already stored" not in reread.output
    engine = Engine(db)
    assert [d.department for d in engine.documents] == ["株洲市12345政务热线中心", "长沙市12345政务热线中心"]
    assert engine.answer("株洲市12345政务热线中心三公经费").answer.startswith("株洲市12345政务热线中心")


def test_the_index_answers_as_the_departments_held_in_memory(thousand):
    db = query.open_readonly(thousand)
    stored = query.DepartmentIndex(db)
    held = DepartmentList(NAMING.department(d) for (d,) in db.execute("select distinct department from documents"))
    words = ["信访局", "西安审计", "广州市科学技术局", "热线中心", "长沙信访局", "审计", "上海市普陀"]
    assert stored.aliases(words) == held.aliases(words) == {"信访局", "西安审计", "广州市科学技术局", "热线中心",
                                                            "长沙信访局"}
    assert all(stored.named(w) == held.named(w) for w in words)
    assert stored.longest_alias == held.longest_alias and list(stored.names()) == list(held.names())
    for text in ("广州科技局", "职教基地", "西安审", "a*b"):
        assert stored.in_order(text) == held.in_order(text)
    for part in ("广州", "普陀", "审计", "北京"):
        assert stored.containing(part) == held.containing(part)
    assert set(stored.own_parts()) == set(held.own_parts())
    assert stored.with_own_parts(["信访局", "审计局"]) == held.with_own_parts(["信访局", "审计局"])
    prefixes = ["长沙", "长沙市", "上海市普陀", "上海市普陀区", "普陀", "西安"]
    assert stored.places(prefixes) == held.places(prefixes)
    assert stored.own_part("上海市普陀区司法局") == held.own_part("上海市普陀区司法局") == "司法局"


@pytest.mark.parametrize("question, answer", [
    ("广州三公经费是多少", "广州市信访局2026年“三公”经费预算4.80万元"),  # a place: its one department
    ("长沙职教办三公经费", "长沙职业教育基地综合协调办公室2026年“三公”经费预算0.50万元"),  # a place, a shortening
    ("北京市气象台三公经费", "知识库收录了15个部门的预算公开"),  # not held: how many are, counted
])
def test_a_question_naming_a_place_lists_no_department_nor_document(monkeypatch, question, answer):
    """Among 10,000 documents a list of every department (or document) per question is what makes a
    province slow: the knowledge base is asked for those of the place, and counts what it holds."""
    engine = Engine(BUNDLED_DB)
    assert isinstance(engine.matcher.department_lookup, query.DepartmentIndex)

    def every(*args):
        raise AssertionError("a list of every department or document was read to answer one question")

    monkeypatch.setattr(query.DepartmentIndex, "names", every)
    monkeypatch.setattr(query, "documents", every)
    assert answer in engine.answer(question).answer


def test_a_citys_shortened_bureau_is_the_citys_not_a_districts(tmp_path):
    # among 广州市科学技术局 and its districts' 科学技术局 (as in 10,000 documents): 广州科技局 is the city's
    from knowledge.model import Document, Fact, Section
    from knowledge.store import open_db, write_document

    said = "2026年“三公”经费预算数为8.00万元。"
    for n, name in enumerate(["广州市科学技术局", "广州市天河区科学技术局", "广州市越秀区科学技术局",
                              "广州市天河区住房和城乡建设局", "广州市越秀区住房和城乡建设局"]):
        write_document(open_db(tmp_path / "kb.db"), Document(
            name, 2026, "预算", "万元", f"{name}2026年部门预算公开", f"{n}.txt",
            sections=[Section("一", "三公经费", said)],
            facts=[Fact("“三公”经费", "amount", 8.0, "万元", None, "一", said)]))
    engine = Engine(tmp_path / "kb.db")
    assert engine.parse("广州科技局三公经费").department == "广州市科学技术局"
    assert engine.parse("天河区科技局三公经费").department == "广州市天河区科学技术局"
    # no city bureau among the districts' ones: which is meant, never "not held"
    districts = {"广州市天河区住房和城乡建设局", "广州市越秀区住房和城乡建设局"}
    assert set(engine.parse("广州住建局三公经费").choices) == districts


def test_a_plain_question_loads_no_pinyin_table():
    # the sound table (pypinyin, about 0.25 s to load) is for slips and places typed by sound only:
    # a cold `budgetbot ask 三公经费是多少` must not pay for it
    import subprocess
    import sys

    code = ("import sys; from bot.core.engine import Engine; from bot.settings import BUNDLED_DB; "
            "Engine(BUNDLED_DB).answer('三公经费是多少'); print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"
