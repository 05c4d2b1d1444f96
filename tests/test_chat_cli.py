"""`budgetbot ask`, `chat` and `misses` as staff use them in a terminal and scripts use them as JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from bot.frontends.cli import main
from bot.settings import BUNDLED_DB


def test_ask_prints_the_answer_then_its_source(founding_db):
    result = CliRunner().invoke(main, ["ask", "三公经费是多少", "--db", str(founding_db)], terminal_width=200)
    assert result.exit_code == 0
    answer, source = result.output.splitlines()[:2]
    assert "3.93万元" in answer
    assert source.startswith("来源：长沙市12345政务热线中心2024年部门预算公开 六（二）")


def test_ask_json_is_the_reply_object(founding_db):
    result = CliRunner().invoke(main, ["ask", "招待费", "--db", str(founding_db), "--json"])
    reply = json.loads(result.output)
    assert {"answer", "intent", "confidence", "sources", "suggestions"} <= set(reply)
    assert "1.90万元" in reply["answer"] and reply["intent"] == "amount"
    assert {s["place"].split()[0] for s in reply["sources"]} >= {"表7", "表6"}


def test_ask_without_a_knowledge_base_says_so(tmp_path):
    result = CliRunner().invoke(main, ["ask", "三公经费", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no knowledge base" in result.output


def chat_lines(db, data: bytes) -> list[dict]:
    """Run `budgetbot chat --json` as a process, as the evaluation does."""
    run = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--json", "--db", str(db)],
        input=data, capture_output=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "BUDGETBOT_MISSES": "/dev/null/none"},
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.decode().splitlines()]


def test_chat_json_one_line_per_input_with_follow_ups_and_reset(founding_db):
    lines = "三公经费多少\n其中公务接待费呢\n/reset\n其中公务接待费呢\n\n".encode()
    replies = chat_lines(founding_db, lines)
    assert len(replies) == 5
    assert "3.93万元" in replies[0]["answer"]
    assert "1.90万元" in replies[1]["answer"]
    assert replies[2]["intent"] == "reset"
    assert replies[4]["intent"] == "empty"


def test_chat_starts_anew_on_the_reset_words_every_front_end_takes():
    lines = "长沙市信访局三公经费是多少\n重新开始\n三公经费是多少\n".encode()
    replies = chat_lines(BUNDLED_DB, lines)
    assert "长沙市信访局2026年“三公”经费预算8.00万元" in replies[0]["answer"]
    assert replies[1]["intent"] == "reset"
    assert "热线中心2024年“三公”经费预算3.93万元" in replies[2]["answer"]  # the default department again


def test_chat_survives_bad_bytes_huge_lines_and_markup(founding_db):
    lines = b"\xff\xfe\xfa\n" + "三公经费".encode() * 30_000 + b"\n<img src=x onerror=alert(1)>\n' OR 1=1 --\n"
    replies = chat_lines(founding_db, lines)
    assert len(replies) == 4
    # the huge line is not cut silently and answered as if it were short: its length and the limit
    too_long = replies[1]["answer"]
    assert too_long.startswith("问题太长了（120000字），请在200字以内") and "3.93" not in too_long
    assert all(r["answer"] for r in replies)


def test_misses_lists_what_was_not_understood(founding_db, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETBOT_MISSES", str(tmp_path / "misses.sqlite"))
    runner = CliRunner()
    for question in ("讲个笑话", "讲个笑话", "明天下雨吗", "三公经费是多少"):
        runner.invoke(main, ["ask", question, "--db", str(founding_db)])
    result = runner.invoke(main, ["misses"], terminal_width=200)
    lines = result.output.splitlines()
    assert "讲个笑话" in lines[0] and lines[0].split()[0] == "2"
    assert any("明天下雨吗" in line for line in lines)
    assert not any("三公经费" in line for line in lines)
