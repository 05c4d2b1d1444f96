"""Hostile text through the Telegram and WeChat front ends: lone surrogates, bytes that are not UTF-8,
terminal escapes and XML-illegal control characters are answered, never an error."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time

from fake_bot_api import FakeBotApi, message_update
from starlette.testclient import TestClient

from bot.core.engine import Engine
from bot.frontends.session import Session
from bot.frontends.telegram_bot import build_application, serve
from bot.frontends.telegram_net import RetryingRateLimiter
from bot.frontends.wechat import create_app

TOKEN = "987654321:AAHxSecretPartThatMustNeverBeLogged_x1"
WECHAT_TOKEN = "budgetbotTestToken2024"
HOSTILE = ["\ud800三公经费是多少", "\udcff\udcfe三公经费是多少", "\x1b]0;pwned\x07三公经费是多少", "\x00\x01\x02",
           "\ufffe"]


def test_telegram_answers_hostile_text(founding_db, caplog):
    engine = Engine(founding_db)

    async def scenario():
        async with FakeBotApi(TOKEN) as api:
            app = build_application(TOKEN, Session(engine), api_url=api.url,
                                    rate_limiter=RetryingRateLimiter(first_delay=0.05))
            stop = asyncio.Event()
            task = asyncio.create_task(serve(app, stop, poll_timeout=1))
            for n, text in enumerate(HOSTILE, 1):
                api.push(message_update(text, message_id=n))
            try:
                return await api.wait_sent(len(HOSTILE), timeout=20)
            finally:
                stop.set()
                await asyncio.wait_for(task, 10)

    with caplog.at_level(logging.ERROR):
        sent = asyncio.run(asyncio.wait_for(scenario(), 40))
    texts = [call.params["text"] for call in sent]
    assert len(texts) == len(HOSTILE)
    assert all("3.93万元" in t for t in texts[:3])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith(("bot", "telegram"))]


def signed_query() -> dict[str, str]:
    timestamp, nonce = str(int(time.time())), "12345"
    signature = hashlib.sha1("".join(sorted([WECHAT_TOKEN, timestamp, nonce])).encode()).hexdigest()
    return {"signature": signature, "timestamp": timestamp, "nonce": nonce}


def wechat_text(content: bytes, msg_id: int) -> bytes:
    return (b"<xml><ToUserName><![CDATA[gh_1a2b3c4d5e6f]]></ToUserName><FromUserName><![CDATA[oTest0001_abc]]>"
            b"</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
            + content + b"]]></Content><MsgId>%d</MsgId></xml>" % msg_id)


def test_wechat_answers_bytes_that_are_not_utf8_and_control_characters(founding_db, tmp_path, caplog):
    app = create_app(Session(Engine(founding_db)), token=WECHAT_TOKEN, aes=None, state=tmp_path / "wx.sqlite")
    bodies = [b"\xff\xfe" + "三公经费是多少".encode(), b"\x1b[2J\x1b[H" + "三公经费是多少".encode(),
              "三公\x08经费是多少".encode()]
    with caplog.at_level(logging.WARNING), TestClient(app) as client:
        replies = [client.post("/wechat", params=signed_query(), content=wechat_text(body, n))
                   for n, body in enumerate(bodies, 1)]
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert all("3.93万元" in r.text for r in replies)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
