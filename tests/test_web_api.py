"""The HTTP API of `budgetbot serve`: every endpoint, error and limit."""

from __future__ import annotations

import re
import socket
import statistics
import threading
import time

import httpx
import pytest
import uvicorn
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient
from web_server import live_server

from bot.core.engine import Engine
from bot.frontends.cli import main
from bot.frontends.serving import NoDelayHTTP
from bot.frontends.web import create_app
from bot.frontends.web_state import SharedState
from bot.settings import BUNDLED_DB, MAX_QUESTION_CHARS
from nlu.context import Context

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ORIGIN = "https://www.example.gov.cn"


@pytest.fixture
def client(founding_db, tmp_path):
    app = create_app(founding_db, state=tmp_path / "state.sqlite", cors_origins=(ORIGIN,), rate_limit=1000)
    return TestClient(app, raise_server_exceptions=False)


def ask(client, question, session="test-session-1", **extra):
    return client.post("/api/ask", json={"question": question, "session": session, **extra})


def test_healthz_reports_the_loaded_knowledge_base(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "documents": 1, "state": "ok"}


def test_openapi_describes_every_endpoint(client):
    r = client.get("/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/ask", "/healthz", "/widget.js", "/"} <= set(spec["paths"])
    assert {"413", "422", "429"} <= set(spec["paths"]["/api/ask"]["post"]["responses"])


def test_ask_replies_with_the_reply_object_and_its_session(client):
    r = ask(client, "三公经费是多少")
    assert r.status_code == 200
    body = r.json()
    assert {"answer", "intent", "confidence", "sources", "suggestions", "chart", "session"} <= set(body)
    assert body["session"] == "test-session-1"
    assert r.headers["cache-control"] == "no-store"


def test_ask_answers_with_the_figure_and_its_source(client):
    body = ask(client, "三公经费是多少").json()
    assert "3.93万元" in body["answer"]
    assert body["sources"]


def test_follow_up_uses_the_session(client):
    ask(client, "三公经费是多少", session="conversation-a")
    body = ask(client, "其中公务接待费呢", session="conversation-a").json()
    assert "1.90" in body["answer"]


def test_a_reset_word_starts_the_session_anew(tmp_path):
    client = TestClient(create_app(BUNDLED_DB, state=tmp_path / "state.sqlite", rate_limit=0))
    assert "长沙市信访局2026年“三公”经费预算8.00万元" in ask(client, "长沙市信访局三公经费是多少").json()["answer"]
    reset = ask(client, "重新开始").json()
    assert (reset["intent"], reset["answer"]) == ("reset", "好的，已开始新的对话。接下来的问题不再接着前面的对话。")
    assert "热线中心2024年“三公”经费预算3.93万元" in ask(client, "三公经费是多少").json()["answer"]


def test_without_session_the_server_makes_one(client):
    body = client.post("/api/ask", json={"question": "三公经费是多少"}).json()
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", body["session"])


@pytest.mark.parametrize("session", ["short", "x" * 65, "has space!", 42])
def test_bad_session_is_422(client, session):
    r = ask(client, "三公经费是多少", session=session)
    assert r.status_code == 422
    assert "session" in r.json()["error"]


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"question"', b'{"question": "\xff"}'])
def test_body_that_is_not_a_json_object_is_400(client, body):
    r = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400
    assert "JSON" in r.json()["error"]


