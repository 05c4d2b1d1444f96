"""`budgetbot serve` under hostile requests: JSON only as application/json, odd Unicode and deep nesting
answered, no session row kept for visitors who never come back, quiet about clients that hang up, and
every reply (a 500 too) with the security headers."""

from __future__ import annotations

import socket
import sqlite3
import time

import httpx
import pytest
from starlette.testclient import TestClient
from web_server import live_server

from bot.core.engine import Engine
from bot.frontends.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SURROGATE_BODY = b'{"question": "\\ud800\\u4e09\\u516c\\u7ecf\\u8d39", "session": "test-session-1"}'
DEEP = b'{"question": ' + b"[" * 5000 + b"]" * 5000 + b"}"


class Clock:
    def __init__(self) -> None:
        self.now = 60 * 30_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(founding_db, tmp_path, clock):
    app = create_app(founding_db, state=tmp_path / "state.sqlite", rate_limit=1000, clock=clock)
    return TestClient(app, raise_server_exceptions=False)


def post(client, body: bytes, content_type: str | None = "application/json"):
    headers = {"content-type": content_type} if content_type else {}
    return client.post("/api/ask", content=body, headers=headers)


def test_a_lone_surrogate_in_the_question_is_answered(client):
    r = post(client, SURROGATE_BODY)
    assert r.status_code == 200
    assert "3.93" in r.json()["answer"]


def test_json_nested_5000_deep_is_400(client):
    r = post(client, DEEP)
    assert r.status_code == 400
    assert "JSON" in r.json()["error"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None, "application/jsonp"])
def test_a_body_that_is_not_declared_json_is_415(client, content_type):
    r = post(client, '{"question": "三公经费是多少"}'.encode(), content_type)
    assert r.status_code == 415
    assert "application/json" in r.json()["error"]


def test_json_with_a_charset_is_fine(client):
    r = post(client, '{"question": "三公经费是多少"}'.encode(), "Application/JSON; charset=utf-8")
    assert r.status_code == 200


def test_refused_content_types_spend_no_rate_limit(founding_db, tmp_path):
    client = TestClient(create_app(founding_db, state=tmp_path / "s.sqlite", rate_limit=2))
    for _ in range(5):
        assert post(client, b'{"question": "x"}', "text/plain").status_code == 415
    assert post(client, '{"question": "三公经费是多少"}'.encode()).status_code == 200


def sessions(tmp_path) -> int:
    conn = sqlite3.connect(tmp_path / "state.sqlite")
    try:
        return conn.execute("select count(*) from sessions").fetchone()[0]
    finally:
        conn.close()


def test_visitors_who_bring_no_session_and_never_return_leave_no_rows(client, clock, tmp_path):
    for _ in range(300):
        assert post(client, '{"question": "三公经费是多少"}'.encode()).status_code == 200
    clock.now += 180  # three minutes without a follow-up
    post(client, '{"question": "三公经费是多少"}'.encode())
    assert sessions(tmp_path) <= 1


def test_a_server_made_session_still_carries_the_conversation(client, clock):
    first = post(client, '{"question": "三公经费是多少"}'.encode()).json()
    clock.now += 60
    follow = client.post("/api/ask", json={"question": "其中公务接待费呢", "session": first["session"]}).json()
    assert "1.90" in follow["answer"]
    clock.now += 1500  # a returning visitor's conversation is kept the full 30 minutes
    again = client.post("/api/ask", json={"question": "比上年呢", "session": first["session"]}).json()
    assert again["intent"] != "unknown" and "公务接待费" in again["answer"]


def test_a_500_carries_the_security_headers(client, monkeypatch):
    def boom(self, question, context=None):
        raise RuntimeError("internals")

    monkeypatch.setattr(Engine, "answer", boom)
    r = post(client, '{"question": "三公经费是多少"}'.encode())
    assert r.status_code == 500
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert r.headers["cache-control"] == "no-store"


@pytest.fixture(scope="module")
def server(founding_db, tmp_path_factory):
    state = tmp_path_factory.mktemp("live") / "state.sqlite"
    with live_server(founding_db, state, workers=1) as url:
        yield url, state.with_suffix(".log")


def test_odd_requests_keep_the_connection_and_log_no_traceback(server):
    url, log = server
    with httpx.Client(base_url=url, headers={"content-type": "application/json"}) as http:
        replies = [http.post("/api/ask", content=body) for body in (SURROGATE_BODY, DEEP, SURROGATE_BODY)]
        assert [r.status_code for r in replies] == [200, 400, 200]
        assert len({r.extensions["network_stream"] for r in replies}) == 1  # one keep-alive connection
    assert "Traceback" not in log.read_text()


def test_a_client_that_hangs_up_mid_body_logs_no_traceback(server):
    url, log = server
    host, port = url.removeprefix("http://").split(":")
    for _ in range(3):
        with socket.create_connection((host, int(port))) as s:
            s.sendall(b"POST /api/ask HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                      b"content-length: 1000\r\n\r\n" + b'{"question": "')
            time.sleep(0.2)
    time.sleep(0.5)
    assert httpx.get(url + "/healthz").status_code == 200
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text
