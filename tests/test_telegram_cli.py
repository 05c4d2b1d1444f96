"""`budgetbot telegram`: the token check, and a real run over the fake Bot API with a token-free log."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from click.testing import CliRunner
from fake_bot_api import FakeBotApi, message_update

from bot.core import DATA_DIR
from bot.core.phrases import Phrases
from bot.frontends.cli import main
from bot.frontends.telegram_net import redact_token
from knowledge.ingest import ingest
from knowledge.store import open_db

START = Phrases(DATA_DIR / "lexicon" / "replies.toml", catalogue="", default_department=None)("start")
TOKEN = "987654321:AAHxSecretPartThatMustNeverBeLogged_x1"
ROOT = Path(__file__).resolve().parent.parent


def test_missing_or_malformed_token_is_refused_without_echoing_it():
    runner = CliRunner()
    missing = runner.invoke(main, ["telegram"], env={"TELEGRAM_BOT_TOKEN": ""})
    assert missing.exit_code == 1 and "TELEGRAM_BOT_TOKEN is not set" in missing.output
    bad = runner.invoke(main, ["telegram"], env={"TELEGRAM_BOT_TOKEN": "123456:secret-with spaces"})
    assert bad.exit_code == 1 and "does not look like a bot token" in bad.output
    assert "secret" not in bad.output


def test_redact_token_covers_messages_and_tracebacks():
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, "POST %s", (f"https://x/bot{TOKEN}/getMe",), None)
    try:
        raise ValueError(f"failed at /bot{TOKEN}/sendMessage")
    except ValueError:
        record.exc_info = sys.exc_info()
    redact_token(TOKEN).filter(record)
    text = logging.Formatter().format(record)
    assert "/bot<token>/getMe" in text and "/bot<token>/sendMessage" in text and TOKEN not in text


def test_command_runs_the_bot_and_keeps_the_token_out_of_its_log(tmp_path):
    kb = tmp_path / "kb.db"
    ingest(open_db(kb), [str(ROOT / "data/disclosures/changsha_12345rexian_2024_yusuan.txt")])
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_TELEGRAM_STATE": str(tmp_path / "state.pickle"),
           "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}

    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            api.faults["getUpdates"] = ["502"]
            api.faults["sendMessage"] = ["502"]
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "telegram", "--db", str(kb), "--api-url", api.url,
                cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE)
            api.push(message_update("/start"))
            try:
                [sent] = await api.wait_sent(1, timeout=20)
            finally:
                proc.send_signal(signal.SIGINT)
                _, stderr = await asyncio.wait_for(proc.communicate(), 20)
        return sent, proc.returncode, stderr.decode()

    sent, code, log = asyncio.run(scenario())
    assert sent.params["text"] == START
    assert code == 0, log
    assert "running (long polling)" in log and "sendMessage failed" in log
    assert TOKEN.split(":")[1] not in log
    assert (tmp_path / "state.pickle").exists()
