"""No text makes an error: bytes that are not UTF-8, lone surrogates, control characters and terminal
escapes get an answer in the engine, the CLI, chat and the misses log, and `misses` shows them harmless."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.frontends.cli import main
from bot.frontends.misses import MissLog
from nlu.context import Context
from nlu.normalize import clean_text, normalize

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ["\ud800", "\udcff\udcfe三公经费", "三公\udfff经费是多少", "\ude00\ud83d", "\x1b]0;pwned\x07三公经费",
           "\x1b[2J\x1b[H", "三公\u202e经费", "\x00\x00", "\ufffe\uffff", "' OR 1=1 --", "<script>alert(1)</script>"]
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
WORDS = st.sampled_from(["三公经费", "是多少", "其中公务接待费呢", "比上年呢", "\x1b[31m", "\x00", "😀"])
TEXT = st.lists(st.one_of(SURROGATES, WORDS, st.characters()), max_size=30).map("".join)


@pytest.fixture
def env(founding_db, tmp_path):
    return {"BUDGETBOT_DB": str(founding_db), "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}


def test_clean_text_keeps_good_text_and_makes_lone_surrogates_replacement_characters():
    assert clean_text("三公经费😀") == "三公经费😀"
    assert clean_text("\ud83d\ude00") == "😀"  # a pair, as a JSON escape may give it
    assert clean_text("\udcff\udcfe三公经费") == "\ufffd\ufffd三公经费"
    for text in HOSTILE:
        clean_text(text).encode("utf-8")
        normalize(text).encode("utf-8")


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=st.lists(TEXT, min_size=1, max_size=3))
def test_the_engine_answers_any_text_with_encodable_words(founding_engine, turns):
    context = Context()
    for turn in turns:
        reply = founding_engine.answer(turn, context)
        json.dumps(reply.to_dict(), ensure_ascii=False).encode("utf-8")
        context = reply.context


@pytest.mark.parametrize("question", HOSTILE)
def test_engine_answers_each_hostile_question(founding_engine, question):
    reply = founding_engine.answer(question)
    assert reply.answer
    reply.answer.encode("utf-8")


def test_ask_with_bytes_that_are_not_utf8_answers(env):
    """`budgetbot ask $'\\xff\\xfe三公经费'` from a real shell."""
    result = subprocess.run([sys.executable, "-m", "bot", "ask", b"\xff\xfe" + "三公经费".encode()],
                            cwd=ROOT, env={**os.environ, **env}, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert "3.93万元" in result.stdout.decode()
    assert not result.stderr


@pytest.mark.parametrize("question", HOSTILE)
def test_ask_answers_each_hostile_question(env, question):
    result = CliRunner().invoke(main, ["ask", question, "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["answer"]


def test_chat_answers_every_line_of_hostile_input(env):
    lines = b"\xff\xfe\xe4\xb8\x89\n\xed\xa0\x80\n\x1b]0;pwned\x07\n" + "三公经费是多少\n其中公务接待费呢\n".encode()
    result = CliRunner().invoke(main, ["chat", "--json"], input=lines, env=env)
    assert result.exit_code == 0, result.output
    replies = [json.loads(line) for line in result.output.splitlines()]
    assert len(replies) == 5
    assert "1.90" in replies[-1]["answer"]


def test_misses_log_takes_lone_surrogates(tmp_path):
    log = MissLog(tmp_path / "misses.sqlite")
    log.record("\ud800天气怎么样")
    assert log.most_frequent() == [("\ufffd天气怎么样", 1, log.most_frequent()[0][2])]


def test_misses_shows_control_characters_made_visible(env):
    for question in ["\x1b]0;pwned\x07天气", "\x1b[2J\x1b[H清屏", "abc\u202edef", "\x9b31m红字"]:
        assert CliRunner().invoke(main, ["ask", question], env=env).exit_code == 0
    result = CliRunner().invoke(main, ["misses"], env=env)
    assert result.exit_code == 0
    shown = result.output
    assert not any(ch in shown for ch in "\x1b\x07\x9b\u202e")
    assert "\\x1b]0;pwned\\x07天气" in shown
    assert "\\x1b[2J\\x1b[H清屏" in shown
    assert "abc\\u202edef" in shown
