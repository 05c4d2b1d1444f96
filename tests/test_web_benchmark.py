"""benchmarks/web.py leaves the operator's files alone: the thousands of questions it asks (今天天气怎么样
among them) go to a misses log and state of its own, never to BUDGETBOT_MISSES."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_a_web_benchmark_run_keeps_out_of_the_operators_misses_log(tmp_path):
    operator = tmp_path / "operator"
    env = {**os.environ, "BUDGETBOT_MISSES": str(operator / "misses.sqlite"), "XDG_STATE_HOME": str(operator)}
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "web.py"), "--duration", "1", "--rounds", "1",
         "--stores", "sqlite", "--workers", "1", "--clients", "2"],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors 0" in run.stdout  # it did ask, 今天天气怎么样 included
    assert not operator.exists() or list(operator.rglob("*")) == []
