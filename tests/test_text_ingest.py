"""The founding document (text format) in the knowledge base: every figure as a person reads it there."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.frontends.cli import main
from knowledge import query
from knowledge.store import open_db
from tests.conftest import FOUNDING


@pytest.fixture(scope="module")
def doc(founding_db):
    db = open_db(founding_db, readonly=True)
    (info,) = query.documents(db)
    return db, info, query.load_document(db, info.id)


def fact(data, subject, measure="amount"):
    found = [f for f in data.facts if f.subject == subject and f.measure == measure]
    assert found, f"no {measure} fact for {subject}"
    return found[0]


def rows_of(data, kind):
    return [r for r in data.rows if r.table_kind == kind]


def test_document_identity(doc):
    _, info, _ = doc
    assert info.department == "长沙市12345政务热线中心"
    assert info.parent == "长沙市行政审批服务局"
    assert (info.year, info.kind) == (2024, "预算")


def test_income_and_spending_totals_with_change_and_reason(doc):
    _, _, data = doc
    assert fact(data, "收入预算").value == 2850.48
    assert fact(data, "支出预算").value == 2850.48
    assert fact(data, "一般公共预算拨款").value == 2850.48
    assert fact(data, "收入预算", "change").value == 582.35
    # the page break cut "上升" from "25.68%": the paragraph is joined again
    assert fact(data, "收入预算", "change_pct").value == 25.68
    assert "四期服务外包" in fact(data, "收入预算", "reason").text


def test_basic_and_project_spending_with_their_purpose(doc):
    _, _, data = doc
    assert fact(data, "基本支出").value == 380.33
    assert fact(data, "项目支出").value == 2470.15
    assert "服务外包" in fact(data, "项目支出", "use").text
    assert "正常运转" in fact(data, "基本支出", "purpose").text


def test_running_costs_change_and_reason(doc):
    _, _, data = doc
    assert fact(data, "机关运行经费").value == 38.80
    assert fact(data, "机关运行经费", "change").value == 3.90
    assert fact(data, "机关运行经费", "change_pct").value == 11.17
    assert "新进3名在职人员" in fact(data, "机关运行经费", "reason").text


def test_three_public_costs_and_parts(doc):
    _, _, data = doc
    assert fact(data, "“三公”经费").value == 3.93
    assert fact(data, "公务接待费").value == 1.90
    assert fact(data, "公务用车购置及运行费").value == 2.03
    assert fact(data, "公务用车购置费").value == 0.0
    assert fact(data, "公务用车运行费").value == 2.03
    assert fact(data, "因公出国（境）费").value == 0.0
    assert fact(data, "“三公”经费", "change").value == -0.21
    assert fact(data, "“三公”经费", "change").text == "2023年"
    assert "八项规定" in fact(data, "“三公”经费", "reason").text


def test_meetings_training_and_festivities(doc):
    _, _, data = doc
    assert fact(data, "会议费").value == 0.0
    assert fact(data, "培训费").value == 2.85
    assert fact(data, "培训费", "people").value == 300
    assert "未举办" in fact(data, "节庆、晚会、论坛、赛事活动", "none").text


def test_procurement_total_and_parts(doc):
    _, _, data = doc
    assert fact(data, "政府采购").value == 2419.85
    assert fact(data, "货物类采购").value == 6.2
    assert fact(data, "工程类采购").value == 0.0
    assert fact(data, "服务类采购").value == 2413.65


def test_vehicles_equipment_and_performance_amount(doc):
    _, _, data = doc
    assert fact(data, "公务用车", "count").value == 1
    assert fact(data, "其他用车", "count").value == 1
    assert fact(data, "执法执勤用车", "count").value == 0
    assert fact(data, "公务用车", "new_count").value == 0
    assert fact(data, "单位价值50万元以上设备", "count").value == 0
    assert fact(data, "单位价值100万元以上设备", "count").value == 0
    assert fact(data, "绩效目标管理金额").value == 2850.48


# 表6 2024年一般公共预算基本支出情况表, read row by row: code, name, 总计, 人员类, 公用经费
BASIC_TABLE = [
    (None, "合计", 380.33, 341.53, 38.80),
    ("301", "工资福利支出", 336.93, 336.93, None),
    ("30101", "基本工资", 40.50, 40.50, None),
    ("30102", "津贴补贴", 4.32, 4.32, None),
    ("30103", "奖金", 97.20, 97.20, None),
    ("30107", "绩效工资", 41.69, 41.69, None),
    ("30108", "机关事业单位基本养老保险缴费", 23.52, 23.52, None),
    ("30109", "职业年金缴费", 11.76, 11.76, None),
    ("30110", "职工基本医疗保险缴费", 7.15, 7.15, None),
    ("30111", "公务员医疗补助缴费", 16.36, 16.36, None),
    ("30112", "其他社会保障缴费", 2.57, 2.57, None),
    ("30113", "住房公积金", 29.40, 29.40, None),
    ("30199", "其他工资福利支出", 62.46, 62.46, None),
    ("302", "商品和服务支出", 38.80, None, 38.80),
    ("30201", "办公费", 9.06, None, 9.06),
    ("30202", "印刷费", 1.00, None, 1.00),
    ("30217", "公务接待费", 0.90, None, 0.90),
    ("30227", "委托业务费", 2.00, None, 2.00),
    ("30228", "工会经费", 1.36, None, 1.36),
    ("30229", "福利费", 0.24, None, 0.24),
    ("30231", "公务用车运行维护费", 0.24, None, 0.24),
    ("30239", "其他交通费用", 2.00, None, 2.00),
    ("30299", "其他商品和服务支出", 22.00, None, 22.00),
    ("303", "对个人和家庭的补助", 4.60, 4.60, None),
    ("30399", "其他对个人和家庭的补助", 4.60, 4.60, None),
]


def test_basic_spending_table_every_row_across_the_page_break(doc):
    _, _, data = doc
    rows = rows_of(data, "basic_spending")
    read = [(r.code, r.name, r.values.get("总计"), r.values.get("人员类"), r.values.get("公用经费")) for r in rows]
    assert read == BASIC_TABLE
    assert {r.table_number for r in rows} == {6}  # the continued page is the same table


def test_functional_codes_are_class_section_item(doc):
    _, _, data = doc
    rows = {r.code: r for r in rows_of(data, "general_budget")}
    assert rows["201"].name == "一般公共服务支出"
    assert rows["20103"].name == "政府办公厅（室）及相关机构事务"
    assert rows["2010350"].values == {"总计": 380.33, "基本支出": 380.33}  # 项目支出 empty: not stated
    assert rows["2010399"].values == {"总计": 2470.15, "项目支出": 2470.15}


def test_ten_tables_with_the_fund_table_empty(doc):
    _, _, data = doc
    assert len(data.tables) == 10
    fund = [t for t in data.tables if t.kind == "gov_fund"]
    assert fund[0].empty and fund[0].row_count == 0
    three = [r for r in rows_of(data, "three_public") if r.name == "合计"][0]
    assert three.values["公务接待费"] == 1.90 and "因公出国（境）费" not in three.values


def test_performance_indicators(doc):
    _, _, data = doc
    by_name = {i.name: i for i in data.indicators}
    assert by_name["座席配置"].target == 200 and "话务座席180个" in by_name["座席配置"].content
    assert by_name["按时办结率"].value == "98%" and by_name["按时办结率"].kind == "≥"
    assert by_name["满意度"].target == 90 and by_name["满意度"].level1 == "满意度指标"
    assert by_name["回访满意度"].target == 90  # the department-wide table
    assert "政务服务便民热线" in by_name["座席配置"].goal


def test_glossary_and_functions(doc):
    _, _, data = doc
    terms = {t.term: t.definition for t in data.terms}
    assert set(terms) == {"机关运行经费", "“三公”经费"}
    assert terms["机关运行经费"].startswith("是指各部门的公用经费")
    assert "公务接待费" in terms["“三公”经费"]
    sections = {s.heading: s.text for s in data.sections}
    assert "业务转办和运行维护" in sections["职能职责"]
    assert "所属正科级公益一类事业单位" in sections["机构设置"]
    assert "上升25.68%" in sections["收入预算"]


def test_ingesting_again_replaces_the_document(tmp_path):
    path = tmp_path / "kb.db"
    runner = CliRunner()
    for again in ([], ["--reread"]):  # the same file is not read again unless asked to
        result = runner.invoke(main, ["ingest", str(FOUNDING), "--db", str(path), *again])
        assert result.exit_code == 0, result.output
    assert "长沙市12345政务热线中心 2024 预算: 10 tables" in result.output
    db = open_db(path)
    assert db["documents"].count == 1
    sql = "select count(*) from facts where subject = '“三公”经费' and measure = 'amount'"
    assert db.execute(sql).fetchone()[0] == 1


def snapshot(path):
    db = open_db(path)
    return {name: list(db[name].rows) for name in db.table_names()}


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        ("天气预报：明天晴，气温二十度。".encode(), "no year"),
        ("长沙市信访局2026年部门预算公开".encode("gbk"), "GBK"),
    ],
)
def test_bad_files_are_refused_and_the_knowledge_base_is_unchanged(tmp_path, content, reason):
    path = tmp_path / "kb.db"
    runner = CliRunner()
    runner.invoke(main, ["ingest", str(FOUNDING), "--db", str(path)])
    before = snapshot(path)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = runner.invoke(main, ["ingest", str(bad), "--db", str(path)])
    assert result.exit_code == 1
    assert str(bad) in result.output and reason in result.output
    assert snapshot(path) == before


def test_a_missing_file_is_named_and_the_rest_of_the_batch_goes_in(tmp_path):
    path = tmp_path / "kb.db"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nope.pdf"), str(FOUNDING), "--db", str(path)])
    assert result.exit_code == 1
    assert "nope.pdf: no such file" in result.output
    assert "1 of 2 files ingested" in result.output  # the batch's summary table
    assert open_db(path)["documents"].count == 1


def test_show_lists_documents_and_prints_a_table(founding_db):
    runner = CliRunner()
    listing = runner.invoke(main, ["show", "--db", str(founding_db)], terminal_width=200)
    assert "2024年一般公共预算“三公”经费支出情况表" in listing.output and "空表" in listing.output
    table = runner.invoke(main, ["show", "6", "--db", str(founding_db)], terminal_width=200)
    assert "30103" in table.output and "97.20" in table.output and "单位：万元" in table.output


def test_schema_is_plain_readable_tables(founding_db):
    db = open_db(founding_db)
    assert {"documents", "sections", "facts", "tables", "rows", "cells", "indicators", "terms"} <= set(
        db.table_names()
    )
    columns = json.loads(db.execute("select columns from tables where number = 6").fetchone()[0])
    assert columns[-3:] == ["总计", "人员类", "公用经费"]
