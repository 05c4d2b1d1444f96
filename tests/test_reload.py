"""A running server picks up a new knowledge base file — moved into place, or announced by SIGHUP —
and swaps its engine without dropping a request; a file that does not load leaves the old one."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import shutil
import signal
import sqlite3
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from web_server import live_server

from bot.core.engine import Engine
from bot.frontends.reload import watched_session
from bot.frontends.session import MemoryConversation
from bot.settings import BUNDLED_DB


def replace(target: Path, source: Path) -> None:
    """What an operator does: copy the new file beside the old one, then rename it over (atomic)."""
    fresh = target.with_suffix(".new")
    shutil.copyfile(source, fresh)
    os.replace(fresh, target)


def test_a_new_file_is_swapped_in_once_it_holds_still(founding_db, tmp_path):
    kb = tmp_path / "kb.db"
    shutil.copyfile(founding_db, kb)
    session, reloader = watched_session(kb)
    assert len(session.engine.documents) == 1

    async def looks() -> list[bool]:
        replace(kb, BUNDLED_DB)
        return [await reloader.check(), await reloader.check(), await reloader.check()]

    assert asyncio.run(looks()) == [False, True, False]  # changed; held still, swapped; nothing new
    assert len(session.engine.documents) == 15
    assert "长沙市信访局" in session.ask(MemoryConversation(), "长沙市信访局三公经费是多少").answer


def test_a_file_that_does_not_load_leaves_the_old_engine_answering(founding_db, tmp_path, caplog):
    kb = tmp_path / "kb.db"
    shutil.copyfile(founding_db, kb)
    session, reloader = watched_session(kb)
    before = session.engine
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 100)

    async def looks() -> list[bool]:
        replace(kb, broken)
        return [await reloader.check(), await reloader.check(), await reloader.check(force=True)]

    with caplog.at_level(logging.ERROR, logger="budgetbot.reload"):
        assert asyncio.run(looks()) == [False, False, False]
    assert session.engine is before
    assert "does not load" in caplog.text and "still answering" in caplog.text
    assert "3.93万元" in session.ask(MemoryConversation(), "三公经费是多少").answer


class Asker(threading.Thread):
    """Asks without pause over keep-alive connections, and a new connection now and then."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.codes, self.errors = url, threading.Event(), [], []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            with httpx.Client(base_url=self.url, timeout=10) as client:
                for _ in range(20):
                    n += 1
                    try:
                        r = client.post("/api/ask", json={"question": "三公经费是多少", "session": f"reload-{n:05d}"})
                        self.codes.append(r.status_code)
                    except httpx.HTTPError as e:
                        self.errors.append(repr(e))


def documents_everywhere(url: str, expected: int, timeout: float = 20.0) -> bool:
    """Whether every worker reports `expected` documents (a new connection per probe spreads them)."""
    deadline = time.monotonic() + timeout
    streak = 0
    while time.monotonic() < deadline and streak < 10:
        streak = streak + 1 if httpx.get(url + "/healthz").json()["documents"] == expected else 0
        time.sleep(0.05)
    return streak >= 10


def test_a_serving_server_picks_up_the_new_file_and_sighup_without_dropping_a_request(founding_db, tmp_path):
    kb = tmp_path / "kb.db"
    shutil.copyfile(founding_db, kb)
    with live_server(kb, tmp_path / "state.sqlite", workers=2) as url:
        log = tmp_path / "state.log"
        deadline = time.monotonic() + 30  # both workers up, each on the first file
        while log.read_text().count("Application startup complete") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        askers = [Asker(url) for _ in range(3)]
        for asker in askers:
            asker.start()
        try:
            replace(kb, BUNDLED_DB)
            assert documents_everywhere(url, 15)
            replace(kb, founding_db)
            os.utime(kb)
            url.proc.send_signal(signal.SIGHUP)  # systemctl reload: to the supervisor, which passes it on
            assert documents_everywhere(url, 1, timeout=5)
        finally:
            for asker in askers:
                asker.stop.set()
            for asker in askers:
                asker.join(timeout=20)
    answered = sum(len(a.codes) for a in askers)
    assert answered > 50
    assert [e for a in askers for e in a.errors] == []
    assert {c for a in askers for c in a.codes} == {200}
    log = (tmp_path / "state.log").read_text()
    assert log.count("reloaded: 15 documents") == 2  # each worker, once
    assert log.count("SIGHUP: reloading") == 2
    assert "Terminated child process" not in log.split("Received SIGTERM")[0]  # no worker was restarted



def test_one_worker_takes_sighup_itself_and_keeps_serving(founding_db, tmp_path):
    kb = tmp_path / "kb.db"
    shutil.copyfile(founding_db, kb)
    with live_server(kb, tmp_path / "state.sqlite", workers=1) as url:
        replace(kb, BUNDLED_DB)
        url.proc.send_signal(signal.SIGHUP)
        assert documents_everywhere(url, 15, timeout=5)
        assert url.proc.poll() is None
        r = httpx.post(url + "/api/ask", json={"question": "长沙市信访局三公经费是多少"})
        assert r.status_code == 200 and r.json()["answer"].startswith("长沙市信访局")
    assert "SIGHUP: reloading" in (tmp_path / "state.log").read_text()


def test_the_engine_replaced_is_closed_once_its_questions_are_answered(founding_db, tmp_path):
    kb = tmp_path / "kb.db"
    shutil.copyfile(founding_db, kb)
    session, reloader = watched_session(kb)
    reloader.retire_after = 0  # a server waits RETIRE_AFTER seconds for questions already on their way
    old = session.engine
    asked, release = threading.Event(), threading.Event()
    document = old.library.document

    def slow_document(*args, **kwargs):  # a question being answered on the old engine when the file changes
        asked.set()
        assert release.wait(30)
        return document(*args, **kwargs)

    old.library.document = slow_document
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(session.ask, MemoryConversation(), "三公经费是多少")
        assert asked.wait(30)

        async def reload() -> bool:
            replace(kb, BUNDLED_DB)
            swapped = await reloader.check(force=True)
            await asyncio.sleep(0.1)  # the old engine's retirement is due
            return swapped

        assert asyncio.run(reload()) and session.engine is not old
        old.library.db.execute("select 1")  # still open: its question is not answered yet
        release.set()
        assert "3.93万元" in answer.result(30).answer
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        old.library.db.execute("select 1")
    assert "长沙市信访局" in session.ask(MemoryConversation(), "长沙市信访局三公经费是多少").answer


def test_an_engine_let_go_is_freed_at_once(founding_db):
    """No reference cycle through the engine: dropped, it goes (and its connection with it) without
    waiting for the garbage collector."""
    gc.disable()
    try:
        engine = Engine(founding_db)
        assert "3.93万元" in engine.answer("三公经费是多少").answer
        gone = weakref.ref(engine)
        del engine
        assert gone() is None
    finally:
        gc.enable()
