"""Odd paths: a FIFO or a device given to `ingest` is refused at once with the reason, and a knowledge
base whose name has #, ? or % in it works like any other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.core.engine import Engine
from bot.frontends.cli import main
from knowledge.ingest import ingest
from knowledge.store import open_db

ROOT = Path(__file__).resolve().parent.parent
FOUNDING = ROOT / "data" / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"


def run_ingest(path: str, db: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "ingest", path, "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "disclosure.txt"
    os.mkfifo(fifo)
    result = run_ingest(str(fifo), tmp_path / "kb.db")  # before: hung until the timeout
    assert result.returncode == 1
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_at_once(tmp_path, device):
    result = run_ingest(device, tmp_path / "kb.db")
    assert result.returncode == 1
    assert "not a regular file" in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["kb#1.db", "kb?mode=rw.db", "kb%20x.db", "100%.db", "知识库 #2?.db"])
def test_a_knowledge_base_name_with_uri_characters_works(tmp_path, name):
    db = tmp_path / name
    assert ingest(open_db(db), [str(FOUNDING)])[0].error is None
    assert "3.93" in Engine(db).answer("三公经费是多少").answer
    result = CliRunner().invoke(main, ["ask", "三公经费是多少", "--db", str(db)],
                                env={"BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")})
    assert result.exit_code == 0 and "3.93" in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "misses.sqlite") == [name]  # no stray file


def test_a_file_named_in_gbk_goes_in_with_its_name_readable(tmp_path):
    # 无锡.pdf as a ZIP archive from a Windows machine names it: the bytes of GBK, not UTF-8
    gbk = tmp_path / os.fsdecode(b"\xce\xde\xce\xfd.pdf")
    gbk.write_bytes((ROOT / "data" / "disclosures" / "wuxi_tongjiju_2026_yusuan.pdf").read_bytes())
    db = tmp_path / "kb.db"
    cmd = [sys.executable, "-m", "bot", "ingest", os.fsdecode(gbk), str(FOUNDING), "--db", str(db)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    out = result.stdout.decode("utf-8")
    assert "无锡.pdf" in out and "2 of 2 files ingested" in out
    shown = subprocess.run([sys.executable, "-m", "bot", "show", "--db", str(db)], cwd=ROOT, capture_output=True,
                           timeout=120)
    assert "无锡.pdf" in shown.stdout.decode("utf-8") and "Traceback" not in shown.stderr.decode("utf-8", "replace")


def test_a_department_argument_in_other_bytes_is_one_line(founding_db):
    result = subprocess.run([sys.executable, "-m", "bot", "show", "-d", os.fsdecode(b"\xff\xfe\xe7\x83\xad"),
                             "--db", str(founding_db)], cwd=ROOT, capture_output=True, timeout=120)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
