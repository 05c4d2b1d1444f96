"""budgetbot check: each consistency check fires on a deliberate contradiction, naming both places and
figures, and stays silent on rounding and on the published founding document."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from bot.frontends.check_report import run_check
from knowledge.check import check_document
from knowledge.model import Document, Fact, Row, Section, Table, Term
from knowledge.read import read_document
from knowledge.store import ensure_schema, open_db, write_document

FOUNDING = Path(__file__).parent.parent / "data" / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
THREE_PUBLIC_COLUMNS = ["小计", "公务接待费", "因公出国（境）费", "公务用车购置及运行费", "其中：公务用车购置",
                        "其中：公务用车运行费"]


def three_public(total=3.93, reception=1.90, car=2.03, run=2.03, unit="万元") -> Table:
    values = {"小计": total, "公务接待费": reception, "因公出国（境）费": None, "公务用车购置及运行费": car,
              "其中：公务用车购置": None, "其中：公务用车运行费": run}
    return Table(7, "2024年一般公共预算“三公”经费支出情况表", "three_public", unit, THREE_PUBLIC_COLUMNS,
                 [Row("合计", values)])


def basic_spending(total=380.33, people=341.53, public=38.80) -> Table:
    columns = ["总计", "人员类", "公用经费"]
    return Table(6, "2024年一般公共预算基本支出情况表", "basic_spending", "万元", columns, [
        Row("合计", {"总计": total, "人员类": people, "公用经费": public}),
        Row("工资福利支出", {"总计": people, "人员类": people}, code="301"),
        Row("基本工资", {"总计": people, "人员类": people}, code="30101"),
        Row("商品和服务支出", {"总计": public, "公用经费": public}, code="302"),
        Row("办公费", {"总计": public, "公用经费": public}, code="30201"),
    ])


def spending(kuan=2850.48, item=380.33) -> Table:
    columns = ["总计", "基本支出", "项目支出"]
    return Table(3, "2024年部门支出总体情况表", "spending", "万元", columns, [
        Row("合计", {"总计": 2850.48, "基本支出": 380.33, "项目支出": 2470.15}),
        Row("一般公共服务支出", {"总计": 2850.48, "基本支出": 380.33, "项目支出": 2470.15}, code="201"),
        Row("政府办公厅（室）及相关机构事务", {"总计": kuan, "基本支出": 380.33, "项目支出": kuan - 380.33},
            code="20103"),
        Row("事业运行", {"总计": item, "基本支出": item}, code="2010350"),
        Row("其他政府办公厅（室）及相关机构事务支出", {"总计": 2470.15, "项目支出": 2470.15}, code="2010399"),
    ])


def totals(income=2850.48, outgo=2850.48) -> Table:
    return Table(1, "2024年部门收支总体情况表", "income_spending_total", "万元", ["本年预算", "本年预算"], [
        Row("收入总计", {"本年预算": income}, group="收入"),
        Row("支出总计", {"本年预算": outgo}, group="支出"),
    ])


def fact(subject: str, value: float, section: str, quote: str) -> Fact:
    return Fact(subject, "amount", value, "万元", None, section, quote)


def store(tables: list[Table], facts: list[Fact] = (), terms: list[Term] = ()) -> tuple[sqlite_utils.Database, int]:
    doc = Document("测试中心", 2024, "预算", "万元", "测试中心2024年部门预算公开", "test.txt",
                   sections=[Section("六（一）", "机关运行经费", ""), Section("六（二）", "“三公”经费预算", "")],
                   facts=list(facts), tables=tables, terms=list(terms))
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    return db, write_document(db, doc)


def comparisons(findings):
    """Every comparison reported, a finding's related ones included."""
    return [c for f in findings for c in (f, *f.related)]


def only(findings, kind):
    found = [f for f in findings if f.kind == kind]
    assert len(found) == 1, [f.message for f in findings]
    return found[0]


def test_founding_document_has_no_findings():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    doc_id = write_document(db, read_document(FOUNDING))
    assert check_document(db, doc_id) == []


def test_three_public_total_against_its_parts():
    db, doc_id = store([three_public(total=4.93)])
    finding = only(check_document(db, doc_id), "parts_sum")
    assert finding.first.where.startswith("表7") and finding.first.row == "合计" and finding.first.column == "小计"
    assert finding.first.value == 4.93 and finding.first.unit == "万元"
    assert finding.second.value == pytest.approx(3.93) and "公务接待费" in finding.second.column
    assert "4.93万元" in finding.message and "3.93万元" in finding.message


