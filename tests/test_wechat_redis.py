"""`budgetbot wechat --state redis://…`: two developer servers (as on two machines) on one real
redis-server carry a follower's conversation on, and answer a message WeChat retries at the other
one once, with the same reply."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from redis_server import running_redis
from test_wechat import TOKEN, WeChat, new_user, serving, text

from bot.core.engine import Engine
from bot.frontends.session import Session
from bot.frontends.state import open_state
from bot.frontends.wechat import create_app
from bot.settings import BUNDLED_DB


class CountingEngine(Engine):
    """The bundled knowledge base, counting the questions it answers."""

    asked: list[str] = []

    def answer(self, question, context=None):
        CountingEngine.asked.append(question)
        return super().answer(question, context)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with running_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


def test_two_servers_share_followers_conversations_and_retries(redis_server):
    engine = CountingEngine(BUNDLED_DB)
    state = redis_server.url(5)
    open_state(state).client.flushdb()
    with ExitStack() as stack:
        one, other = (stack.enter_context(serving(create_app(Session(engine), token=TOKEN, aes=None, state=state)))
                      for _ in range(2))
        user = new_user()
        first = WeChat(one).ask(user, "长沙市信访局三公经费是多少")
        follow = WeChat(other).ask(user, "比上年呢")
        message = text(user, "其中公务接待费呢")
        answered = WeChat(one).reply(WeChat(one).post(message), user)
        retried = WeChat(other).reply(WeChat(other).post(message), user)  # WeChat's retry, same MsgId
    assert first.startswith("长沙市信访局")
    assert follow.startswith("长沙市信访局") and "比2025年" in follow
    assert answered == retried and answered.startswith("长沙市信访局") and "公务接待费" in answered
    assert CountingEngine.asked.count("其中公务接待费呢") == 1
