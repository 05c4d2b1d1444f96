"""The Telegram bot behind a proxy (`--proxy`, HTTPS_PROXY): http and socks5, against the fake Bot API
through small proxies on loopback."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_bot_api import FakeBotApi, message_update
from proxies import HttpProxy, Socks5Proxy

from bot.core import DATA_DIR
from bot.core.phrases import Phrases
from bot.frontends.cli import main
from bot.frontends.session import Session
from bot.frontends.telegram_bot import build_application, serve
from bot.frontends.telegram_net import RetryingRateLimiter

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
START = Phrases(DATA_DIR / "lexicon" / "replies.toml", catalogue="", default_department=None)("start")
TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnopq"
ROOT = Path(__file__).resolve().parent.parent


def test_every_request_goes_through_an_http_proxy(founding_engine):
    async def scenario():
        async with FakeBotApi(TOKEN) as api, HttpProxy() as proxy:
            app = build_application(TOKEN, Session(founding_engine), api_url=api.url, proxy=proxy.url,
                                    rate_limiter=RetryingRateLimiter(first_delay=0.05))
            stop = asyncio.Event()
            task = asyncio.create_task(serve(app, stop, poll_timeout=1))
            api.push(message_update("三公经费是多少"))
            [sent] = await api.wait_sent(1, timeout=20)
            stop.set()
            await task
        return sent, proxy.seen

    sent, seen = asyncio.run(scenario())
    assert "长沙市12345政务热线中心" in sent.params["text"]
    methods = {url.rsplit("/", 1)[1] for url in seen}
    assert {"getMe", "getUpdates", "sendMessage"} <= methods
    assert all(url.startswith("http://127.0.0.1:") for url in seen)


def test_budgetbot_telegram_goes_through_a_socks5_proxy(founding_db, tmp_path):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_TELEGRAM_STATE": str(tmp_path / "state.pickle"),
           "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}

    async def scenario():
        async with FakeBotApi(TOKEN) as api, Socks5Proxy() as proxy:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "telegram", "--db", str(founding_db), "--api-url", api.url,
                "--proxy", proxy.url, cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE)
            api.push(message_update("/start"))
            try:
                [sent] = await api.wait_sent(1, timeout=30)
            finally:
                proc.send_signal(signal.SIGINT)
                _, stderr = await asyncio.wait_for(proc.communicate(), 20)
        return sent, proc.returncode, stderr.decode(), proxy.seen, api.port

    sent, code, log, seen, port = asyncio.run(scenario())
    assert sent.params["text"] == START
    assert code == 0, log
    assert seen and set(seen) == {f"127.0.0.1:{port}"}


@pytest.mark.parametrize("option, env, named", [
    (["--proxy", "ftp://user:pw@proxy.example:21"], {}, "--proxy"),
    ([], {"HTTPS_PROXY": "proxy.example:3128"}, "HTTPS_PROXY"),
])
def test_a_proxy_that_is_not_a_proxy_url_is_one_line(option, env, named, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["telegram", *option])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {named} must be a proxy URL such as http://")
    assert len(result.output.strip().splitlines()) == 1
    assert "pw@" not in result.output
