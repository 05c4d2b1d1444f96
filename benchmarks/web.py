"""Load on `budgetbot serve` over loopback: concurrent clients asking, beside a /healthz prober.

    python benchmarks/web.py                  # 32 clients, 60 s per store: SQLite, then Redis (2 workers)
    python benchmarks/web.py --duration 10 --workers 4 --stores sqlite
    python benchmarks/web.py --redis redis://127.0.0.1:6379/5   # a Redis already running (its db 5)
    python benchmarks/web.py --url http://127.0.0.1:8000   # a server already running (rate limit off!)

Each client keeps one keep-alive connection and its own session, and asks a conversation with
follow-ups in a loop. The same run measures a server on each state store, taking turns: the SQLite file (the
default) and Redis (`--state redis://…`, a redis-server started on a free loopback port).
The servers started here run with BUDGETBOT_RATE_LIMIT=0, since every client comes from 127.0.0.1, and keep
their misses log and state in a temporary folder (never the operator's BUDGETBOT_MISSES);
`--rate-limit 100000000` keeps the limiter counting, to see what it costs.
The client is plain asyncio (no HTTP library) to leave the CPU to the server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from web_server import live_server  # noqa: E402  (the tests' helper: `budgetbot serve` on a free port)

from bot import settings  # noqa: E402

CONVERSATION = ["三公经费是多少", "其中公务接待费呢", "比上年呢", "基本支出预算数", "项目支出主要用于什么",
                "什么是机关运行经费", "今天天气怎么样"]


class Connection:
    """One keep-alive HTTP/1.1 connection: just enough of the protocol for this server."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n")
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return int(status_line.split()[1]), await self.reader.readexactly(length)


async def asker(n: int, host: str, port: int, until: float, latencies: list[float], errors: list[str]) -> None:
    conn = Connection(host, port)
    session = f"bench-{n:04d}-{os.getpid()}"
    i = 0
    while time.perf_counter() < until:
        body = json.dumps({"question": CONVERSATION[i % len(CONVERSATION)], "session": session}).encode()
        i += 1
        start = time.perf_counter()
        try:
            status, reply = await conn.request("POST", "/api/ask", body)
            ok = status == 200 and json.loads(reply)["answer"]
        except (OSError, ValueError, KeyError, asyncio.IncompleteReadError) as e:
            errors.append(repr(e))
            conn = Connection(host, port)
            continue
        if ok:
            latencies.append(time.perf_counter() - start)
        else:
            errors.append(f"{status} {reply[:200]!r}")


async def prober(host: str, port: int, until: float, latencies: list[float], errors: list[str]) -> None:
    conn = Connection(host, port)
    while time.perf_counter() < until:
        start = time.perf_counter()
        status, _ = await conn.request("GET", "/healthz")
        if status == 200:
            latencies.append(time.perf_counter() - start)
        else:
            errors.append(f"healthz {status}")
        await asyncio.sleep(0.02)


async def load(url: str, clients: int, duration: float) -> tuple[list[float], list[float], list[str]]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    answers: list[float] = []
    health: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + duration
    await asyncio.gather(*(asker(n, host, port, until, answers, errors) for n in range(clients)),
                         prober(host, port, until, health, errors))
    return answers, health, errors


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[int(q * 1000) - 1] if len(values) > 1 else float("nan")


def state_servers(args: argparse.Namespace, tmp: Path, stack: contextlib.ExitStack) -> list[tuple[str, str]]:
    """(store name, base URL) for each store asked for: one server each, all started here at once."""
    db = args.db or settings.db_path()
    servers = []
    for store in args.stores.split(","):
        if store == "sqlite":
            state_url = None  # the default: a SQLite file all workers share
        elif store == "redis":
            state_url = args.redis or start_redis(tmp, stack)
        else:
            raise SystemExit(f"unknown store {store!r}: sqlite or redis")
        url = stack.enter_context(live_server(db, tmp / f"{store}.sqlite", workers=args.workers,
                                              rate_limit=args.rate_limit, state_url=state_url))
        print(f"server: {args.workers} workers, state {store}, knowledge base {db}", flush=True)
        servers.append((store, url))
    return servers


def start_redis(tmp: Path, stack: contextlib.ExitStack) -> str:
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed: apt-get install -y redis-server, or --redis URL")
    from redis_server import RedisServer  # the tests' helper: redis-server on a free loopback port

    redis = RedisServer(tmp / "redis").start()
    stack.callback(redis.stop)
    return redis.url()


def report(name: str, url: str, clients: int, duration: float, answers: list[float], health: list[float],
           errors: list[str]) -> None:
    ms = 1000
    print(f"[{name}] {clients} clients, {duration:.0f} s against {url}/api/ask")
    print(f"[{name}] answers/s {len(answers) / duration:.0f}  answers {len(answers)}  errors {len(errors)}")
    print(f"[{name}] /api/ask latency p50 {percentile(answers, 0.5) * ms:.1f} ms  "
          f"p99 {percentile(answers, 0.99) * ms:.1f} ms  max {max(answers, default=0) * ms:.1f} ms")
    print(f"[{name}] /healthz beside it: {len(health)} probes, p50 {percentile(health, 0.5) * ms:.1f} ms"
          f"  p99 {percentile(health, 0.99) * ms:.1f} ms", flush=True)
    for error in sorted(set(errors))[:5]:
        print(f"[{name}] error:", error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per store (default 60)")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--db", type=Path, help="knowledge base (default: the bundled one)")
    parser.add_argument("--rate-limit", type=int, default=0,
                        help="questions per minute per client for the servers started here (default 0: off)")
    parser.add_argument("--stores", default="sqlite,redis",
                        help="state stores to compare, one server each in turn (default sqlite,redis)")
    parser.add_argument("--redis", metavar="URL", help="use this Redis server (default: a redis-server started here)")
    parser.add_argument("--rounds", type=int, default=4, help="turns each store takes within --duration (default 4)")
    parser.add_argument("--url", help="use this running server instead of starting any")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        # the servers' misses log and state in the temporary folder: the benchmark's 今天天气怎么样, asked
        # thousands of times, must not flood the operator's misses log (as benchmarks/answer.py does)
        os.environ.update({"BUDGETBOT_MISSES": f"{tmp}/misses.sqlite", "XDG_STATE_HOME": f"{tmp}/state"})
        servers = [("running", args.url)] if args.url else state_servers(args, Path(tmp), stack)
        results: dict[str, tuple[list[float], list[float], list[str]]] = {n: ([], [], []) for n, _ in servers}
        for _, url in servers:
            asyncio.run(load(url, args.clients, 2.0))  # warm-up, not counted
        # the stores take turns, so a machine busy with other work weighs on each alike
        for _ in range(args.rounds):
            for name, url in servers:
                measured = asyncio.run(load(url, args.clients, args.duration / args.rounds))
                for kept, new in zip(results[name], measured, strict=True):
                    kept.extend(new)
    for name, url in servers:
        report(name, url, args.clients, args.duration, *results[name])
    rates = {name: len(answers) / args.duration for name, (answers, _, _) in results.items()}
    if len(rates) == 2:
        (a, ra), (b, rb) = rates.items()
        print(f"{b} / {a}: {rb / ra:.2f} of the answers/s")
    sys.exit(1 if any(errors for _, _, errors in results.values()) else 0)


if __name__ == "__main__":
    main()
