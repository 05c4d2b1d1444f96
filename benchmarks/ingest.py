"""Ingestion speed per document (median of a few runs) and the size of the knowledge base.

    python benchmarks/ingest.py [PATH ...] [--runs N]

Without paths, every disclosure under data/disclosures is measured.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from knowledge.ingest import ingest
from knowledge.read import read_document
from knowledge.store import open_db

DATA = Path(__file__).parent.parent / "data" / "disclosures"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = args.paths or sorted(p for p in DATA.iterdir() if p.suffix in (".pdf", ".txt"))
    print(f"{'document':48} {'pages':>5} {'median s':>9} {'s/page':>7}")
    for path in paths:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            read_document(path)
            times.append(time.perf_counter() - start)
        pages = _pages(path)
        median = statistics.median(times)
        per_page = f"{median / pages:7.2f}" if pages else f"{'-':>7}"
        print(f"{path.name:48} {pages or '-':>5} {median:9.2f} {per_page}")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "kb.db"
        start = time.perf_counter()
        ingest(open_db(db_path), [str(p) for p in paths], workers=2)
        elapsed = time.perf_counter() - start
        print(f"\nall {len(paths)} into one database, 2 workers: {elapsed:.1f} s; "
              f"size {db_path.stat().st_size / 1024:.0f} KiB")


def _pages(path: Path) -> int | None:
    if path.suffix.lower() != ".pdf":
        return None
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


if __name__ == "__main__":
    main()
