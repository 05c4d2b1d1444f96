"""Answering speed: warm latency per question, a cold `budgetbot ask`, and a 1,000-document knowledge base.

    python benchmarks/answer.py [--db data/budgetbot.db] [--copies 1000] [--rounds 5]

Prints medians and p99s; the 1,000-document figures are compared with the default knowledge base
measured in the same run.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.engine import Engine  # noqa: E402
from bot.settings import BUNDLED_DB  # noqa: E402
from nlu.context import Context  # noqa: E402

QUESTIONS = [
    "三公经费是多少", "热线中心一年花多少钱", "招待费预算", "公车有几辆", "30101是什么", "什么是机关运行经费",
    "为什么预算增加了", "项目支出占总预算多少", "基本工资和奖金分别多少", "基本支出里哪项最多", "有没有政府性基金",
    "热线中心归哪个部门管", "座席有多少个", "三工经费", "机关运行经费比上年增加多少", "政府采购预算",
    "2023年三公经费", "讲个笑话", "北京市财政局三公经费", "按时办结率要求",
]
CHILD_TABLES = ("sections", "facts", "indicators", "terms")
DISTRICT_CHARS = "东南西北中新长安和平华明光启兴泰"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def latencies(engine: Engine, questions: list[str], rounds: int) -> list[float]:
    for question in questions:  # warm up: documents indexed, caches filled
        engine.answer(question, Context())
    times = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            engine.answer(question, Context())
            times.append((time.perf_counter() - started) * 1000)
    return times


def cold_ask(db: Path, runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(["budgetbot", "ask", "三公经费是多少", "--db", str(db)], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def build_many(source: Path, target: Path, copies: int) -> list[str]:
    """A knowledge base of `copies` documents: the real ones again and again, each copy a department
    of a made-up district (长沙市东南区信访局 …). Returns the new department names."""
    shutil.copy(source, target)
    db = sqlite3.connect(target)
    documents = db.execute("select id, department from documents").fetchall()
    districts = ("".join(pair) + "区" for pair in itertools.permutations(DISTRICT_CHARS, 3))
    names = []
    next_id = db.execute("select max(id) from documents").fetchone()[0] + 1
    sources = itertools.islice(itertools.cycle(documents), copies - len(documents))
    for (doc_id, department), district in zip(sources, districts, strict=False):
        name = department.replace("市", f"市{district}", 1) if "市" in department else district + department
        names.append(name)
        _copy_document(db, doc_id, next_id, name)
        next_id += 1
    db.commit()
    db.close()
    return names


def _copy_document(db: sqlite3.Connection, doc_id: int, new_id: int, department: str) -> None:
    columns = [c[1] for c in db.execute("pragma table_info(documents)") if c[1] not in ("id", "department")]
    db.execute(
        f"insert into documents (id, department, {', '.join(columns)}) "
        f"select ?, ?, {', '.join(columns)} from documents where id = ?", [new_id, department, doc_id]
    )
    for table in CHILD_TABLES:
        cols = [c[1] for c in db.execute(f"pragma table_info({table})") if c[1] not in ("id", "document_id")]
        db.execute(f"insert into {table} (document_id, {', '.join(cols)}) select ?, {', '.join(cols)} "
                   f"from {table} where document_id = ?", [new_id, doc_id])
    for (table_id,) in db.execute("select id from tables where document_id = ?", [doc_id]).fetchall():
        new_table = db.execute(
            "insert into tables (document_id, number, title, kind, unit, columns, empty, page) "
            "select ?, number, title, kind, unit, columns, empty, page from tables where id = ?", [new_id, table_id]
        ).lastrowid
        for (row_id,) in db.execute("select id from rows where table_id = ?", [table_id]).fetchall():
            new_row = db.execute(
                "insert into rows (document_id, table_id, seq, code, name, grp, unit_name, texts) "
                "select ?, ?, seq, code, name, grp, unit_name, texts from rows where id = ?",
                [new_id, new_table, row_id],
            ).lastrowid
            db.execute(
                "insert into cells (row_id, document_id, [column], value, value_wan) "
                "select ?, ?, [column], value, value_wan from cells where row_id = ? order by rowid",
                [new_row, new_id, row_id],
            )


def report(label: str, times: list[float]) -> tuple[float, float]:
    median, p99 = statistics.median(times), percentile(times, 99)
    print(f"{label:<42} median {median:7.3f} ms   p99 {p99:7.3f} ms   ({len(times)} answers)")
    return median, p99


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=BUNDLED_DB)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    engine = Engine(args.db)
    loaded = (time.perf_counter() - started) * 1000
    print(f"engine load (in process): {loaded:.0f} ms, {len(engine.documents)} documents")
    rng = random.Random(1)
    departments = [d.department for d in engine.documents]
    # the same kinds of question on both knowledge bases: unnamed (default department) and named ones
    named_here = [f"{rng.choice(departments)}{q}" for q in QUESTIONS for _ in range(5)]
    base_median, _ = report("warm, default knowledge base", latencies(engine, QUESTIONS + named_here, args.rounds))
    cold = cold_ask(args.db)
    print(f"{'cold `budgetbot ask` (whole process)':<42} median {statistics.median(cold) * 1000:7.0f} ms   "
          f"max {max(cold) * 1000:7.0f} ms   ({len(cold)} runs)")

    with tempfile.TemporaryDirectory() as tmp:
        many = Path(tmp) / "many.db"
        started = time.perf_counter()
        names = build_many(args.db, many, args.copies)
        print(f"built {args.copies}-document knowledge base in {time.perf_counter() - started:.1f} s, "
              f"{many.stat().st_size / 1e6:.0f} MB")
        started = time.perf_counter()
        big = Engine(many)
        print(f"engine load ({len(big.documents)} documents): {(time.perf_counter() - started) * 1000:.0f} ms")
        named = [f"{rng.choice(names)}{q}" for q in QUESTIONS for _ in range(5)]
        many_median, many_p99 = report(f"warm, {len(big.documents)} documents", latencies(big, QUESTIONS + named,
                                                                                         args.rounds))
        met = "met" if many_median < 2 and many_p99 < 10 and many_median < 2 * base_median else "not met"
        print(f"ratio of medians ({len(big.documents)} docs / default): {many_median / base_median:.2f}x "
              f"(targets: within 2x, median < 2 ms, p99 < 10 ms: {met})")


if __name__ == "__main__":
    main()
