"""benchmarks/coverage.py: every PDF below a folder read as `ingest` would, per document and in total."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def test_coverage_reports_each_document_and_the_totals(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("北京/2026年北京市审计局部门预算.pdf", "深圳/2026年深圳市审计局部门预算.pdf"):
        (folder / Path(name).name).write_bytes((FIXTURES / "corpus" / name).read_bytes())
    (folder / "notice.pdf").write_bytes((FIXTURES / "notice_first_page.pdf").read_bytes())
    (folder / "MANIFEST.tsv").write_text(
        "file\tcity\twhat it is\n2026年北京市审计局部门预算.pdf\t北京\tdisclosure\n"
        "2026年深圳市审计局部门预算.pdf\t深圳\tdisclosure\nnotice.pdf\t宜宾\ta notice\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "coverage.py"), str(folder), "--json", "--workers", "2"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    report = json.loads(result.stdout)
    totals = report["totals"]
    assert (totals["files"], totals["in"], totals["refused"], totals["failed"]) == (3, 2, 1, 0)
    assert (totals["real_disclosures"], totals["real_in"], totals["non_disclosures_refused"]) == (2, 2, 1)
    assert totals["overwrites"] == {} and totals["python_errors"] == 0
    by_name = {Path(d["path"]).name: d for d in report["documents"]}
    shenzhen = by_name["2026年深圳市审计局部门预算.pdf"]
    assert shenzhen["department"] == "深圳市审计局" and "基本支出表" in shenzhen["tables"]
    assert shenzhen["economic_rows"] > 20 and "三公" in shenzhen["facts"]
    assert by_name["notice.pdf"]["status"] == "refused" and "通报" in by_name["notice.pdf"]["reason"]
