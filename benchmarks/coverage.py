"""How much of the published disclosures goes in: every PDF below the folders, read as a new user would.

    python benchmarks/coverage.py DIR... [--json] [--workers N] [--answers]

Per document: in / refused (reason) / failed, department, year, kind, template profile, which
standard facts and standard tables were found, how many 基本支出 rows carry an 经济分类 code and a
figure, the narrative figures that contradict the tables (knowledge.check), parts skipped, seconds.
In total: the counts, the share of real disclosures that went in under their own name (where a
MANIFEST.tsv beside the files says which are disclosures), departments that would overwrite each
other in one knowledge base, and — with --answers — how often the bot's answer to a standard
question states the figure the narrative states. --json prints one JSON object for comparing commits.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# the standard facts: a label and the narrative subjects that state it
STANDARD_FACTS = {
    "收入": ("收入预算", "收入决算"),
    "支出": ("支出预算", "支出决算"),
    "财政拨款": ("一般公共预算拨款",),
    "基本支出": ("基本支出",),
    "人员经费": ("人员经费",),
    "公用经费": ("公用经费",),
    "项目支出": ("项目支出",),
    "三公": ("“三公”经费",),
    "出国": ("因公出国（境）费",),
    "接待": ("公务接待费",),
    "公车": ("公务用车购置及运行费",),
    "机关运行": ("机关运行经费",),
    "会议费": ("会议费",),
    "培训费": ("培训费",),
    "政府采购": ("政府采购",),
    "车辆": ("公务用车",),
    "绩效": ("绩效目标管理金额",),
}
STANDARD_TABLES = {
    "收支总表": ("income_spending_total",),
    "收入总表": ("income",),
    "支出总表": ("spending",),
    "财政拨款收支总表": ("fiscal_total",),
    "一般公共预算支出表": ("general_budget",),
    "基本支出表": ("basic_spending",),
    "三公经费表": ("three_public",),
    "政府性基金": ("gov_fund",),
    "国有资本经营": ("state_capital",),
    "项目支出表": ("project_spending",),
    "绩效目标表": ("project_performance", "dept_performance", "performance"),
}
# questions a citizen asks of every document, and the narrative subjects whose figure answers them
QUESTIONS = {
    "收入预算": ("收入预算", "收入决算"),
    "支出预算": ("支出预算", "支出决算"),
    "基本支出": ("基本支出",),
    "项目支出": ("项目支出",),
    "三公经费": ("“三公”经费",),
    "公务接待费": ("公务接待费",),
    "因公出国（境）费": ("因公出国（境）费",),
    "公务用车购置及运行费": ("公务用车购置及运行费",),
    "机关运行经费": ("机关运行经费",),
    "政府采购预算": ("政府采购",),
}
FIGURE_MEASURES = ("amount", "final")


def read_one(path: str) -> dict:
    """Read one file as `budgetbot ingest` would, and describe what went in."""
    from knowledge.ingest import read_outcome

    started = time.perf_counter()
    outcome = read_outcome(path)
    seconds = round(time.perf_counter() - started, 2)
    result: dict = {"path": path, "seconds": seconds}
    if outcome.document is None:
        result.update(status=outcome.status, reason=outcome.error)
        return result
    from knowledge.profiles import profiles

    doc = outcome.document
    result.update(status="in", department=doc.department, year=doc.year, kind=doc.kind, profile=doc.profile)
    # a template whose 报表 are published as a separate file (北京) is not missing its tables
    result["expect_tables"] = next((p.expect_tables for p in profiles() if p.name == doc.profile), True)
    subjects = {f.subject for f in doc.facts if not f.unit_name}
    result["facts"] = [label for label, names in STANDARD_FACTS.items() if subjects & set(names)]
    kinds = {t.kind for t in doc.tables}
    result["tables"] = [label for label, names in STANDARD_TABLES.items() if kinds & set(names)]
    result["table_count"], result["fact_count"] = len(doc.tables), len(doc.facts)
    basic = [r for t in doc.tables if t.kind == "basic_spending" for r in t.rows]
    result["economic_rows"] = sum(
        1 for r in basic if r.code and len(r.code) == 5 and any(v is not None for v in r.values.values())
    )
    result["units"] = sorted({t.unit for t in doc.tables})
    result["skipped"] = doc.skipped
    result["disagreements"] = _disagreements(doc)
    result["narrative"] = {
        q: sorted({round(f.value * (1e-4 if f.unit == "元" else 1.0), 2) for f in doc.facts
                   if f.subject in names and f.measure in FIGURE_MEASURES and not f.unit_name
                   and f.unit in ("元", "万元") and f.value is not None})
        for q, names in QUESTIONS.items()
    }
    return result


def _disagreements(doc) -> list[str]:
    """The narrative figures `check` finds contradicted by the tables."""
    import sqlite_utils

    from knowledge.check import check_document
    from knowledge.store import ensure_schema, write_document

    db = sqlite_utils.Database(memory=True)
    ensure_schema(db)
    doc_id = write_document(db, doc)
    return [f.message for f in check_document(db, doc_id) if f.kind == "narrative_table"]


def find_pdfs(folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        found += [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf")
    return found


def manifest(folders: list[Path]) -> dict[str, str]:
    """file path -> what MANIFEST.tsv says it is, for the folders that have one."""
    known = {}
    for folder in folders:
        path = folder / "MANIFEST.tsv" if folder.is_dir() else None
        if path and path.exists():
            with path.open(encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    known[str(folder / row["file"])] = row["what it is"]
    return known


def run(paths: list[Path], workers: int, progress: bool) -> list[dict]:
    results = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(read_one, str(p)) for p in paths]
        if progress:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("reading", total=len(futures))
                for future in as_completed(futures):
                    results.append(future.result())
                    bar.advance(task)
        else:
            results = [f.result() for f in as_completed(futures)]
    return sorted(results, key=lambda r: r["path"])


def ask_standard_questions(results: list[dict]) -> None:
    """Ingest every document into one knowledge base and ask the standard questions of each; a
    question counts where the narrative states the figure, and agrees where the answer states it."""
    from bot.core.engine import Engine
    from knowledge.ingest import ingest
    from knowledge.store import open_db
    from nlu.context import Context

    docs = [r for r in results if r["status"] == "in"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kb.db"
        ingest(open_db(path), [r["path"] for r in docs], workers=os.cpu_count() or 1)
        engine = Engine(path)
        for r in docs:
            r["answers"] = {}
            for question, expected in r["narrative"].items():
                if not expected:
                    continue
                text = f"{r['department']}{r['year']}年{question}是多少"
                answer = engine.answer(text, Context()).answer.replace(",", "")
                stated = {float(m) for m in re.findall(r"\d+(?:\.\d+)?", answer)}
                right_figure = any(any(abs(e - s) < 0.006 for s in stated) for e in expected)
                r["answers"][question] = right_figure and r["department"] in answer


def totals(results: list[dict], known: dict[str, str]) -> dict:
    status = Counter(r["status"] for r in results)
    keys = defaultdict(list)
    for r in results:
        if r["status"] == "in":
            keys[f"{r['department']}|{r['year']}|{r['kind']}"].append(Path(r["path"]).name)
    out = {
        "files": len(results),
        "in": status["in"],
        "refused": status["refused"],
        "failed": status["failed"],
        "overwrites": {k: v for k, v in keys.items() if len(v) > 1},
        "python_errors": sum(1 for r in results if _looks_like_python(r.get("reason") or "")),
        "narrative_disagreements": sum(len(r.get("disagreements", [])) for r in results),
        "documents_with_skipped_parts": sum(1 for r in results if r.get("skipped")),
        "with_economic_rows": sum(1 for r in results if r.get("economic_rows")),
        "seconds": round(sum(r["seconds"] for r in results), 1),
    }
    if known:
        real = [r for r in results if known.get(r["path"]) == "disclosure"]
        other = [r for r in results if r["path"] in known and known[r["path"]] != "disclosure"]
        out["real_disclosures"] = len(real)
        out["real_in"] = sum(1 for r in real if r["status"] == "in")
        out["non_disclosures"] = len(other)
        out["non_disclosures_refused"] = sum(1 for r in other if r["status"] == "refused")
    asked = [ok for r in results for ok in r.get("answers", {}).values()]
    if asked:
        out["standard_answers"] = len(asked)
        out["standard_answers_agree"] = sum(asked)
    return out


def _looks_like_python(message: str) -> bool:
    return bool(re.search(r"Traceback|Error:|Exception|\bargument \d\b|object has no attribute|NoneType", message))


def print_report(results: list[dict], summary: dict) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from bot.frontends.consoles import Output

    console = Output()  # into a pipe or a file: the table whole, not shrunk to 80 columns
    table = Table(title="coverage", title_justify="left", show_lines=False)
    for name in ("file", "status", "department / reason", "year", "kind", "facts", "tables", "econ", "≠", "skip", "s"):
        table.add_column(name, overflow="fold")
    for r in results:
        name = "/".join(Path(r["path"]).parts[-2:])
        if r["status"] != "in":
            table.add_row(Text(name), Text(r["status"], style="red"), Text(r.get("reason", "")), "", "", "", "", "",
                          "", "", f"{r['seconds']:.1f}")
            continue
        table.add_row(
            Text(name), "in", Text(r["department"]), str(r["year"]), r["kind"],
            f"{len(r['facts'])}/{len(STANDARD_FACTS)}",
            f"{len(r['tables'])}/{len(STANDARD_TABLES)}" if r["expect_tables"] else "separate",
            str(r["economic_rows"]), str(len(r["disagreements"])), str(len(r["skipped"])), f"{r['seconds']:.1f}",
        )
    console.print(table)
    for r in results:
        for message in r.get("disagreements", []):
            console.print(f"[yellow]≠[/yellow] {escape(Path(r['path']).name)}: {escape(message)}", highlight=False)
        for part in r.get("skipped", []):
            console.print(f"[yellow]skipped[/yellow] {escape(Path(r['path']).name)}: {escape(part)}", highlight=False)
    missing_facts = Counter(label for r in results if r["status"] == "in" for label in STANDARD_FACTS
                            if label not in r["facts"])
    missing_tables = Counter(label for r in results if r["status"] == "in" and r["expect_tables"]
                             for label in STANDARD_TABLES if label not in r["tables"])
    console.print(f"standard facts missing (documents): {dict(missing_facts.most_common())}", highlight=False,
                  markup=False)
    console.print(f"standard tables missing (documents): {dict(missing_tables.most_common())}", highlight=False,
                  markup=False)
    console.print(json.dumps(summary, ensure_ascii=False, indent=1), highlight=False, markup=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print one JSON object (documents and totals)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--answers", action="store_true", help="also ask the standard questions of each document")
    args = parser.parse_args()
    paths = find_pdfs(args.folders)
    results = run(paths, args.workers, progress=not args.json and sys.stderr.isatty())
    if args.answers:
        ask_standard_questions(results)
    summary = totals(results, manifest(args.folders))
    if args.json:
        print(json.dumps({"documents": results, "totals": summary}, ensure_ascii=False))
    else:
        print_report(results, summary)


if __name__ == "__main__":
    main()
