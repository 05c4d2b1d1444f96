"""Each document has limits on its inflated content, its reading time, its memory and its size: a PDF
compression bomb is refused in seconds with a one-line reason, and the knowledge base is left as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_bomb import write_bomb

from bot.frontends.cli import main
from bot.settings import DATA_DIR
from knowledge.ingest import read_many
from knowledge.limits import Limits

ROOT = Path(__file__).resolve().parent.parent
WUXI = ROOT / "data" / "disclosures" / "wuxi_tongjiju_2026_yusuan.pdf"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """About 500 KB on disk, 200 MB of page content inflated (about 6 million text operators)."""
    return write_bomb(tmp_path_factory.mktemp("bomb") / "bomb.pdf", 200)


def read_one(path: Path, limits: Limits) -> tuple[str | None, float]:
    started = time.monotonic()
    [outcome] = read_many([str(path)], limits=limits)
    return outcome.error, time.monotonic() - started


def test_a_compression_bomb_is_refused_in_seconds_and_leaves_the_knowledge_base_alone(bomb, tmp_path):
    assert bomb.stat().st_size < 1 << 20
    db = tmp_path / "kb.db"
    founding = DATA_DIR / "disclosures" / "changsha_12345rexian_2024_yusuan.txt"
    assert CliRunner().invoke(main, ["ingest", str(founding), "--db", str(db)]).exit_code == 0
    started = time.monotonic()
    result = CliRunner().invoke(main, ["ingest", str(bomb), "--db", str(db)])
    assert time.monotonic() - started < 20  # before: 593 s
    assert result.exit_code == 1
    assert "exceeds the limit of 32 MB per document" in result.output
    assert "Traceback" not in result.output
    show = CliRunner().invoke(main, ["show", "--db", str(db)])  # what was there stays, nothing of the bomb
    assert "长沙市12345政务热线中心" in show.output and bomb.name not in show.output


def test_reading_longer_than_the_time_limit_is_stopped(tmp_path):
    slow = write_bomb(tmp_path / "slow.pdf", 8)  # under the content limit, minutes to parse
    error, took = read_one(slow, Limits(seconds=2))
    assert error == "reading it exceeds the time limit of 2 s per document"
    assert took < 6


def test_reading_beyond_the_memory_limit_is_stopped(bomb):
    error, took = read_one(bomb, Limits(content_mb=1000, memory_mb=400))
    assert error == "reading it exceeds the memory limit of 400 MB per document"
    assert took < 20


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 << 20))
    error, took = read_one(big, Limits(file_mb=2))
    assert error == "the file is 3 MB, which exceeds the limit of 2 MB per file"


def test_a_published_disclosure_reads_within_the_default_limits(tmp_path):
    [outcome] = read_many([str(WUXI)])
    assert outcome.error is None
    assert outcome.document.department.startswith("无锡市")


def test_several_files_at_once_each_get_their_own_limits(bomb, tmp_path):
    outcomes = list(read_many([str(bomb), str(WUXI), str(bomb)], workers=2))
    assert [o.path for o in outcomes] == [str(bomb), str(WUXI), str(bomb)]
    assert [o.error is None for o in outcomes] == [False, True, False]


def test_check_refuses_a_compression_bomb_too(bomb):
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", str(bomb)])
    assert time.monotonic() - started < 20
    assert result.exit_code == 2
    assert "exceeds the limit of 32 MB per document" in " ".join(result.output.split())  # rich wraps lines
