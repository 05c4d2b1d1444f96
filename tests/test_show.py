"""budgetbot show and --version as staff use them: the department chat answers for, -d/-y everywhere, a
question back when -d fits several departments, tables that fit an 80-column terminal with whole
headers, machine output exactly as `sqlite-utils rows` writes it, and a table found by number, title
word or row code. Figures are those printed in the founding document
(data/disclosures/changsha_12345rexian_2024_yusuan.txt) and the 广州市信访局 PDF."""

from __future__ import annotations

import io
import json
from importlib.metadata import version

import pytest
import sqlite_utils
from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console
from sqlite_utils.cli import cli as sqlite_utils_cli

from bot.frontends.cli import main
from bot.frontends.show import run_show
from bot.settings import BUNDLED_DB
from knowledge import query

DB = ["--db", str(BUNDLED_DB)]
DEPARTMENTS = {d.department for d in query.documents(query.open_readonly(BUNDLED_DB))}


def show(*args: str, columns: int = 80):
    return CliRunner().invoke(main, ["show", *args, *DB], env={"COLUMNS": str(columns)})


def rendered(which: str | None, width: int = 80, **options) -> str:
    out = io.StringIO()
    run_show(query.open_readonly(BUNDLED_DB), which, out=Console(file=out, width=width), **options)
    return out.getvalue()


def header_cells(text: str) -> list[str]:
    """The headers of the first table drawn in `text`, each put back together from its wrapped lines."""
    lines = text.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    rule = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    columns: list[str] = []
    for line in lines[top + 1 : rule]:
        cells = [c.strip() for c in line.strip("┃").split("┃")]
        columns = [a + b for a, b in zip(columns, cells, strict=True)] if columns else cells
    return columns


def test_version_comes_from_the_installed_package():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"budgetbot {version('budgetbot')}"


def test_a_table_without_department_is_the_one_chat_answers_for(bundled_engine):
    result = show("三公")
    assert result.exit_code == 0, result.output
    assert bundled_engine.default_department == "长沙市12345政务热线中心"
    assert result.output.startswith("长沙市12345政务热线中心2024年部门预算公开 表7")
    assert "3.93" in result.output and "1.90" in result.output  # 合计: 小计 3.93, 公务接待费 1.90
    assert not DEPARTMENTS - {"长沙市12345政务热线中心"} & set(result.output.split())


def test_department_and_year_choose_the_table():
    result = show("三公", "-d", "广州市信访局", "-y", "2026")
    assert result.exit_code == 0 and "广州市信访局2026年部门预算公开" in result.output
    assert "4.80" in result.output  # the 广州 “三公” total: 4.80万元
    missing = show("三公", "-d", "广州市信访局", "-y", "2024")
    assert missing.exit_code == 1 and "2026" in missing.output
    other_year = show("三公", "-y", "2026")  # the default department has 2024 only: whose 2026 document?
    assert other_year.exit_code == 2 and "广州市信访局" in other_year.stderr and "长沙市信访局" in other_year.stderr


def test_listing_honours_department_and_year():
    one = show("-d", "热线")
    assert one.exit_code == 0
    assert "2024年一般公共预算“三公”经费支出情况表" in one.output and "广州" not in one.output
    assert len(one.output.splitlines()) < 30  # ten tables, not every document's
    of_2024 = json.loads(show("-y", "2024", "--json").output)
    assert {(d["department"], d["kind"]) for d in of_2024} == {
        ("长沙市12345政务热线中心", "预算"), ("上海市普陀区财政局", "决算"), ("上海市普陀区规划和自然资源局", "决算")}
    tables = json.loads(show("-d", "广州市信访局", "--json").output)
    assert {t["department"] for t in tables} == {"广州市信访局"} and len(tables) == 12


