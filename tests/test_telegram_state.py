"""`budgetbot telegram --state URL`: each chat's conversation and the questions behind its buttons kept
in the shared state store (here a real redis-server), so a second bot process carries them on."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from fake_bot_api import FakeBotApi, button_update, message_update
from redis_server import running_redis
from web_server import free_port

from bot.frontends.session import Session
from bot.frontends.state import open_state
from bot.frontends.telegram_bot import build_application, serve
from bot.frontends.telegram_net import RetryingRateLimiter
from bot.settings import BUNDLED_DB

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
TOKEN = "123456789:AAFakeTokenForTests_abcdefghijklmnopq"
ROOT = Path(__file__).resolve().parent.parent
CHAT = 4242


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@asynccontextmanager
async def bot_process(api: FakeBotApi, engine, store):
    """One bot (as one process of several would be) over the shared store, with no pickle file."""
    app = build_application(TOKEN, Session(engine), api_url=api.url, state=store,
                            rate_limiter=RetryingRateLimiter(first_delay=0.05))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, stop, poll_timeout=1))
    try:
        yield app
    finally:
        await api.wait_consumed()
        stop.set()
        await task


def test_a_second_bot_process_carries_the_conversation_and_buttons_on(redis_server, bundled_engine):
    store = open_state(redis_server.url(4))
    store.client.flushdb()

    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            async with bot_process(api, bundled_engine, store) as first:
                api.push(message_update("长沙市信访局三公经费是多少"))
                [answer] = await api.wait_sent(1)
                assert first.chat_data[CHAT] == {}  # nothing kept in the process itself
            async with bot_process(api, bundled_engine, store):
                api.push(message_update("比上年呢"))
                await api.wait_sent(2)
                button = answer.params["reply_markup"]["inline_keyboard"][0][0]
                api.push(button_update(button["callback_data"]))  # a button the first process sent
                await api.wait_sent(3)
            return button["text"], [c.params["text"] for c in api.sent()], api.sent("answerCallbackQuery")

    pressed, texts, answered = asyncio.run(scenario())
    assert texts[0].startswith("长沙市信访局")
    assert texts[1].startswith("长沙市信访局") and "比2025年" in texts[1]  # the follow-up, on the other process
    assert texts[2].startswith("长沙市信访局")  # the pressed question, asked in the same conversation
    assert "text" not in answered[0].params  # not "this button has expired"
    assert pressed
    ttl = store.client.ttl(f"budgetbot:conv:telegram:{CHAT}")
    assert 0 < ttl <= 1800  # forgotten after 30 idle minutes, like the web's conversations
    store.close()


def test_telegram_with_redis_unreachable_at_start_is_one_line_and_exit_1(tmp_path):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "BUDGETBOT_MISSES": str(tmp_path / "misses.sqlite")}
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = subprocess.run([sys.executable, "-m", "bot", "telegram", "--db", str(BUNDLED_DB), "--state", url],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {url}: the Redis server does not answer (") and "refused" in line
