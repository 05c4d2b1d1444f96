"""budgetbot check on copies of the founding document with one error planted in each — a wrong total, a
wrong part, a wrong percentage — and on the published 湖州 PDF: each error is found once, with both places
named and the narrative sentence quoted once; percentages are recomputed from the figures their sentence
states, with rounding tolerated; --json for tooling; exit codes 0, 1, 2. Figures are read in
data/disclosures/changsha_12345rexian_2024_yusuan.txt and huzhou_tuiyijunren_2026_yusuan.pdf."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from bot.frontends.check_report import run_check
from bot.frontends.cli import main
from bot.settings import BUNDLED_DB, DATA_DIR
from knowledge import query
from knowledge.check import check_document
from knowledge.model import Document, Row, Table
from knowledge.store import ensure_schema, write_document

FOUNDING = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
HUZHOU = DATA_DIR / "disclosures" / "huzhou_tuiyijunren_2026_yusuan.pdf"
# 六（一）: 2024 年长沙市 12345 政务热线中心机关运行经费 38.80 万元，比上年预算增加 3.90 万元，上升 11.17%。
RUNNING = "2024年长沙市12345政务热线中心机关运行经费38.80万元，比上年预算增加3.90万元，上升{}%。"
THREE_PUBLIC = "2024年长沙市12345政务热线中心“三公”经费预算数为3.93万元"


def planted(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = FOUNDING.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / f"{name}.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def checked(path: Path, capsys) -> tuple[int, dict, str]:
    """The exit code, the --json report and the terminal report of `budgetbot check PATH`."""
    code = run_check(path=str(path), db_path=None, as_json=True)
    report = json.loads(capsys.readouterr().out)
    assert run_check(path=str(path), db_path=None) == code
    return code, report, capsys.readouterr().out


def flat(text: str) -> str:
    """The terminal report without its wrapping and indents."""
    return "".join(text.split())


def spots(finding: dict) -> list[dict]:
    return [finding["first"], finding["second"], *(s for r in finding["related"] for s in (r["first"], r["second"]))]


def test_the_published_founding_document_has_no_findings(capsys):
    code, report, text = checked(FOUNDING, capsys)
    assert code == 0 and report["findings"] == 0 and "未发现自相矛盾" in text


def test_a_wrong_total_is_found_once_against_its_parts_and_the_narrative(tmp_path, capsys):
    # 表7 合计: 小计 3.93 = 公务接待费 1.90 + 公务用车购置及运行费 2.03; the 小计 planted as 4.93
    path = planted(tmp_path, "wrong_total", "合计\t3.93\t1.90", "合计\t4.93\t1.90")
    code, report, text = checked(path, capsys)
    assert code == 1 and report["findings"] == 1
    finding = report["documents"][0]["findings"][0]
    assert finding["kind"] == "parts_sum"
    total, parts = finding["first"], finding["second"]
    assert total["where"].startswith("表7") and total["row"] == "合计" and total["value"] == 4.93
    assert "公务接待费" in parts["column"] and parts["value"] == pytest.approx(3.93)
    narrative = [s for s in spots(finding) if s["where"].startswith("说明 六（二）")]
    assert len(narrative) == 1 and narrative[0]["value"] == 3.93 and THREE_PUBLIC in narrative[0]["quote"]
    assert "表7《2024年一般公共预算“三公”经费支出情况表》" in text and "4.93万元" in text and "3.93万元" in text
    assert flat(text).count(THREE_PUBLIC) == 1  # the sentence quoted once


def test_a_wrong_part_is_found_once_for_both_columns_it_stands_in(tmp_path, capsys):
    # 表6: 30201 办公费 9.06 in 总计 and in 公用经费, a part of 302 商品和服务支出 38.80; planted as 9.96
    path = planted(tmp_path, "wrong_part", "30201\t办公费\t9.06\t\t9.06", "30201\t办公费\t9.96\t\t9.96")
    code, report, text = checked(path, capsys)
    assert code == 1 and report["findings"] == 1
    finding = report["documents"][0]["findings"][0]
    assert finding["first"]["row"] == "302 商品和服务支出" and finding["first"]["value"] == 38.80
    assert finding["second"]["row"].startswith("30201 办公费") and finding["second"]["value"] == pytest.approx(39.70)
    assert finding["columns"] == ["总计", "公用经费"] and finding["related"] == []
    assert "302 商品和服务支出" in text and "30201 办公费" in text and "相差 0.90万元" in text


@pytest.mark.parametrize("printed", ["13.17", "10.17"])
def test_a_wrong_percentage_is_recomputed_from_its_sentence(tmp_path, capsys, printed):
    # 六（一）: 3.90 ÷ (38.80 − 3.90) = 11.17 %
    path = planted(tmp_path, "wrong_pct", "上升 11.17%", f"上升 {printed}%")
    code, report, text = checked(path, capsys)
    assert code == 1 and report["findings"] == 1
    finding = report["documents"][0]["findings"][0]
    assert finding["kind"] == "percentage" and finding["first"]["where"] == "说明 六（一）机关运行经费"
    assert finding["first"]["value"] == float(printed) and finding["second"]["value"] == pytest.approx(11.17, abs=0.01)
    assert finding["first"]["quote"] == RUNNING.format(printed)
    assert f"上升{printed}%" in finding["message"] and "增长11.17%" in finding["message"]
    assert flat(text).count(RUNNING.format(printed)) == 1


def test_a_wrong_percentage_whose_amount_stands_in_the_sentence_before(tmp_path, capsys):
    # 三（二）: 支出预算 2850.48 万元 … 。支出较去年增加 582.35 万元，上升 25.68% — 582.35 ÷ 2268.13
    path = planted(tmp_path, "wrong_pct2", "上升 25.68%", "上升 27.68%")  # 三（一） breaks the line before 25.68%
    code, report, _ = checked(path, capsys)
    finding = report["documents"][0]["findings"][0]
    assert code == 1 and report["findings"] == 1 and finding["first"]["where"] == "说明 三（二）支出预算"
    assert finding["second"]["value"] == pytest.approx(25.68, abs=0.01) and "2850.48万元" in finding["first"]["quote"]


@pytest.mark.parametrize("printed", ["11.16", "11.18", "11.2"])
def test_a_percentage_within_rounding_is_not_a_finding(tmp_path, capsys, printed):
    # 38.80 and 3.90 may each be off by 0.005: 3.895 ÷ 34.905 … 3.905 ÷ 34.895 is 11.16 % … 11.19 %
    path = planted(tmp_path, "rounded_pct", "上升 11.17%", f"上升 {printed}%")
    assert run_check(path=str(path), db_path=None) == 0


def test_huzhou_states_a_fall_of_95_0_where_its_figures_give_95_8(capsys):
    # 二（九）: “三公”经费预算数为 1.10 万元，比上年预算数减少 25 万元，下降 95.0% — 25 ÷ 26.10 = 95.8 %
    db = query.open_readonly(BUNDLED_DB)
    document = next(d for d in query.documents(db) if d.department == "湖州市退役军人事务局")
    findings = [f for f in check_document(sqlite_utils.Database(db), document.id) if f.kind == "percentage"]
    three_public = [f for f in findings if "“三公”经费预算数为1.10万元" in (f.first.quote or "")]
    assert len(three_public) == 1
    assert three_public[0].first.value == -95.0 and round(three_public[0].second.value, 1) == -95.8
    assert "下降95.0%" in three_public[0].message and "下降95.8%" in three_public[0].message
    result = CliRunner().invoke(main, ["check", str(HUZHOU), "--json"])
    assert result.exit_code == 1
    messages = [f["message"] for d in json.loads(result.output)["documents"] for f in d["findings"]]
    assert any("下降95.0%" in m and "下降95.8%" in m for m in messages)


def test_a_pdf_table_finding_names_its_page(capsys):
    columns = ["小计", "公务接待费", "因公出国（境）费", "公务用车购置及运行费"]
    values = {"小计": 4.93, "公务接待费": 1.90, "因公出国（境）费": None, "公务用车购置及运行费": 2.03}
    table = Table(7, "2024年一般公共预算“三公”经费支出情况表", "three_public", "万元", columns,
                  [Row("合计", values)], page=12)
    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    doc_id = write_document(db, Document("测试中心", 2024, "预算", "万元", "测试中心2024年部门预算公开", "t.pdf",
                                         tables=[table]))
    finding = check_document(db, doc_id)[0]
    assert finding.first.page == 12 and "表7《2024年一般公共预算“三公”经费支出情况表》（第12页）" in finding.message


def test_exit_codes_and_json_for_tooling(tmp_path):
    runner = CliRunner()
    clean = runner.invoke(main, ["check", str(FOUNDING), "--json"])
    assert clean.exit_code == 0 and json.loads(clean.output)["findings"] == 0
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    unreadable = runner.invoke(main, ["check", str(broken), "--json"])
    assert unreadable.exit_code == 2 and "broken.pdf" in unreadable.stderr and unreadable.stdout == ""