@pytest.mark.parametrize("args", [("三公", "-d", "信访局"), ("-d", "信访局")])
def test_a_department_name_fitting_several_lists_them_and_exits_2(args):
    result = show(*args)
    assert result.exit_code == 2
    for name in ("长沙市信访局", "广州市信访局", "深圳市信访局"):
        assert name in result.stderr
    assert "哪一个" in result.stderr and result.stdout == ""


def test_tables_fit_80_columns_with_whole_headers():
    # 万里街道 表9: seven figure columns under long headers; 福州 表2: eleven; the founding 表7
    for which, department in (("9", "万里"), ("2", "福州"), ("7", "热线")):
        text = rendered(which, department=department)
        assert all(cell_len(line) <= 80 for line in text.splitlines()), text
        assert "…" not in text
    # the headers as the PDF prints them (two-line headers joined), each whole however it wraps
    assert header_cells(rendered("9", department="万里")) == [
        "名称", "“三公”经费预算数合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费小计", "购置费", "运行费",
        "机关运行经费预算数",
    ]
    assert header_cells(rendered("7")) == [
        "名称", "三公经费预（决）算数（财政拨款）小计", "公务接待费", "公务用车购置及运行费", "其中：公务用车运行费",
    ]


def test_a_wide_table_is_split_into_parts_that_each_fit():
    text = rendered("2", width=60, department="福州")
    assert "（续 2/" in text
    assert all(cell_len(line) <= 60 for line in text.splitlines())


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "nl"])
def test_machine_output_is_what_sqlite_utils_rows_gives(tmp_path, fmt):
    ours = show("7", f"--{fmt}")
    assert ours.exit_code == 0
    rows = [json.loads(line) for line in show("7", "--nl").output.splitlines()]
    assert rows[0]["名称"] == "合计" and rows[0]["公务接待费"] == 1.90 and rows[0]["其中：公务用车运行费"] == 2.03
    db = sqlite_utils.Database(tmp_path / "t.db")
    db["t"].insert_all(rows)
    flag = [] if fmt == "json" else [f"--{fmt}"]  # JSON is what rows writes by default
    theirs = CliRunner().invoke(sqlite_utils_cli, ["rows", str(tmp_path / "t.db"), "t", *flag])
    assert ours.output == theirs.output


def test_an_empty_table_says_so():
    text = rendered("8")
    assert "2024年政府性基金预算支出情况表" in text and "空表" in text and "┏" not in text


@pytest.mark.parametrize("which", ["6", "基本支出情况", "30201"])
def test_a_table_by_number_title_word_or_row_code(which):
    result = show(which, "--json")
    rows = json.loads(result.output)
    office = next(r for r in rows if r.get("编码") == "30201")
    assert office["名称"] == "办公费" and office["总计"] == 9.06 and office["公用经费"] == 9.06


def test_an_unknown_table_or_department_is_one_line():
    for args in (("99",), ("三公", "-d", "气象局")):
        result = show(*args)
        assert result.exit_code == 1 and result.output.startswith("Error:")


@pytest.mark.parametrize("name, department", [
    ("长沙信访局", "长沙市信访局"),  # a way of naming it chat knows
    ("长沙市信仿局", "长沙市信访局"),  # a slip in its own part
    ("职教基地", "长沙职业教育基地综合协调办公室"),  # an abbreviation, its characters in order
])
def test_a_department_is_named_with_d_as_chat_reads_it(bundled_engine, name, department):
    chat = bundled_engine.answer(f"{name}三公经费是多少")
    assert chat.answer.startswith(department)  # what chat answers for the name ...
    result = show("三公", "-d", name)  # ... is the department show prints
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{department}20")


def test_a_department_that_fits_none_is_answered_with_a_few_near_ones():
    result = show("-d", "北京市财政局")
    assert result.exit_code == 1
    assert "北京市财政局" in result.output and "上海市普陀区财政局" in result.output  # a 财政局 held
    assert "长沙市公安局" not in result.output and "福州市商务局" not in result.output  # never the whole list