@pytest.mark.parametrize("question", ["", "   ", None, 3, ["三公经费"]])
def test_missing_or_empty_question_is_422(client, question):
    r = client.post("/api/ask", json={"question": question, "session": "test-session-1"})
    assert r.status_code == 422
    assert "请输入问题" in r.json()["error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(min_size=1, max_size=MAX_QUESTION_CHARS).filter(str.strip))
def test_any_question_within_the_limit_gets_an_answer(client, question):
    r = ask(client, question)
    assert r.status_code == 200
    assert r.json()["answer"]


def test_the_api_description_and_the_widget_state_the_servers_limit(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["schemas"]["Question"]["properties"]["question"]["maxLength"] == MAX_QUESTION_CHARS
    assert f"const MAX = {MAX_QUESTION_CHARS};" in client.get("/widget.js").text


def test_question_over_the_limit_gets_a_clear_422(client):
    r = ask(client, "三公经费" * 200)
    assert r.status_code == 422
    assert "问题太长了（800字），请在200字以内" in r.json()["error"]  # as every front end says it


def test_100_kb_question_is_413_with_a_message(client):
    r = ask(client, "三" * 100_000)
    assert r.status_code == 413
    assert "请求太大" in r.json()["error"]


def test_body_limit_holds_without_content_length(client):
    chunks = (b"x" * 4096 for _ in range(10))
    r = client.post("/api/ask", content=chunks, headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert r.status_code == 413


def test_rate_limit_is_429_with_retry_after(founding_db, tmp_path):
    client = TestClient(create_app(founding_db, state=tmp_path / "s.sqlite", rate_limit=3))
    codes = [ask(client, "三公经费是多少").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = ask(client, "三公经费是多少")
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert "太频繁" in r.json()["error"]
    assert client.get("/healthz").status_code == 200


def test_rate_limit_and_sessions_are_shared_between_worker_connections(tmp_path):
    a, b = SharedState(tmp_path / "s.sqlite"), SharedState(tmp_path / "s.sqlite")
    now = 60 * 20_000.0  # the start of a minute
    assert [a.hit("1.2.3.4", 2, now), b.hit("1.2.3.4", 2, now)] == [0, 0]
    assert a.hit("1.2.3.4", 2, now + 10) == 50
    assert b.hit("5.6.7.8", 2, now) == 0
    assert b.hit("1.2.3.4", 2, now + 60) == 0  # a new minute
    a.save("sess-0001", Context(subject="“三公”经费", year=2024), now)
    assert b.context("sess-0001", now + 5) == Context(subject="“三公”经费", year=2024)
    assert b.context("sess-0001", now + 1801) == Context()  # expired


def test_cors_allows_the_configured_origin_only(client):
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    ok = client.options("/api/ask", headers={"origin": ORIGIN, **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == ORIGIN
    bad = client.options("/api/ask", headers={"origin": "https://evil.example", **preflight})
    assert bad.status_code == 400
    assert "access-control-allow-origin" not in bad.headers
    post = client.post("/api/ask", json={"question": "三公经费是多少"}, headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in post.headers


def test_demo_pages_have_security_headers(client):
    for path in ("/", "/budget"):
        r = client.get(path)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert '<script src="/widget.js" data-title=' in r.text


def test_widget_script_is_embeddable_elsewhere(client):
    r = client.get("/widget.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "x-frame-options" not in r.headers
    assert "attachShadow" in r.text and "innerHTML" not in r.text


def test_unknown_path_and_wrong_method_are_json_errors(client):
    assert client.get("/nope").status_code == 404
    assert client.get("/nope").json() == {"error": "Not Found"}
    assert client.get("/api/ask").status_code == 405


def test_a_failure_inside_gives_no_stack_trace(client, monkeypatch):
    def boom(self, question, context=None):
        raise RuntimeError("secret internals at /srv/budgetbot")

    monkeypatch.setattr(Engine, "answer", boom)
    r = ask(client, "三公经费是多少")
    assert r.status_code == 500
    assert r.json() == {"error": "抱歉，服务出错了，请稍后再试。"}
    assert "secret" not in r.text and "Traceback" not in r.text


def test_serve_without_a_knowledge_base_says_so(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code != 0
    assert "no knowledge base" in result.output


@pytest.fixture(scope="module")
def four_workers(founding_db, tmp_path_factory):
    with live_server(founding_db, tmp_path_factory.mktemp("live") / "state.sqlite", workers=4) as url:
        yield url


def test_follow_ups_work_across_four_worker_processes(four_workers):
    for n in range(8):
        session = f"conversation-{n:04d}"
        # a new connection per request, so the requests spread over the workers
        first = httpx.post(four_workers + "/api/ask", json={"question": "三公经费是多少", "session": session})
        follow = httpx.post(four_workers + "/api/ask", json={"question": "其中公务接待费呢", "session": session})
        assert "3.93万元" in first.json()["answer"]
        assert "1.90" in follow.json()["answer"]


@pytest.mark.parametrize("http, fast", [(NoDelayHTTP, True), ("auto", False)])
def test_keep_alive_replies_are_not_held_back_by_nagle(founding_db, tmp_path, http, fast):
    # A listening socket made as uvicorn's --workers supervisor makes it (proto 0, uvicorn issue #3149),
    # served on the plain asyncio loop: without NoDelayHTTP each keep-alive reply waits ~40 ms.
    # Should the "auto" case turn fast, uvicorn has fixed it and NoDelayHTTP can go.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    app = create_app(founding_db, state=tmp_path / "s.sqlite", rate_limit=0)
    server = uvicorn.Server(uvicorn.Config(app, loop="asyncio", http=http, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        while not server.started:
            time.sleep(0.01)
        with httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}") as client:
            times = []
            for _ in range(15):
                start = time.perf_counter()
                assert client.post("/api/ask", json={"question": "三公经费是多少"}).status_code == 200
                times.append(time.perf_counter() - start)
    finally:
        server.should_exit = True
        thread.join()
    assert (statistics.median(times) < 0.025) is fast