def test_car_costs_against_purchase_plus_running():
    db, doc_id = store([three_public(total=4.93, car=3.03, run=2.03)])
    finding = only(check_document(db, doc_id), "parts_sum")
    assert finding.first.column == "公务用车购置及运行费" and finding.first.value == 3.03
    assert finding.second.value == pytest.approx(2.03)


def test_narrative_three_public_against_the_table():
    quote = "2024年测试中心“三公”经费预算数为3.93万元。"
    db, doc_id = store([three_public(total=4.93, reception=2.90)], [fact("“三公”经费", 3.93, "六（二）", quote)])
    finding = only(check_document(db, doc_id), "narrative_table")
    assert finding.first.where == "说明 六（二）“三公”经费预算" and finding.first.quote == quote
    assert finding.first.value == 3.93 and finding.second.value == 4.93 and finding.second.where.startswith("表7")


def test_narrative_in_wan_matches_a_table_in_yuan_within_rounding():
    table = three_public(total=39349.0, reception=19000.0, car=20349.0, run=20349.0, unit="元")
    db, doc_id = store([table], [fact("“三公”经费", 3.93, "六（二）", "“三公”经费预算数为3.93万元。")])
    assert check_document(db, doc_id) == []


def test_narrative_in_wan_against_a_table_in_yuan_beyond_rounding():
    table = three_public(total=39500.0, reception=19000.0, car=20500.0, run=20500.0, unit="元")
    db, doc_id = store([table], [fact("“三公”经费", 3.93, "六（二）", "“三公”经费预算数为3.93万元。")])
    finding = only(check_document(db, doc_id), "narrative_table")
    assert finding.second.unit == "元" and finding.second.value == 39500.0
    assert finding.second.value_wan == pytest.approx(3.95) and "3.95万元" in finding.message


def test_rounded_parts_a_cent_off_are_not_a_contradiction():
    db, doc_id = store([three_public(total=3.94), basic_spending(total=380.34)])
    assert check_document(db, doc_id) == []


def test_basic_spending_is_personnel_plus_public():
    db, doc_id = store([basic_spending(total=390.33)])
    findings = check_document(db, doc_id)
    by_columns = [f for f in comparisons(findings) if f.second.column == "人员类 + 公用经费"]
    by_codes = [f for f in comparisons(findings) if f.second.row == "301 工资福利支出 + 302 商品和服务支出"]
    # one wrong 合计 against its columns and against its codes: one finding, two comparisons
    assert len(findings) == 1 and len(by_columns) == 1 and len(by_codes) == 1
    assert by_columns[0].first.row == "合计" and by_columns[0].first.column == "总计"
    assert by_columns[0].first.value == 390.33 and by_columns[0].second.value == pytest.approx(380.33)
    assert by_codes[0].second.column == "总计" and by_codes[0].second.value == pytest.approx(380.33)


def test_class_against_its_kuan_and_kuan_against_its_xiang():
    db, doc_id = store([spending(kuan=2840.48)])
    findings = check_document(db, doc_id)
    assert len(findings) == 1  # one wrong 款 row: against its 类 and against its 项, in 总计 and 项目支出
    found = {(f.first.row, f.first.value, round(f.second.value, 2)) for f in comparisons(findings)
             if f.first.column == "总计"}
    assert ("201 一般公共服务支出", 2850.48, 2840.48) in found
    assert ("20103 政府办公厅（室）及相关机构事务", 2840.48, 2850.48) in found


def test_a_repeated_parent_row_is_not_summed():
    table = spending(item=370.33)
    table.rows.insert(4, Row("政府办公厅（室）及相关机构事务", {"总计": 2850.48}, code="20103"))
    db, doc_id = store([table])
    assert not [f for f in check_document(db, doc_id) if f.first.row.startswith("20103")]


def test_income_total_against_spending_total():
    db, doc_id = store([totals(outgo=2860.48)])
    finding = only(check_document(db, doc_id), "income_spending")
    assert finding.first.row == "收入：收入总计" and finding.first.value == 2850.48
    assert finding.second.row == "支出：支出总计" and finding.second.value == 2860.48


def test_running_costs_against_public_funds_when_the_glossary_makes_them_one():
    term = Term("机关运行经费", "是指各部门的公用经费，包括办公及印刷费。", "七、")
    quote = "2024年测试中心机关运行经费48.80万元。"
    db, doc_id = store([basic_spending()], [fact("机关运行经费", 48.80, "六（一）", quote)], [term])
    finding = only(check_document(db, doc_id), "running_public")
    assert finding.first.value == 48.80 and finding.first.where == "说明 六（一）机关运行经费"
    assert finding.second.column == "公用经费" and finding.second.value == 38.80


