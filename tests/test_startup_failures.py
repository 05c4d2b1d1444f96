"""Every server command that cannot start says why in one line, never in a traceback, and the Telegram
token is never printed, whatever a wrong Bot API server answers."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.frontends.cli import main

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "987654321:AAHxSecretPartThatMustNeverBeLogged_x1"
SECRET = TOKEN.partition(":")[2].lower()


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {"BUDGETBOT_WEB_STATE": str(tmp_path / "web.sqlite"), "BUDGETBOT_WECHAT_STATE": str(tmp_path / "wx.sqlite"),
            "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite"), "BUDGETBOT_RATE_LIMIT": "30",
            "WECHAT_TOKEN": "abc123", "TELEGRAM_BOT_TOKEN": TOKEN,
            "BUDGETBOT_TELEGRAM_STATE": str(tmp_path / "tg.pickle")}


def bad_knowledge_bases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "text.db").write_text("hello, not a database")
    (tmp_path / "empty.db").write_bytes(b"")
    return {
        "missing": (tmp_path / "missing.db", "no knowledge base there"),
        "not sqlite": (tmp_path / "text.db", "cannot be read"),
        "empty": (tmp_path / "empty.db", "not a budgetbot knowledge base"),
    }


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("command", ["serve", "wechat", "telegram"])
def test_a_missing_or_unreadable_knowledge_base_is_one_line(command, tmp_path, env):
    for path, why in bad_knowledge_bases(tmp_path).values():
        one_line_error(CliRunner().invoke(main, [command, "--db", str(path)], env=env), why)


@pytest.mark.parametrize("command", ["serve", "wechat"])
def test_a_port_in_use_is_one_line(command, founding_db, busy_port, env):
    result = CliRunner().invoke(main, [command, "--db", str(founding_db), "--port", str(busy_port)], env=env)
    one_line_error(result, f"cannot listen on 127.0.0.1:{busy_port}", "in use")


def test_telegram_webhook_port_in_use_is_one_line(founding_db, busy_port, env):
    result = CliRunner().invoke(main, ["telegram", "--db", str(founding_db), "--webhook-url", "https://x.example/t",
                                       "--port", str(busy_port)], env=env)
    one_line_error(result, "in use")
    assert SECRET not in result.output.lower()


@pytest.mark.parametrize(("name", "value", "command"), [
    ("BUDGETBOT_RATE_LIMIT", "lots", "serve"),
    ("BUDGETBOT_WEB_STATE", "/proc/no/such/web.sqlite", "serve"),
    ("BUDGETBOT_WECHAT_STATE", "/proc/no/such/wx.sqlite", "wechat"),
    ("WECHAT_TOKEN", "", "wechat"),
])
def test_a_bad_setting_is_one_line(name, value, command, founding_db, env):
    result = CliRunner().invoke(main, [command, "--db", str(founding_db)], env={**env, name: value})
    one_line_error(result, name)


class OddBotApi(http.server.BaseHTTPRequestHandler):
    """Not a Bot API: each answer is one of the ways a wrong --api-url answers."""

    mode = "401"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        answers = {
            "401": (401, json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"})),
            "404 html": (404, f"<html>no {self.path}</html>"),
            "200 html": (200, f"<html>hello {self.path}</html>"),
            "not a user": (200, json.dumps({"ok": True, "result": "zzz"})),
            "echoes the path": (400, json.dumps({"ok": False, "error_code": 400, "description": self.path.upper()})),
        }
        status, body = answers[self.mode]
        data = body.encode()
        self.send_response(status)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def odd_api(mode: str) -> Iterator[str]:
    handler = type("Handler", (OddBotApi,), {"mode": mode})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("mode", ["401", "404 html", "200 html", "not a user", "echoes the path"])
def test_telegram_never_prints_the_token_when_the_bot_api_answers_oddly(mode, founding_db, env):
    with odd_api(mode) as url:
        result = subprocess.run([sys.executable, "-m", "bot", "telegram", "--db", str(founding_db), "--api-url", url],
                                cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=90)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert SECRET not in output.lower()
    assert "Traceback" not in output
    last = output.strip().splitlines()[-1]
    assert last.startswith("Error: ") and url in last


@pytest.mark.parametrize("command", [["ask", "三公经费是多少"], ["chat"]])
def test_ask_and_chat_say_in_one_line_what_is_wrong_with_the_knowledge_base(command, tmp_path, env):
    for path, why in bad_knowledge_bases(tmp_path).values():
        one_line_error(CliRunner().invoke(main, [*command, "--db", str(path)], env=env), why)


@pytest.mark.parametrize("args", [
    ["serve", "--port", "99999"], ["wechat", "--port", "70000"], ["serve", "--workers", "0"],
    ["ingest", "x.pdf", "--jobs", "-3"], ["misses", "-n", "0"],
])
def test_an_out_of_range_number_is_refused_before_anything_starts(args, env):
    # a port past 65535 was wrapped round to another port; 0 workers or a limit of 0 said nothing
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 2 and "is not in the range" in result.output and "Traceback" not in result.output


def test_a_damaged_telegram_state_file_is_named_not_blamed_on_the_bot_api(founding_db, env, tmp_path):
    import pickle

    state = tmp_path / "tg.pickle"
    state.write_bytes(pickle.dumps({"conversations": {}, "chat_data": {1: {"x": 1}}})[:20])  # cut short
    result = CliRunner().invoke(main, ["telegram", "--db", str(founding_db)], env=env)
    one_line_error(result, str(state), "cannot be read")
    assert "Bot API" not in result.output and SECRET not in result.output.lower()


def test_telegram_never_prints_the_password_of_the_api_url(founding_db, env):
    with odd_api("401") as url:
        with_user = url.replace("http://", "http://bot:hunter2pass@")
        result = subprocess.run([sys.executable, "-m", "bot", "telegram", "--db", str(founding_db),
                                 "--api-url", with_user], cwd=ROOT, env={**os.environ, **env},
                                capture_output=True, text=True, timeout=90)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "hunter2pass" not in output and "bot:***@" in output, output
