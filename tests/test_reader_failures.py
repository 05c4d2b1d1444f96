"""A file the reader fails on is told apart from a bad file: a bug of the reader is said to be one (never
"corrupt PDF"), its traceback crosses from the reading child process to `ingest --verbose`, and a part
left out is logged with the reason; a damaged PDF is still said to be corrupt."""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pdfminer.pdfparser import PDFSyntaxError

from bot.frontends.cli import main
from knowledge import limits
from knowledge.ingest import read_outcome

SHENZHEN = Path(__file__).parent / "fixtures" / "corpus" / "深圳" / "2026年深圳市审计局部门预算.pdf"
A_BUG = "a bug in its reader"


def test_a_reader_bug_on_a_page_is_not_blamed_on_the_file(monkeypatch):
    def broken(pdf, index, *, path=None):
        raise TypeError("unsupported operand type(s) for +: 'float' and 'NoneType'")

    monkeypatch.setattr("knowledge.pdf_pages.read_page", broken)
    outcome = read_outcome(str(SHENZHEN))
    assert outcome.status == "failed" and A_BUG in outcome.error and "report" in outcome.error
    assert "corrupt" not in outcome.error
    assert "TypeError: unsupported operand" in outcome.detail  # for the log, not for the user


@pytest.mark.parametrize("damage", [pdfium.PdfiumError("Failed to load page."), PDFSyntaxError("No /Root object!")])
def test_a_page_the_pdf_libraries_cannot_parse_is_still_corrupt(monkeypatch, damage):
    def damaged(pdf, index, *, path=None):
        raise damage

    monkeypatch.setattr("knowledge.pdf_pages.read_page", damaged)
    outcome = read_outcome(str(SHENZHEN))
    assert outcome.status == "refused" and outcome.error == "corrupt or truncated PDF: a page cannot be read"


def test_a_part_left_out_is_logged_with_why(three_public_unreadable, caplog):
    with caplog.at_level(logging.DEBUG, logger="knowledge"):
        outcome = read_outcome(str(SHENZHEN))
    assert outcome.status == "in" and len(outcome.skipped) == 1
    assert "三公" in caplog.text and "left out" in caplog.text
    assert three_public_unreadable in caplog.text  # the reason, with its traceback


@pytest.fixture
def forked_reader(monkeypatch):
    """The reading child forked from this process, so that it inherits the test's patches (the
    forkserver's children start from a clean process); no address-space limit in a fork of pytest."""
    monkeypatch.setattr(limits, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(limits.resource, "setrlimit", lambda *args: None)


def ingest(tmp_path: Path, *options: str):
    return CliRunner().invoke(main, ["ingest", str(SHENZHEN), "--db", str(tmp_path / "kb.db"), *options])


def test_a_reader_bug_in_the_child_reaches_ingest_verbose_with_its_traceback(forked_reader, monkeypatch, tmp_path):
    def broken_parse(raw, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr("knowledge.read.parse_document", broken_parse)
    quiet = ingest(tmp_path)
    assert quiet.exit_code == 1 and A_BUG in quiet.stderr and "corrupt" not in quiet.output
    assert "Traceback" not in quiet.output  # Python only for who asks for it
    verbose = ingest(tmp_path, "--verbose")
    assert verbose.exit_code == 1 and A_BUG in verbose.stderr
    assert "Traceback (most recent call last)" in verbose.stderr and "in broken_parse" in verbose.stderr
    assert "AttributeError: 'NoneType' object has no attribute 'group'" in verbose.stderr


def test_ingest_verbose_says_why_a_part_read_in_the_child_was_left_out(forked_reader, three_public_unreadable,
                                                                         tmp_path):
    result = ingest(tmp_path, "-v")
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "三公" in result.stderr
    assert f"ValueError: {three_public_unreadable}" in result.stderr
