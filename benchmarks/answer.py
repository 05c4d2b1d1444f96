"""Answering speed and size as the knowledge base grows: the bundled one, 1,000 and 10,000 documents.

    python benchmarks/answer.py [--copies 10000] [--rounds 10] [--db data/budgetbot.db]

Knowledge bases of 1,000 and --copies documents are built with benchmarks/synthetic.py (the bundled
documents copied inside SQLite as departments of other cities, other years, 预算 and 决算). For each
knowledge base it prints: the file size per document, the engine's load time, warm answer latency
(median and p99 over the same kinds of question on each — each question once naming no department
and five times naming one of that knowledge base's), a cold `budgetbot ask` (a whole process, median
of runs), and the resident memory of a `budgetbot serve` process after answering those questions and
again with its cache of documents full. Rounds alternate between the knowledge bases, so that other
work on the machine weighs on each alike.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from web_server import free_port  # noqa: E402  (the tests' helper)

from benchmarks.synthetic import build_many  # noqa: E402
from bot.core.engine import Engine  # noqa: E402
from bot.core.library import CACHED_DOCUMENTS  # noqa: E402
from bot.core.naming import NAMING  # noqa: E402
from bot.settings import BUNDLED_DB  # noqa: E402
from knowledge import query  # noqa: E402
from nlu.context import Context  # noqa: E402

QUESTIONS = [
    "三公经费是多少", "热线中心一年花多少钱", "招待费预算", "公车有几辆", "30101是什么", "什么是机关运行经费",
    "为什么预算增加了", "项目支出占总预算多少", "基本工资和奖金分别多少", "基本支出里哪项最多", "有没有政府性基金",
    "热线中心归哪个部门管", "座席有多少个", "三工经费", "机关运行经费比上年增加多少", "政府采购预算",
    "2023年三公经费", "讲个笑话", "北京市财政局三公经费", "按时办结率要求",
]
NAMED = 5  # departments each question is also asked of
TARGETS = "median within 1.5x of the bundled knowledge base, p99 <= 2 ms, cold ask <= 0.3 s, server <= 1 GB"


@dataclass
class Base:
    label: str
    path: Path
    build_s: float | None = None
    documents: int = 0
    engine: Engine | None = None
    questions: list[str] = field(default_factory=list)
    load_ms: list[float] = field(default_factory=list)
    warm_ms: list[float] = field(default_factory=list)
    cold_s: list[float] = field(default_factory=list)
    memory_mb: tuple[float, float | None] = (0.0, None)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def prepare(base: Base, loads: int) -> None:
    """Load the engine a few times (the last one is kept) and choose the questions naming departments."""
    for _ in range(loads):
        started = time.perf_counter()
        base.engine = Engine(base.path)
        base.load_ms.append((time.perf_counter() - started) * 1000)
    db = query.open_readonly(base.path)
    base.documents = query.document_count(db)
    departments = [d for (d,) in db.execute("select distinct department from documents order by department")]
    rng = random.Random(16)
    base.questions = QUESTIONS + [f"{rng.choice(departments)}{q}" for q in QUESTIONS for _ in range(NAMED)]


def warm(bases: list[Base], rounds: int) -> None:
    for base in bases:  # warm-up: the documents asked about indexed, caches filled
        for question in base.questions:
            base.engine.answer(question, Context())
    for _ in range(rounds):
        for base in bases:
            for question in base.questions:
                started = time.perf_counter()
                base.engine.answer(question, Context())
                base.warm_ms.append((time.perf_counter() - started) * 1000)


def cold(bases: list[Base], runs: int, env: dict[str, str]) -> float:
    """`budgetbot ask` as a whole process (`python -m bot`, this checkout's code); returns the median
    seconds of the interpreter alone (`python -c pass`), for how busy the machine is."""
    alone = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        alone.append(time.perf_counter() - started)
        for base in bases:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "bot", "ask", "三公经费是多少", "--db", str(base.path)],
                           cwd=ROOT, env=env, check=True, capture_output=True)
            base.cold_s.append(time.perf_counter() - started)
    return statistics.median(alone)


def server_memory(base: Base, env: dict[str, str], fill: int) -> tuple[float, float | None]:
    """Resident MB of `budgetbot serve` (one worker) after the benchmark's questions, and after
    questions about `fill` more documents than its cache keeps (None when there are not that many)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", "1",
                               "--db", str(base.path)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(url, server)
        for question in base.questions:
            _ask(url, question)
        answered = _rss_mb(server.pid)
        if base.documents <= CACHED_DOCUMENTS + fill:
            return answered, None
        db = query.open_readonly(base.path)
        departments = [d for (d,) in db.execute("select distinct department from documents order by random()")]
        for department in departments[: CACHED_DOCUMENTS + fill]:
            _ask(url, f"{department}三公经费是多少")
        return answered, _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("budgetbot serve exited")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("budgetbot serve did not come up")


def _ask(url: str, question: str) -> None:
    body = json.dumps({"question": question, "session": "benchmark-memory"}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        reply.read()


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for p in [pid, *_children(pid)]:
        status = Path(f"/proc/{p}/status").read_text()
        total += int(status.split("VmRSS:")[1].split()[0])
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_children(int(child))]
    return found


def report(bases: list[Base], interpreter: float) -> None:
    print(f"\n{'knowledge base':<16}{'documents':>10}{'KB/doc':>8}{'built s':>9}{'load ms':>9}{'warm p50':>10}"
          f"{'warm p99':>10}{'cold ask':>10}{'serve MB':>10}{'cache full':>11}")
    for b in bases:
        built = f"{b.build_s:.1f}" if b.build_s is not None else "-"
        full = f"{b.memory_mb[1]:.0f}" if b.memory_mb[1] is not None else "-"
        print(f"{b.label:<16}{b.documents:>10,}{b.path.stat().st_size / 1024 / b.documents:>8.0f}{built:>9}"
              f"{statistics.median(b.load_ms):>9.0f}{statistics.median(b.warm_ms):>8.3f}ms"
              f"{percentile(b.warm_ms, 99):>8.3f}ms{statistics.median(b.cold_s):>9.3f}s"
              f"{b.memory_mb[0]:>10.0f}{full:>11}")
    print(f"({len(bases[0].warm_ms)} warm answers each; cold ask: median of {len(bases[0].cold_s)} runs; "
          f"serve MB: after the benchmark's questions; cache full: after questions on "
          f"{CACHED_DOCUMENTS:,}+ documents)")
    print(f"the interpreter alone (python -c pass) took {interpreter:.3f} s; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    base, largest = bases[0], bases[-1]
    ratio = statistics.median(largest.warm_ms) / statistics.median(base.warm_ms)
    met = (ratio <= 1.5 and percentile(largest.warm_ms, 99) <= 2 and statistics.median(largest.cold_s) <= 0.3
           and max(m for m in largest.memory_mb if m is not None) <= 1024)
    print(f"{largest.label}: warm median {ratio:.2f}x the bundled knowledge base's. Targets ({TARGETS}): "
          f"{'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=BUNDLED_DB, help="the knowledge base the copies are made of")
    parser.add_argument("--copies", type=int, default=10_000, help="documents of the largest knowledge base")
    parser.add_argument("--rounds", type=int, default=10, help="timed rounds over the questions")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--fill", type=int, default=100, help="documents asked about beyond the cache's size")
    parser.add_argument("--tmp", type=Path, default=None, help="where the knowledge bases are built")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BUDGETBOT_RATE_LIMIT": "0",
               "BUDGETBOT_MISSES": f"{tmp}/misses.sqlite", "BUDGETBOT_WEB_STATE": f"{tmp}/web.sqlite"}
        bases = [Base("bundled", args.db)]
        for size in sorted({min(1000, args.copies), args.copies}):
            base = Base(f"{size:,} documents", Path(tmp) / f"kb{size}.db")
            started = time.perf_counter()
            build_many(args.db, base.path, size, naming=NAMING)
            base.build_s = time.perf_counter() - started
            print(f"built {base.label} in {base.build_s:.1f} s", flush=True)
            bases.append(base)
        for base in bases:
            prepare(base, loads=3)
        warm(bases, args.rounds)
        interpreter = cold(bases, args.cold_runs, env)
        for base in bases:
            base.engine = None  # the memory measured is the server's, not this process's
            base.memory_mb = server_memory(base, env, args.fill)
        report(bases, interpreter)


if __name__ == "__main__":
    main()
