"""One limit on a question's length, said alike by every front end: a question of up to 200 characters
is read whole; a longer one is refused with its length and the limit, never cut short silently and
answered as if the rest had not been asked (WeChat: test_wechat.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from bot.frontends.cli import main
from bot.frontends.session import MemoryConversation, Session
from bot.frontends.web import create_app
from bot.settings import MAX_QUESTION_CHARS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SAID = "问题太长了（{n}字），请在200字以内"
# 213 characters, the department after the first 200: cut there, it would ask for the default department's
LONG = "请问" + "，" * 198 + "长沙市信访局三公经费是多少"


def test_the_limit_is_200_characters():
    assert MAX_QUESTION_CHARS == 200 and len(LONG) == 213


def test_a_question_of_200_characters_is_read_whole(founding_engine):
    question = "三公经费是多少" + "？" * 193
    assert len(question) == 200
    assert "3.93万元" in Session(founding_engine).ask(MemoryConversation(), question).answer


def test_chat_and_telegram_say_the_limit(founding_engine):
    # chat, ask and Telegram hand each question to Session.ask
    reply = Session(founding_engine).ask(MemoryConversation(), LONG)
    assert reply.answer.startswith(SAID.format(n=213)) and "万元" not in reply.answer
    assert reply.intent == "too_long" and reply.suggestions  # and what to ask instead


def test_ask_on_the_command_line_says_the_limit(founding_db, tmp_path):
    result = CliRunner().invoke(main, ["ask", LONG, "--db", str(founding_db)],
                                env={"BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")})
    assert result.exit_code == 0 and result.output.startswith(SAID.format(n=213))


def test_the_web_api_says_the_limit(founding_db, tmp_path):
    client = TestClient(create_app(founding_db, state=tmp_path / "state.sqlite", rate_limit=0))
    r = client.post("/api/ask", json={"question": LONG, "session": "length-test-1"})
    assert r.status_code == 422 and r.json()["error"].startswith(SAID.format(n=213))
