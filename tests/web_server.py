"""A live `budgetbot serve` on a loopback port, for the web API and widget tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


class Served(str):
    """The base URL of a live server, with its process (`.proc`) for signals."""

    proc: subprocess.Popen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(cmd: list[str], probe: str, log: Path, *, env: dict[str, str] | None = None) -> Iterator[Served]:
    """A `python -m bot …` server in a child process, its output to `log`; yields its base URL (taken
    from the probe URL) once `probe` answers 200, and stops it afterwards."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = probe[: probe.index("/", len("http://"))]
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(cmd[2:4])} exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(probe, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(cmd[2:4])} did not come up within 60 s")
            time.sleep(0.2)
        served = Served(url)
        served.proc = proc
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def live_server(
    db: Path, state: Path, *, workers: int = 2, rate_limit: int = 0, cors: str = "", state_url: str | None = None
) -> Iterator[Served]:
    """`python -m bot serve` in a child process; yields its base URL once /healthz answers. Its
    conversations go to the SQLite file `state`, or with `state_url` to that store (`state` then
    names its log, with the suffix .log); its misses log is beside `state`, never the operator's."""
    port = free_port()
    env = {**os.environ, "BUDGETBOT_WEB_STATE": str(state), "BUDGETBOT_RATE_LIMIT": str(rate_limit),
           "BUDGETBOT_CORS_ORIGINS": cors, "BUDGETBOT_MISSES": str(state.with_suffix(".misses.sqlite"))}
    cmd = [sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", str(workers),
           "--db", str(db)] + (["--state", state_url] if state_url else [])
    state.parent.mkdir(parents=True, exist_ok=True)
    with running(cmd, f"http://127.0.0.1:{port}/healthz", state.with_suffix(".log"), env=env) as served:
        yield served
