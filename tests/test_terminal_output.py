"""What the staff commands print, as a script or a log file gets it: a file name or a name typed with
brackets is printed as it is (never read as rich markup), and output into a pipe is never wrapped at 80
columns nor padded with spaces — a figure, a quote, a title and a file name each stay on their line.
Figures are those printed in data/disclosures/huzhou_tuiyijunren_2026_yusuan.pdf and the founding document."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from rich.cells import cell_len

from bot.frontends.cli import main
from bot.settings import BUNDLED_DB, DATA_DIR

FOUNDING = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
HUZHOU = DATA_DIR / "disclosures" / "huzhou_tuiyijunren_2026_yusuan.pdf"
PIPE = {"COLUMNS": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}  # what a script's pipe looks like


def run(*args: str):
    return CliRunner().invoke(main, list(args), env=PIPE)


def unpadded(text: str) -> bool:
    return not any(line != line.rstrip() for line in text.splitlines())


def test_file_names_with_brackets_are_printed_as_they_are(tmp_path):
    folder = tmp_path / "a["
    folder.mkdir()
    stored = folder / "x].txt"  # the path reads a[/x].txt: a closing tag to rich
    shutil.copyfile(FOUNDING, stored)
    missing = tmp_path / "b[/x].pdf"
    result = run("ingest", str(stored), str(missing), "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 1, result.output
    assert f"error {missing}: no such file" in result.stderr
    assert f"({stored})" in result.stdout  # the document's line names its file
    check = run("check", str(missing))
    assert check.exit_code == 2 and f"error {missing}:" in check.stderr


def test_check_into_a_pipe_keeps_each_quote_and_title_on_one_line():
    result = run("check", str(HUZHOU))
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert "湖州市退役军人事务局2026年部门预算公开（huzhou_tuiyijunren_2026_yusuan.pdf）" in lines
    # the 说明's sentence, quoted whole: 收入预算6256.31万元，比上年执行数减少336.67万元，下降5.0%
    quote = next(line for line in lines if "原文：「湖州市退役军人事务局2026年收入预算6256.31万元" in line)
    assert "比上年执行数减少336.67万元，下降5.0%" in quote and quote.rstrip().endswith("」")
    assert unpadded(result.stdout)


def test_ingest_into_a_pipe_keeps_file_names_and_reasons_whole(tmp_path):
    long_name = tmp_path / ("changsha_12345rexian_2024_yusuan_as_published_on_the_city_portal_in_march" + ".txt")
    shutil.copyfile(FOUNDING, long_name)
    bad = tmp_path / ("a_file_that_is_not_there_at_all_with_a_name_long_enough_to_wrap_at_eighty_columns" + ".pdf")
    result = run("ingest", str(long_name), str(bad), "--db", str(tmp_path / "kb.db"))
    assert result.exit_code == 1
    assert f"error {bad}: no such file" in result.stderr.splitlines()
    rows = result.stdout.splitlines()
    assert any(long_name.name in row and "2024预算" in row and " 10 " in row for row in rows)  # 10 tables
    assert any(line.strip() == bad.name for line in rows)
    assert unpadded(result.stdout) and unpadded(result.stderr)


def test_show_into_a_pipe_prints_whole_headers():
    result = run("show", "7", "--db", str(BUNDLED_DB))
    assert result.exit_code == 0
    header = next(line for line in result.stdout.splitlines() if "名称" in line)
    assert "三公经费预（决）算数（财政拨款）小计" in header and "其中：公务用车运行费" in header
    assert unpadded(result.stdout)


def test_the_terminal_width_is_still_honoured():
    result = CliRunner().invoke(main, ["show", "7", "--db", str(BUNDLED_DB)], env={"COLUMNS": "60"})
    assert result.exit_code == 0 and max(map(cell_len, result.stdout.splitlines())) <= 60
