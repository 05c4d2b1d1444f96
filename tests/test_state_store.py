"""The two state stores behind one interface (SQLite file, Redis server): a true sliding rate-limit
window, idle conversations forgotten, WeChat's retries answered once, store URLs, and a store that
goes away and comes back."""

from __future__ import annotations

import sqlite3
import time

import pytest
from redis_server import RedisServer, running_redis

from bot.frontends import state as state_module
from bot.frontends.state import StateUnavailable, open_state, redact, sqlite_path
from bot.frontends.state_redis import RedisState
from bot.frontends.web_state import SharedState
from nlu.context import Context

MINUTE = 60 * 20_000.0  # the start of a minute


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path, redis_server):
    """Each store, empty: a new SQLite file, or a Redis database emptied first."""
    if request.param == "sqlite":
        opened = open_state(f"sqlite://{tmp_path}/state.sqlite", session_ttl=1.5)
    else:
        opened = open_state(redis_server.url(3), session_ttl=1.5)
        opened.client.flushdb()
    yield opened
    opened.close()


def test_sixty_requests_across_a_minute_boundary_let_only_the_limit_through(store):
    # 60 requests in 4 s, from 2 s before a minute starts to 2 s after: a fixed per-minute window
    # would let all 60 through (30 in each minute); the sliding window lets 30.
    times = [MINUTE - 2 + 4 * i / 59 for i in range(60)]
    waits = [store.hit("10.0.0.1", 30, now) for now in times]
    assert waits[:30] == [0.0] * 30
    assert all(w > 0 for w in waits[30:])
    # the first place frees up when the first request is a minute old
    assert waits[-1] == pytest.approx(times[0] + 60 - times[-1])
    assert store.hit("10.0.0.1", 30, times[0] + 60.01) == 0.0
    assert store.hit("10.0.0.1", 30, times[0] + 60.02) > 0  # the second is still inside
    assert store.hit("10.0.0.2", 30, times[-1]) == 0.0  # another client counts apart


def test_refused_requests_do_not_count_against_the_client(store):
    assert [store.hit("c", 2, MINUTE + t) for t in (0, 1)] == [0.0, 0.0]
    assert store.hit("c", 2, MINUTE + 30) == pytest.approx(30)
    assert store.hit("c", 2, MINUTE + 59) == pytest.approx(1)
    assert store.hit("c", 2, MINUTE + 60.5) == 0.0  # refusals in between did not extend the wait


def test_the_rate_limit_is_shared_by_two_connections(store, tmp_path, redis_server):
    other = SharedState(store.path) if isinstance(store, SharedState) else RedisState(redis_server.url(3))
    assert store.hit("c", 3, MINUTE) == 0.0
    assert other.hit("c", 3, MINUTE + 1) == 0.0
    assert store.hit("c", 3, MINUTE + 2) == 0.0
    assert other.hit("c", 3, MINUTE + 3) == pytest.approx(57)
    other.close()


def test_a_conversation_is_kept_and_forgotten_after_its_idle_time(store):
    asked = Context(department="长沙市信访局", subject="“三公”经费", year=2026)
    store.conversation("web:visitor-1").save(asked)
    assert store.conversation("web:visitor-1").load() == asked
    assert store.conversation("web:visitor-2").load() == Context()
    time.sleep(1.7)  # the store here forgets after 1.5 idle seconds (30 minutes by default)
    assert store.conversation("web:visitor-1").load() == Context()


def test_a_retried_message_is_claimed_once_and_gets_the_first_reply(store):
    assert store.claim("oUser:1") == (True, None)
    assert store.claim("oUser:1") == (False, None)  # still being answered
    store.remember("oUser:1", "答：3.93万元")
    assert store.claim("oUser:1") == (False, "答：3.93万元")
    assert store.stored("oUser:1") == "答：3.93万元"
    store.remember("oUser:2", "")  # a message answered with no reply (an event) is answered still
    assert store.claim("oUser:2") == (False, "")