def test_running_costs_are_not_compared_under_another_definition_or_when_zero():
    other = Term("机关运行经费", "为保障行政单位运行用于购买货物和服务的各项资金。", "七、")
    same = Term("机关运行经费", "是指各部门的公用经费。", "七、")
    stated = fact("机关运行经费", 48.80, "六（一）", "机关运行经费48.80万元。")
    zero = fact("机关运行经费", 0.0, "六（一）", "机关运行经费0万元，主要原因是本单位为非参公事业单位。")
    db, doc_id = store([basic_spending()], [stated], [other])
    assert check_document(db, doc_id) == []
    db, doc_id = store([basic_spending()], [zero], [same])
    assert check_document(db, doc_id) == []


def test_narrative_total_against_its_stated_parts():
    facts = [fact(s, v, "六（二）", "“三公”经费预算数为3.93万元，其中……") for s, v in
             [("“三公”经费", 3.93), ("公务接待费", 1.90), ("公务用车购置及运行费", 2.13), ("因公出国（境）费", 0.0)]]
    db, doc_id = store([], facts)
    finding = only(check_document(db, doc_id), "parts_sum")
    assert finding.first.value == 3.93 and finding.second.value == pytest.approx(4.03)
    assert finding.second.column == "因公出国（境）费 + 公务接待费 + 公务用车购置及运行费"


def test_cli_exit_codes(tmp_path, capsys):
    assert run_check(path=str(FOUNDING), db_path=None) == 0
    db = open_db(tmp_path / "kb.db")
    write_document(db, read_document(FOUNDING))
    doc = Document("测试中心", 2024, "预算", "万元", "测试中心2024年部门预算公开", "test.txt",
                   tables=[three_public(total=4.93)])
    write_document(db, doc)
    capsys.readouterr()
    assert run_check(path=None, db_path=tmp_path / "kb.db") == 1
    out = capsys.readouterr().out
    assert "4.93万元" in out and "3.93万元" in out and "未发现自相矛盾之处" in out
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    assert run_check(path=str(broken), db_path=None) == 2
    assert "broken.pdf" in capsys.readouterr().err
    assert run_check(path=None, db_path=tmp_path / "missing.db") == 2


def test_check_names_the_parts_it_could_not_read(tmp_path, capsys):
    """A part the reader left out is not silently passed as consistent: check names it, on screen and in JSON."""
    import json

    db = open_db(tmp_path / "kb.db")
    doc = Document("测试中心", 2024, "预算", "万元", "测试中心2024年部门预算公开", "test.txt",
                   tables=[three_public()], skipped=["表《2024年政府性基金预算支出情况表》(page 9): could not be read"])
    write_document(db, doc)
    capsys.readouterr()
    assert run_check(path=None, db_path=tmp_path / "kb.db") == 0
    assert "未能读入，未检查：表《2024年政府性基金预算支出情况表》" in capsys.readouterr().out
    assert run_check(path=None, db_path=tmp_path / "kb.db", as_json=True) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"][0]["skipped"] == ["表《2024年政府性基金预算支出情况表》(page 9): could not be read"]


def test_whole_yuan_figures_a_yuan_apart_are_rounding():
    columns = ["合计"]
    rows = [Row("城乡社区管理事务", {"合计": 94995790.0}, code="21201"),
            Row("行政运行", {"合计": 17887739.0}, code="2120101"),
            Row("一般行政管理事务", {"合计": 17464243.0}, code="2120102"),
            Row("城管执法", {"合计": 6522681.0}, code="2120104"),
            Row("其他城乡社区管理事务支出", {"合计": 53121126.0}, code="2120199")]
    db, doc_id = store([Table(2, "2025年部门收入预算总表", "income", "元", columns, rows)])
    assert check_document(db, doc_id) == []
    rows[1] = Row("行政运行", {"合计": 17888739.0}, code="2120101")
    db, doc_id = store([Table(2, "2025年部门收入预算总表", "income", "元", columns, rows)])
    finding = only(check_document(db, doc_id), "parts_sum")
    assert finding.first.value == 94995790.0 and finding.second.value == 94996789.0 and finding.second.unit == "元"


