"""The misses log: it never costs a visitor an answer, leaves no connection open behind it, and an
operator whose BUDGETBOT_MISSES cannot be written is told so — once, not for every question."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from bot.frontends import misses as misses_module
from bot.frontends.misses import MissLog
from bot.frontends.session import MemoryConversation, Session


def test_every_connection_to_the_log_is_closed(tmp_path, monkeypatch):
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def tracked(*args, **kwargs):
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(misses_module.sqlite3, "connect", tracked)
    log = MissLog(tmp_path / "misses.sqlite")
    log.record("今天天气怎么样")
    log.record("今天天气怎么样")
    assert [(question, times) for question, times, _ in log.most_frequent()] == [("今天天气怎么样", 2)]
    assert len(opened) == 3
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("select 1")


def test_a_log_that_cannot_be_written_is_said_once_and_costs_no_answer(founding_engine, tmp_path, caplog):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    session = Session(founding_engine, misses=MissLog(not_a_folder / "misses.sqlite"))
    with caplog.at_level(logging.WARNING, logger="budgetbot.misses"):
        replies = [session.ask(MemoryConversation(), "今天天气怎么样") for _ in range(3)]
    assert all(reply.answer for reply in replies)  # each visitor still gets the reply
    warnings = [r for r in caplog.records if r.name == "budgetbot.misses"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert str(not_a_folder / "misses.sqlite") in warnings[0].getMessage()
    assert "BUDGETBOT_MISSES" in warnings[0].getMessage()