def test_without_redis_the_store_degrades_and_recovers_when_it_returns(tmp_path, monkeypatch):
    monkeypatch.setattr(state_module, "RETRY_AFTER", 0.2)
    monkeypatch.setattr(state_module, "RETRY_AFTER_MAX", 0.4)
    server = RedisServer(tmp_path / "redis")
    store = open_state(server.url(), check=False)
    started = time.perf_counter()
    assert store.context("web:visitor-1") == Context()
    assert store.hit("c", 1) == 0.0 and store.hit("c", 1) == 0.0  # no refusals while nothing is counted
    assert store.claim("oUser:1") == (True, None)
    store.save("web:visitor-1", Context(year=2026))  # dropped, without an error
    assert store.health() == "degraded"
    assert time.perf_counter() - started < 2  # a store away costs an answer no more than a moment
    server.start()
    try:
        deadline = time.monotonic() + 5
        while store.health() != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)  # tried again 0.2, then 0.4 s after each failed attempt
        assert store.health() == "ok"
        store.save("web:visitor-1", Context(year=2026))
        assert store.context("web:visitor-1") == Context(year=2026)
        assert store.hit("c", 1) == 0.0 and store.hit("c", 1) > 0
    finally:
        store.close()
        server.stop()


def test_an_unreachable_redis_at_start_is_one_clear_error(tmp_path):
    port = RedisServer(tmp_path).port  # free, nothing listens there
    with pytest.raises(StateUnavailable, match=rf"redis://:\*\*\*@127.0.0.1:{port}/0: the Redis server does not "
                                               r"answer \(.*refused"):
        open_state(f"redis://:s3cret@127.0.0.1:{port}/0")


def test_a_wrong_redis_password_is_one_clear_error_and_the_right_one_works(tmp_path):
    server = RedisServer(tmp_path / "redis", options=("--requirepass", "right-one")).start()
    try:
        with pytest.raises(StateUnavailable, match=r"redis://:\*\*\*@127.0.0.1:\d+/0: the Redis server refuses "
                                                   r"the user or password of the URL"):
            open_state(f"redis://:wrong-one@127.0.0.1:{server.port}/0")
        store = open_state(f"redis://:right-one@127.0.0.1:{server.port}/0")
        assert store.health() == "ok"
        store.close()
    finally:
        server.stop()


def test_state_urls(tmp_path):
    assert sqlite_path("sqlite:///var/lib/budgetbot/state.sqlite").as_posix() == "/var/lib/budgetbot/state.sqlite"
    assert sqlite_path("sqlite:state.sqlite").as_posix() == "state.sqlite"
    assert sqlite_path("/srv/state.sqlite").as_posix() == "/srv/state.sqlite"
    assert isinstance(open_state(tmp_path / "plain.sqlite"), SharedState)
    assert redact("rediss://default:pa55@cache.example:6380/2") == "rediss://default:***@cache.example:6380/2"
    assert redact("redis://cache.example:6379/0") == "redis://cache.example:6379/0"
    with pytest.raises(StateUnavailable, match="not a state store URL"):
        open_state("memcached://cache.example:11211")
    with pytest.raises(StateUnavailable, match="not a usable Redis URL"):
        open_state("redis://cache.example:notaport/0", check=False)


def test_a_state_file_of_the_first_web_server_loses_its_hits_table_once(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite"
    old = sqlite3.connect(path)  # as the first `budgetbot serve` left it: fixed-window counts in `hits`
    old.execute("CREATE TABLE hits (client TEXT, window INTEGER, count INTEGER)")
    old.execute("CREATE TABLE sessions (id TEXT PRIMARY KEY, context TEXT NOT NULL, expires REAL NOT NULL)")
    old.execute("INSERT INTO sessions VALUES ('conv:web:kept', '{\"subject\": \"“三公”经费\"}', 9e9)")
    old.commit()
    SharedState(path).close()
    tables = {name for (name,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "hits" not in tables and {"sessions", "requests", "wechat_replies"} <= tables
    assert SharedState(path).context("web:kept") == Context(subject="“三公”经费")  # conversations stay
    # once brought up to date, a start changes nothing: no statement but the store's own reads and writes
    statements: list[str] = []
    real_connect = sqlite3.connect

    def traced(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    SharedState(path).close()
    assert not [s for s in statements if s.lstrip().upper().startswith(("DROP", "CREATE", "BEGIN"))]
