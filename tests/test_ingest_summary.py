"""The summary table of an ingested batch fits an 80-column terminal: every file with its department (or
its reason), year and counts, the figures whole on one line."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner
from rich.cells import cell_len
from rich.console import Console

from bot.frontends.cli import main
from bot.frontends.show import summary_table
from bot.settings import DATA_DIR
from knowledge.ingest import Outcome
from knowledge.read import read_document

FOUNDING = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"


def test_the_batch_summary_fits_80_columns():
    document = read_document(FOUNDING)
    long_name = "data/disclosures/shanghai-putuo_guihuaziyuanju_2024_juesuan_second_copy.txt"
    outcomes = [
        Outcome(str(FOUNDING), document=document),
        Outcome(long_name, document=document),
        Outcome("scans/scanned.pdf", error="the PDF has no text layer (a scanned document?); OCR is not done"),
    ]
    out = io.StringIO()
    Console(file=out, width=80).print(summary_table(outcomes))
    text = out.getvalue()
    assert all(cell_len(line) <= 80 for line in text.splitlines()), text
    flat = "".join(text.split())
    first_column = "".join(line.strip().split("  ")[0] for line in text.splitlines())  # its wrapped lines joined
    for name in ("changsha_12345rexian_2024_yusuan.txt", "shanghai-putuo_guihuaziyuanju_2024_juesuan_second_copy.txt",
                 "scanned.pdf", "the PDF has no text layer"):
        assert name in first_column
    # the founding document: 10 tables (第二部分 2024 年部门预算表 lists ten), as 2024预算 of 热线中心
    rows = [line for line in text.splitlines() if "2024预算" in line]
    assert len(rows) == 2 and all(" 10 " in line for line in rows)
    assert flat.count("长沙市12345政务热线中心") == 2 and "2of3filesingested" in flat


def test_the_summary_speaks_one_language_and_says_each_thing_once(tmp_path):
    from click.testing import CliRunner

    from bot.frontends.cli import main

    db = str(tmp_path / "kb.db")
    other = tmp_path / "zhuzhou_12345rexian_2024_yusuan.txt"
    other.write_text(FOUNDING.read_text(encoding="utf-8").replace("长沙市", "株洲市"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(FOUNDING), "--db", db]).exit_code == 0
    batch = runner.invoke(main, ["ingest", str(FOUNDING), str(other), "--db", db])
    assert batch.exit_code == 0, batch.output
    # the operator's messages are English, as every other line of ingest: the stored file says so alike
    # on its line and in the table, and the table's headers are English too
    assert batch.output.count("already stored, not read again") == 2 and "已入库" not in batch.output
    assert "file / department" in batch.output and "indicators" in batch.output and "事实" not in batch.output
    again = runner.invoke(main, ["ingest", str(FOUNDING), "--db", db, "--reread"])
    assert again.exit_code == 0
    line = next(line for line in again.stderr.splitlines() if "replaced" in line)
    # 10 tables: 第二部分 2024 年部门预算表 lists ten
    assert re.fullmatch(rf"{re.escape(str(FOUNDING))}: replaced the stored reading from the same file "
                        r"\(10 tables, \d+ facts\)", line), line


def test_an_ingest_where_nothing_goes_in_leaves_no_empty_knowledge_base(tmp_path):
    junk = tmp_path / "notice.txt"
    junk.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    db = tmp_path / "new.db"
    result = CliRunner().invoke(main, ["ingest", str(junk), "--db", str(db)])
    assert result.exit_code == 1 and not db.exists()