def test_a_total_named_inside_another_subject_is_not_the_department_total():
    quote = "无锡市统计局2026年度一般公共预算拨款安排的“三公”经费支出预算3万元，比上年预算减少11.3万元。"
    db, doc_id = store([totals()], [fact("支出预算", 3.0, "六（二）", quote)])
    assert check_document(db, doc_id) == []
    quote = "2024年本单位支出预算2860.48万元。"
    table = Table(1, "2024年部门收支总体情况表", "income_spending_total", "万元", ["本年预算"],
                  [Row("本年支出合计", {"本年预算": 2850.48}, group="支出")])
    db, doc_id = store([table], [fact("支出预算", 2860.48, "六（二）", quote)])
    finding = only(check_document(db, doc_id), "narrative_table")
    assert finding.first.value == 2860.48 and finding.second.row == "支出：本年支出合计"


@pytest.fixture(scope="module")
def real_db():
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    ids = {}
    for name in ("guangzhou_xinfangju_2026_yusuan.pdf", "shanghai-putuo_wanlijiedao_2025_yusuan.pdf"):
        ids[name.split("_")[0]] = write_document(db, read_document(FOUNDING.parent / name))
    return db, ids


def test_published_pdfs_have_no_findings(real_db):
    db, ids = real_db
    assert [f.message for doc_id in ids.values() for f in check_document(db, doc_id)] == []


def test_a_three_public_table_laid_out_by_rows_is_read(real_db):
    from knowledge.check import load_tables
    from knowledge.check_sums import three_public_grid

    db, ids = real_db
    table = next(t for t in load_tables(db, ids["guangzhou"]) if t.kind == "three_public")
    totals = [figures for is_total, figures in three_public_grid(table) if is_total]
    assert len(totals) == 1
    figures = {role: spot.value for role, (spot, _) in totals[0].items()}
    assert figures == {"total": 4.80, "trip": 0.00, "car": 2.50, "car_buy": 0.00, "car_run": 2.50, "reception": 2.30}


def test_a_final_account_compares_budget_with_budget_and_outturn_with_outturn():
    # 上海市普陀区规划和自然资源局 2024 决算, 七（一）: 年初预算 2.85, 决算 0.39 = 0 + 0 + 0.39
    quote = ("“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，其中：因公出国（境）费决算为0.00万元；"
             "公务用车购置及运行维护费支出决算为0.00万元；公务接待费支出决算为0.39万元。")
    facts = [
        Fact("“三公”经费", "budget", 2.85, "万元", None, "六（二）", quote),
        Fact("“三公”经费", "final", 0.39, "万元", None, "六（二）", quote),
        Fact("因公出国（境）费", "final", 0.0, "万元", None, "六（二）", quote),
        Fact("公务用车购置及运行费", "final", 0.0, "万元", None, "六（二）", quote),
        Fact("公务接待费", "final", 0.39, "万元", None, "六（二）", quote),
    ]
    db, doc_id = store([], facts)
    assert check_document(db, doc_id) == []
    wrong = [*facts[:4], Fact("公务接待费", "final", 0.49, "万元", None, "六（二）", quote)]
    db, doc_id = store([], wrong)
    finding = only(check_document(db, doc_id), "parts_sum")
    assert finding.first.value == 0.39 and finding.second.value == 0.49


def test_check_json_keeps_the_chinese_and_every_key_is_in_the_readme():
    import json
    import re

    from click.testing import CliRunner

    from bot.frontends.cli import main

    huzhou = Path(__file__).parent.parent / "data" / "disclosures" / "huzhou_tuiyijunren_2026_yusuan.pdf"
    result = CliRunner().invoke(main, ["check", str(huzhou), "--json"])
    assert result.exit_code == 1
    assert "湖州市退役军人事务局" in result.stdout and "\\u" not in result.stdout  # UTF-8, not \u escapes
    report = json.loads(result.stdout)
    keys: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(report)
    assert {"id", "skipped", "decimals", "related", "value_wan"} <= keys
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### budgetbot check") : readme.index("### budgetbot browse")]
    documented = set(re.findall(r"`([a-z_]+)`", section))
    assert keys - documented == set()


def test_a_narrative_finding_gives_the_page_its_sentence_stands_on(capsys):
    # 湖州市退役军人事务局: 二（二）收入预算…减少336.67万元，下降5.0% is on PDF page 5 (computed: 5.1 %)
    pdf = Path(__file__).parent.parent / "data" / "disclosures" / "huzhou_tuiyijunren_2026_yusuan.pdf"
    assert run_check(path=str(pdf), db_path=None, as_json=True) == 1
    import json

    findings = json.loads(capsys.readouterr().out)["documents"][0]["findings"]
    stated = next(f["first"] for f in findings if "下降5.0%" in f["first"]["quote"] and "336.67" in f["first"]["quote"])
    assert stated["page"] == 5
