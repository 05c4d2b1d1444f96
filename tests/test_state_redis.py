"""Several `budgetbot serve` processes sharing one real Redis server (`--state redis://…`), as machines
behind a load balancer without sticky sessions: one conversation, one rate limit, and answers going
on without follow-ups while Redis is away."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import ExitStack

import httpx
import pytest
from redis_server import RedisServer, running_redis
from web_server import ROOT, free_port, live_server

from bot.settings import BUNDLED_DB

# 长沙市信访局's 2026 budget is in the bundled knowledge base; a question naming no department is
# about 长沙市12345政务热线中心, so 「比上年呢」 shows whether the conversation before it was there.
FIRST, FOLLOW_UP, THEN = "长沙市信访局三公经费是多少", "比上年呢", "其中公务接待费呢"
ASKED, DEFAULT = "长沙市信访局", "长沙市12345政务热线中心"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


def ask(url: str, question: str, session: str) -> httpx.Response:
    return httpx.post(url + "/api/ask", json={"question": question, "session": session}, timeout=10)


def test_a_conversation_moves_between_two_servers_and_survives_a_restart(redis_server, tmp_path):
    state = redis_server.url(1)
    with ExitStack() as stack:
        a = stack.enter_context(live_server(BUNDLED_DB, tmp_path / "a", workers=1, state_url=state))
        b = stack.enter_context(live_server(BUNDLED_DB, tmp_path / "b", workers=2, state_url=state))
        assert ASKED in ask(a, FIRST, "visitor-moving").json()["answer"]
        on_b = ask(b, FOLLOW_UP, "visitor-moving").json()["answer"]
        assert on_b.startswith(ASKED) and "比2025年" in on_b
        assert ask(b, FOLLOW_UP, "visitor-new-one").json()["answer"].startswith(DEFAULT)  # no conversation yet
        stack.pop_all().close()  # both servers stop
    with live_server(BUNDLED_DB, tmp_path / "a2", workers=1, state_url=state) as restarted:
        after = ask(restarted, THEN, "visitor-moving").json()["answer"]
    assert after.startswith(ASKED) and "公务接待费" in after


def test_one_rate_limit_covers_both_servers(redis_server, tmp_path):
    state = redis_server.url(2)
    with live_server(BUNDLED_DB, tmp_path / "a", workers=1, rate_limit=4, state_url=state) as a, \
            live_server(BUNDLED_DB, tmp_path / "b", workers=1, rate_limit=4, state_url=state) as b:
        codes = [ask(url, "三公经费是多少", f"visitor-{n:04d}").status_code for n, url in enumerate([a, b, a, b])]
        assert codes == [200, 200, 200, 200]
        for url in (a, b):  # the fifth question within a minute, whichever server takes it
            refused = ask(url, "三公经费是多少", "visitor-0005")
            assert refused.status_code == 429
            assert 50 <= int(refused.headers["retry-after"]) <= 60


def test_answers_go_on_without_redis_and_follow_ups_come_back_with_it(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    try:
        with live_server(BUNDLED_DB, tmp_path / "web", workers=2, rate_limit=1000, state_url=server.url()) as url:
            assert ASKED in ask(url, FIRST, "visitor-outage").json()["answer"]
            server.stop()
            started = time.perf_counter()
            replies = [ask(url, FOLLOW_UP, "visitor-outage") for _ in range(6)]
            assert time.perf_counter() - started < 20  # no request waits on the lost store for long
            assert [r.status_code for r in replies] == [200] * 6
            assert all(r.json()["answer"].startswith(DEFAULT) for r in replies)  # answered, without the context
            health = httpx.get(url + "/healthz").json()
            assert health["status"] == "degraded" and health["state"] == "degraded" and health["documents"] > 0

            server.start()  # the same port, empty: what it held is gone, new conversations carry on
            assert wait_for(lambda: httpx.get(url + "/healthz").json()["state"] == "ok")
            # every worker back on Redis: a new conversation's follow-up follows, whichever worker takes it
            sessions = (f"visitor-after-{n:03d}" for n in range(1000))

            def conversation_carries_on() -> bool:
                session = next(sessions)
                ask(url, FIRST, session)
                return ask(url, FOLLOW_UP, session).json()["answer"].startswith(ASKED)

            assert wait_for(lambda: all(conversation_carries_on() for _ in range(6)))
    finally:
        server.stop()


def test_serve_with_redis_unreachable_at_start_is_one_line_and_exit_1(tmp_path):
    port = free_port()  # nothing listens there
    env = {**os.environ, "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}
    cmd = [sys.executable, "-m", "bot", "serve", "--port", str(free_port()), "--state",
           f"redis://:s3cret@127.0.0.1:{port}/0"]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: redis://:***@127.0.0.1:{port}/0: the Redis server does not answer")
    assert "s3cret" not in result.stderr


def wait_for(check, timeout: float = 30.0) -> bool:
    """Whether `check()` turns true within `timeout` seconds (the servers try Redis again every second)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        time.sleep(0.2)
    return False
