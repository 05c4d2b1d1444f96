"""`budgetbot wechat`, spoken to over HTTP on loopback as WeChat's servers speak to a 公众号's developer
server: signed requests, XML bodies, 明文/兼容/安全 (AES, wechatpy's WeChatCrypto) modes."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
import os
import re
import socket
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
import xmltodict
from click.testing import CliRunner
from web_server import free_port, running
from wechatpy.crypto import WeChatCrypto

from bot.core import DATA_DIR
from bot.core.phrases import Phrases
from bot.core.reply import Reply, Source
from bot.frontends import wechat_replies as says
from bot.frontends.cli import main
from bot.frontends.logs import RedactSecrets
from bot.frontends.render import sources_brief
from bot.frontends.session import Session
from bot.frontends.web_state import SharedState
from bot.frontends.wechat import create_app
from nlu.context import Context

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "budgetbotTestToken2024"
APPID = "wx5f3e8a9b0c1d2e3f"
AES_KEY = "kWx7Qe2rT9yU4iO1pA6sD3fG8hJ5kL0zX2cV7bN4mQ1"  # 43 letters and digits, as 公众平台 makes them
ACCOUNT = "gh_1a2b3c4d5e6f"
HOTLINE = "来源：长沙市12345政务热线中心2024年部门预算公开 六（二）“三公”经费预算"
MSG_IDS = itertools.count(23_000_000_000_000_001)
USERS = itertools.count(1)
PHRASES = Phrases(DATA_DIR / "lexicon" / "replies.toml", catalogue="", default_department=None)


def new_user() -> str:
    return f"oTest{next(USERS):04d}_abcdefghijklmnopqrs"  # 28 characters, as OpenIDs are


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def to_xml(fields: dict) -> str:
    inner = "".join(f"<{k}>{v}</{k}>" if isinstance(v, int) else f"<{k}><![CDATA[{v}]]></{k}>"
                    for k, v in fields.items())
    return f"<xml>{inner}</xml>"


def text(user: str, content: str, msg_id: int | None = None) -> dict:
    return {"ToUserName": ACCOUNT, "FromUserName": user, "CreateTime": int(time.time()), "MsgType": "text",
            "Content": content, "MsgId": msg_id or next(MSG_IDS)}


def voice(user: str, recognition: str | None) -> dict:
    fields = {"ToUserName": ACCOUNT, "FromUserName": user, "CreateTime": int(time.time()), "MsgType": "voice",
              "MediaId": "media_id_0001", "Format": "amr", "MsgId": next(MSG_IDS)}
    return fields if recognition is None else {**fields, "Recognition": recognition}


def event(user: str, name: str, key: str | None = None, created: int | None = None) -> dict:
    fields = {"ToUserName": ACCOUNT, "FromUserName": user, "CreateTime": created or int(time.time()),
              "MsgType": "event", "Event": name}
    return fields if key is None else {**fields, "EventKey": key}


class WeChat:
    """WeChat's side: signs every request with the Token, and in 兼容/安全模式 encrypts the message and
    checks and decrypts the reply with WeChatCrypto."""

    def __init__(self, url: str, mode: str = "plain", *, token: str = TOKEN, appid: str = APPID) -> None:
        self.url, self.mode, self.token = url + "/wechat", mode, token
        self.crypto = WeChatCrypto(token, AES_KEY, appid)
        self.nonces = itertools.count(int(time.time() * 1000) % 10**9)

    def post(self, fields: dict, *, signature: str | None = None, msg_signature: str | None = None) -> httpx.Response:
        timestamp, nonce = str(int(time.time())), str(next(self.nonces))
        query = {"signature": signature or sign(self.token, timestamp, nonce), "timestamp": timestamp,
                 "nonce": nonce, "openid": fields["FromUserName"]}
        body = to_xml(fields)
        if self.mode != "plain":
            sealed = xmltodict.parse(self.crypto.encrypt_message(body, nonce, timestamp))["xml"]
            outer = fields if self.mode == "compat" else {"ToUserName": fields["ToUserName"]}
            body = to_xml({**outer, "Encrypt": sealed["Encrypt"]})
            query |= {"encrypt_type": "aes", "msg_signature": msg_signature or sealed["MsgSignature"]}
        # a new connection for every request, so that requests spread over the server's workers
        return httpx.post(self.url, params=query, content=body.encode(), headers={"content-type": "text/xml"},
                          timeout=10)

    def reply(self, response: httpx.Response, user: str) -> str:
        """The text of the passive reply ("" for none), its envelope checked."""
        assert response.status_code == 200, response.text
        assert response.elapsed.total_seconds() < 5
        if response.text == "success":
            return ""
        xml = response.text
        if self.mode != "plain":
            sealed = xmltodict.parse(xml)["xml"]
            assert set(sealed) == {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}  # nothing in the clear
            xml = self.crypto.decrypt_message(xml, sealed["MsgSignature"], sealed["TimeStamp"], sealed["Nonce"])
        fields = xmltodict.parse(xml)["xml"]
        assert (fields["MsgType"], fields["FromUserName"], fields["ToUserName"]) == ("text", ACCOUNT, user)
        return fields["Content"]

    def ask(self, user: str, question: str) -> str:
        return self.reply(self.post(text(user, question)), user)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`python -m bot wechat --workers 2` on the bundled knowledge base, in 安全模式-capable config;
    yields its base URL and its log file (stderr)."""
    tmp = tmp_path_factory.mktemp("wechat")
    menu = tmp / "menu.toml"
    menu.write_text('BTN_SANGONG = "三公经费是多少"\nBTN_HELP = "帮助"\n', encoding="utf-8")
    env = {**os.environ, "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_AES_KEY": AES_KEY,
           "WECHAT_MENU": str(menu), "BUDGETBOT_WECHAT_STATE": str(tmp / "state.sqlite"),
           "BUDGETBOT_MISSES": str(tmp / "misses.sqlite")}
    env.pop("BUDGETBOT_DB", None)
    port, log = free_port(), tmp / "server.log"
    cmd = [sys.executable, "-m", "bot", "wechat", "--port", str(port), "--workers", "2"]
    with running(cmd, f"http://127.0.0.1:{port}/healthz", log, env=env) as url:
        yield url, log


@pytest.fixture(params=["plain", "compat", "safe"])
def wechat(request, server) -> WeChat:
    return WeChat(server[0], request.param)


def test_url_check_sends_echostr_back(server):
    url, _ = server
    timestamp, nonce = "1735689600", "846312"
    query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce,
             "echostr": "7405312268901427536"}
    r = httpx.get(url + "/wechat", params=query)
    assert (r.status_code, r.text) == (200, "7405312268901427536")
    assert r.headers["content-type"].startswith("text/plain")


def test_forged_or_missing_signatures_are_403_and_nothing_is_answered(server):
    url, _ = server
    user = new_user()
    timestamp, nonce = str(int(time.time())), "1234"
    forged = sign("not-the-token", timestamp, nonce)
    r = httpx.get(url + "/wechat", params={"signature": forged, "timestamp": timestamp, "nonce": nonce,
                                           "echostr": "42"})
    assert (r.status_code, r.text) == (403, "forbidden")
    assert httpx.get(url + "/wechat", params={"echostr": "42"}).status_code == 403
    plain, safe = WeChat(url), WeChat(url, "safe")
    question = text(user, "长沙市信访局三公经费是多少")
    for response in (
        plain.post(question, signature=forged),
        safe.post(question, signature=forged),
        safe.post(question, msg_signature=forged),  # the Encrypt part forged or replaced
        WeChat(url, "safe", appid="wx0000000000000000").post(question),  # for another account
        httpx.post(url + "/wechat", content=to_xml(question).encode()),
    ):
        assert (response.status_code, response.text) == (403, "forbidden")
    # none of them reached the conversation: the follow-up is about the default department
    assert "热线中心2024年公务接待费预算1.90万元" in plain.ask(user, "其中公务接待费呢")


def test_text_is_answered_with_the_exact_figure_and_a_short_source(wechat):
    user = new_user()
    answer = wechat.ask(user, "三公经费是多少")
    assert answer.startswith("长沙市12345政务热线中心2024年“三公”经费预算3.93万元：公务接待费1.90万元")
    lines = answer.splitlines()
    assert HOTLINE in lines  # rendered from Reply.sources, once, not the engine's long line
    assert sum(line.startswith("来源：") for line in lines) == 1
    assert lines[-1].startswith("可以接着问：「")
    assert not re.search(r"[<>*#`]|\]\(", answer)  # plain text: no HTML, no Markdown


def test_follow_ups_are_kept_per_user(wechat):
    user = new_user()
    assert "3.93万元" in wechat.ask(user, "三公经费是多少")
    follow = wechat.ask(user, "其中公务接待费呢")
    assert follow.startswith("长沙市12345政务热线中心2024年公务接待费预算1.90万元")


def test_a_question_over_the_limit_is_refused_in_the_words_of_every_front_end(server):
    # 213 characters, its department after the first 200 (tests/test_question_length.py)
    question = "请问" + "，" * 198 + "长沙市信访局三公经费是多少"
    answer = WeChat(server[0]).ask(new_user(), question)
    assert answer.startswith("问题太长了（213字），请在200字以内") and "万元" not in answer


def test_two_users_are_two_conversations(server):
    plain, safe = WeChat(server[0]), WeChat(server[0], "safe")
    hotline, petitions = new_user(), new_user()
    assert "3.93万元" in plain.ask(hotline, "三公经费是多少")
    assert "长沙市信访局2026年“三公”经费预算8.00万元" in safe.ask(petitions, "长沙市信访局三公经费是多少")
    assert "热线中心2024年公务接待费预算1.90万元" in plain.ask(hotline, "其中公务接待费呢")
    assert "长沙市信访局2026年公务接待费预算3.00万元" in safe.ask(petitions, "其中公务接待费呢")


def test_reset_starts_a_new_conversation(server):
    plain, user = WeChat(server[0]), new_user()
    plain.ask(user, "长沙市信访局三公经费是多少")
    assert plain.ask(user, "重新开始") == "好的，已开始新的对话。接下来的问题不再接着前面的对话。"
    assert "热线中心2024年“三公”经费预算3.93万元" in plain.ask(user, "三公经费是多少")


def answered(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("text message answered")


@pytest.mark.parametrize("mode", ["plain", "safe"])
def test_a_retried_msgid_is_answered_once_with_the_same_reply(server, mode):
    url, log = server
    wechat, user = WeChat(url, mode), new_user()
    message = text(user, "三公经费是多少")
    before = answered(log)
    first = wechat.reply(wechat.post(message), user)
    retries = [wechat.reply(wechat.post(message), user) for _ in range(3)]  # fresh nonces, any worker
    assert "3.93万元" in first and retries == [first] * 3
    time.sleep(0.2)
    assert answered(log) == before + 1


def test_voice_is_answered_from_its_recognition_or_asks_for_text(wechat):
    user = new_user()
    assert "3.93万元" in wechat.reply(wechat.post(voice(user, "三公经费是多少？")), user)
    assert "1.90万元" in wechat.reply(wechat.post(voice(user, "其中公务接待费呢。")), user)
    assert wechat.reply(wechat.post(voice(user, None)), user) == PHRASES("voice_unreadable")
    assert wechat.reply(wechat.post(voice(user, "")), user) == PHRASES("voice_unreadable")


def test_subscribe_is_welcomed_with_three_example_questions(wechat):
    user = new_user()
    welcome = wechat.reply(wechat.post(event(user, "subscribe")), user)
    assert welcome.startswith("您好，欢迎关注！")
    assert re.findall(r"^\d\. (.+)$", welcome, re.M) == ["三公经费是多少", "基本支出预算数", "项目支出主要用于什么"]
    assert "3.93万元" in wechat.ask(user, "三公经费是多少")  # and the examples answer
    assert wechat.reply(wechat.post(event(user, "unsubscribe")), user) == ""


def test_menu_clicks_answer_a_configured_key_or_the_key_as_a_question(wechat):
    user = new_user()
    assert "3.93万元" in wechat.reply(wechat.post(event(user, "CLICK", "BTN_SANGONG")), user)
    assert "1.90万元" in wechat.ask(user, "其中公务接待费呢")  # a click is part of the conversation
    basic = wechat.reply(wechat.post(event(user, "CLICK", "基本支出预算数")), user)
    assert "基本支出预算380.33万元" in basic
    assert wechat.reply(wechat.post(event(user, "VIEW", "https://example.gov.cn/")), user) == ""


def test_a_retried_event_is_answered_once(server):
    url, log = server
    wechat, user = WeChat(url), new_user()
    click = event(user, "CLICK", "BTN_SANGONG", created=1_760_000_000)
    replies = {wechat.reply(wechat.post(click), user) for _ in range(3)}
    assert len(replies) == 1 and "3.93万元" in replies.pop()


@pytest.mark.parametrize("kind, extra", [
    ("image", {"PicUrl": "http://mmbiz.qpic.cn/x", "MediaId": "m1"}),
    ("location", {"Location_X": "28.19", "Location_Y": "112.97", "Scale": "15", "Label": "长沙市"}),
    ("link", {"Title": "预算公开", "Description": "…", "Url": "https://example.gov.cn/"}),
    ("video", {"MediaId": "m2", "ThumbMediaId": "m3"}),
    ("shortvideo", {"MediaId": "m4", "ThumbMediaId": "m5"}),
])
def test_other_kinds_of_message_get_a_short_reply(server, kind, extra):
    wechat, user = WeChat(server[0], "safe"), new_user()
    message = {"ToUserName": ACCOUNT, "FromUserName": user, "CreateTime": int(time.time()), "MsgType": kind,
               **extra, "MsgId": next(MSG_IDS)}
    assert wechat.reply(wechat.post(message), user) == PHRASES("not_text")


def test_the_longest_bundled_answer_fits_in_one_reply(wechat):
    user = new_user()
    duties = wechat.ask(user, "长沙市公安局的部门职责")
    assert len(duties.encode()) <= 2048
    assert says.CUT_NOTE not in duties and "来源：长沙市公安局2025年部门预算公开" in duties


def test_replies_are_answered_within_5_seconds_under_load(server):
    url = server[0]
    users = [new_user() for _ in range(12)]

    async def conversation(client: httpx.AsyncClient, wechat: WeChat, user: str) -> list[float]:
        times = []
        for question in ("三公经费是多少", "其中公务接待费呢", "比上年呢"):
            started = time.perf_counter()
            timestamp, nonce = str(int(time.time())), str(next(wechat.nonces))
            query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
            r = await client.post("/wechat", params=query, content=to_xml(text(user, question)).encode())
            assert r.status_code == 200 and "<Content>" in r.text
            times.append(time.perf_counter() - started)
        return times

    async def everyone() -> list[float]:
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            wechat = WeChat(url)
            runs = await asyncio.gather(*(conversation(client, wechat, user) for user in users))
        return [t for run in runs for t in run]

    assert max(asyncio.run(everyone())) < 5


def test_oversized_and_unreadable_bodies_are_refused(server):
    url = server[0]
    timestamp, nonce = str(int(time.time())), "99"
    query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
    assert httpx.post(url + "/wechat", params=query, content=b"<xml>" + b"x" * 70_000).status_code == 413
    for body in (b"not xml", b"<xml></xml>", b"<xml><MsgType>text</MsgType></xml>", "<xml>\xff</xml>".encode("latin-1"),
                 b'<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><MsgType>&a;</MsgType></xml>'):
        assert httpx.post(url + "/wechat", params=query, content=body).status_code == 400


def test_the_token_and_the_key_never_reach_the_log(server):
    url, log = server
    wechat, user = WeChat(url, "safe"), new_user()
    wechat.ask(user, "三公经费是多少")
    wechat.post(text(user, "三公经费是多少"), msg_signature=sign(TOKEN, "1", "2"))  # refused, and logged
    WeChat(url, "safe", appid="wx0000000000000000").post(text(user, "三公经费是多少"))
    time.sleep(0.2)
    written = log.read_text(encoding="utf-8")
    assert "text message answered" in written and "refused a POST" in written and "not for WECHAT_APPID" in written
    assert TOKEN not in written and AES_KEY not in written
    assert TOKEN[:12] not in written and AES_KEY[:12] not in written


# --- in-process: a scripted engine on a uvicorn server in a thread, still over HTTP on loopback


LONG = "".join(f"第{n}项支出为{n}.00万元，用于长沙市12345政务热线的第{n}个项目。" for n in range(1, 80))  # 6 kB


class ScriptedEngine:
    """Stands in for Engine where a test needs a slow, long or failing answer; counts its calls."""

    documents = ()
    default_department = "长沙市12345政务热线中心"

    def __init__(self) -> None:
        self.calls: list[str] = []

    documents = ()
    phrases = PHRASES

    def document_count(self) -> int:
        return len(self.documents)

    def answer(self, question: str, context: Context | None = None) -> Reply:
        self.calls.append(question)
        if question == "慢":
            time.sleep(1.5)
        if question == "出错":
            raise RuntimeError(f"engine failure (token {TOKEN}, key {AES_KEY})")
        source = Source("长沙市12345政务热线中心2024年部门预算公开", "表7 2024年一般公共预算“三公”经费支出情况表",
                        "合计", "公务接待费", table=7)
        if question == "长":
            return Reply(LONG, "list", 1.0, sources=(source,), suggestions=("其中公务接待费呢",))
        return Reply(f"答：{question}", "amount", 1.0, sources=(source,), context=Context(turns=1))


@contextmanager
def serving(app, **config) -> Iterator[str]:
    """The app under uvicorn on a loopback socket made as uvicorn's --workers supervisor makes it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        while not server.started:
            assert thread.is_alive()
            time.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()


def scripted_app(engine, tmp_path: Path, *, aes=(APPID, AES_KEY)):
    return create_app(Session(engine), token=TOKEN, aes=aes, state=tmp_path / "state.sqlite")


def test_a_long_answer_is_cut_at_a_sentence_within_2048_bytes(tmp_path):
    with serving(scripted_app(ScriptedEngine(), tmp_path)) as url:
        wechat, user = WeChat(url, "safe"), new_user()
        reply = wechat.ask(user, "长")
    assert 1900 < len(reply.encode()) <= 2048
    body, _, source = reply.partition(says.CUT_NOTE)
    assert LONG.startswith(body) and body.endswith("个项目。")  # whole sentences only
    assert source == "\n来源：长沙市12345政务热线中心2024年部门预算公开 表7"
    assert "可以接着问" not in reply


def test_a_retry_while_the_first_is_still_answered_gets_the_same_reply_and_the_loop_stays_free(tmp_path):
    engine = ScriptedEngine()

    async def scenario(url: str) -> tuple[list[str], float]:
        wechat, user = WeChat(url, "safe"), new_user()
        message = text(user, "慢")
        first = asyncio.create_task(asyncio.to_thread(wechat.post, message))
        await asyncio.sleep(0.3)
        retry = asyncio.create_task(asyncio.to_thread(wechat.post, message))  # WeChat gave up waiting
        started = time.perf_counter()
        timestamp, nonce = str(int(time.time())), "5"
        check = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, "echostr": "1"}
        async with httpx.AsyncClient() as client:
            assert (await client.get(url + "/wechat", params=check)).text == "1"
            assert (await client.get(url + "/healthz")).status_code == 200
        quick = time.perf_counter() - started
        return [wechat.reply(r, user) for r in await asyncio.gather(first, retry)], quick

    with serving(scripted_app(engine, tmp_path)) as url:
        replies, quick = asyncio.run(scenario(url))
    assert replies[0] == replies[1] and replies[0].startswith("答：慢\n来源：") and engine.calls == ["慢"]
    assert quick < 0.5  # answered while the engine was busy


def test_an_engine_failure_is_a_short_apology(tmp_path):
    with serving(scripted_app(ScriptedEngine(), tmp_path)) as url:
        wechat, user = WeChat(url), new_user()
        assert wechat.ask(user, "出错") == PHRASES("sorry")


def test_conversations_survive_a_restart(founding_engine, tmp_path):
    user = new_user()
    with serving(scripted_app(founding_engine, tmp_path)) as url:
        assert "3.93万元" in WeChat(url, "safe").ask(user, "三公经费是多少")
    with serving(scripted_app(founding_engine, tmp_path)) as url:
        assert "公务接待费预算1.90万元" in WeChat(url, "safe").ask(user, "其中公务接待费呢")


def test_without_a_key_compat_mode_is_answered_in_the_clear_and_safe_mode_is_logged(founding_engine, tmp_path,
                                                                                   caplog):
    user = new_user()
    with serving(scripted_app(founding_engine, tmp_path, aes=None)) as url:
        compat = WeChat(url, "compat").post(text(user, "三公经费是多少"))
        assert "3.93万元" in WeChat(url).reply(compat, user)  # the plain fields, replied in the clear
        with caplog.at_level(logging.ERROR, logger="budgetbot.wechat"):
            safe = WeChat(url, "safe").post(text(user, "三公经费是多少"))
        assert (safe.status_code, safe.text) == (200, "success")
        assert "WECHAT_AES_KEY" in caplog.text


def test_a_message_sealed_with_another_key_is_refused_with_a_hint_in_the_log(tmp_path, caplog):
    app = create_app(Session(ScriptedEngine()), token=TOKEN, aes=(APPID, "A" * 43), state=tmp_path / "s")
    with serving(app) as url:
        with caplog.at_level(logging.WARNING, logger="budgetbot.wechat"):
            r = WeChat(url, "safe").post(text(new_user(), "三公经费是多少"))
    assert r.status_code in (400, 403) and "答" not in r.text
    assert "WECHAT_AES_KEY" in caplog.text and "A" * 43 not in caplog.text


def test_retries_are_remembered_across_worker_connections(tmp_path):
    a, b = SharedState(tmp_path / "s.sqlite"), SharedState(tmp_path / "s.sqlite")
    now = 1_760_000_000.0
    assert a.claim("oUser:1", now) == (True, None)
    assert b.claim("oUser:1", now + 1) == (False, None)  # being answered by the other worker
    a.remember("oUser:1", "答", now + 1)
    assert b.claim("oUser:1", now + 2) == (False, "答")
    assert b.claim("oUser:1", now + 400) == (True, None)  # long after WeChat stopped retrying
    a.save("wechat:oUser", Context(subject="“三公”经费"), now)
    assert b.context("wechat:oUser", now + 5) == Context(subject="“三公”经费")


# --- the text of a reply


def test_source_line_is_short_and_from_the_structured_sources():
    doc = "长沙市12345政务热线中心2024年部门预算公开"
    sources = [Source(doc, "六（二）“三公”经费预算", section="六（二）"),
               Source(doc, "表7 2024年一般公共预算“三公”经费支出情况表", "合计", table=7),
               Source(doc, "六（二）“三公”经费预算", section="六（二）"),
               Source(doc, "表6 2024年一般公共预算基本支出情况表", "30217 公务接待费", table=6),
               Source(doc, "表8 2024年政府性基金预算支出表", table=8)]
    assert sources_brief(sources) == f"来源：{doc} 六（二）“三公”经费预算、表7、表6等"
    one = Source(doc, "表6 2024年一般公共预算基本支出情况表", "30103 奖金", "总计", table=6)
    assert sources_brief([one]) == f"来源：{doc} 表6"
    assert sources_brief([]) == ""


def test_message_text_drops_suggestions_before_cutting_and_keeps_markup_out():
    answer = "甲" * 650 + "。"  # 1,953 bytes: room for the source line, not for the suggestions too
    reply = Reply(answer, "amount", 1.0, sources=(Source("某文件", "表1 某表", table=1),),
                  suggestions=("比上年呢",) * 3)
    assert says.message_text(reply) == f"{answer}\n来源：某文件 表1"
    assert says.plain('见<a href="https://x">这里</a>，3<5') == '见＜a href="https://x">这里＜/a>，3<5'


def test_cut_at_sentence_prefers_sentence_ends():
    assert says.cut_at_sentence("第一句。第二句，很长很长。", 20) == "第一句。"
    assert says.cut_at_sentence("没有句号的一长串文字" * 10, 30) == "没有句号的一长串文字"


def test_redact_secrets_covers_messages_and_tracebacks():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s", (TOKEN,), None)
    try:
        raise ValueError(f"key {AES_KEY}")
    except ValueError:
        record.exc_info = sys.exc_info()
    RedactSecrets(TOKEN, AES_KEY).filter(record)
    written = logging.Formatter().format(record)
    assert "token <secret>" in written and "key <secret>" in written
    assert TOKEN not in written and AES_KEY not in written


# --- settings: one clear line at start, never the secret


@pytest.mark.parametrize("env, says_what", [
    ({"WECHAT_TOKEN": ""}, "WECHAT_TOKEN is not set"),
    ({"WECHAT_TOKEN": "has spaces and ünïcode " + TOKEN}, "WECHAT_TOKEN must be 3–32 letters or digits"),
    ({"WECHAT_AES_KEY": AES_KEY[:-1]}, "the one set has 42 characters"),
    ({"WECHAT_AES_KEY": AES_KEY[:-1] + "="}, "has characters other than letters and digits"),
    ({"WECHAT_APPID": ""}, "WECHAT_APPID is not"),
    ({"WECHAT_AES_KEY": ""}, "WECHAT_AES_KEY is not"),
    ({"WECHAT_APPID": "gh_1234567890"}, "WECHAT_APPID must look like wx"),
    ({"WECHAT_MENU": "/nonexistent/menu.toml"}, "WECHAT_MENU names /nonexistent/menu.toml, which is not a file"),
])
def test_a_missing_or_malformed_setting_is_one_line(env, says_what, tmp_path):
    full = {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_AES_KEY": AES_KEY, "WECHAT_MENU": "", **env}
    result = CliRunner().invoke(main, ["wechat", "--port", "1"], env=full)
    assert result.exit_code == 1
    assert says_what in result.output and result.output.startswith("Error: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert TOKEN not in result.output and AES_KEY[:20] not in result.output


def test_a_bad_menu_file_or_knowledge_base_is_one_line(tmp_path):
    menu = tmp_path / "menu.toml"
    menu.write_text('BTN = 3\n', encoding="utf-8")
    env = {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": "", "WECHAT_AES_KEY": "", "WECHAT_MENU": str(menu)}
    result = CliRunner().invoke(main, ["wechat"], env=env)
    assert result.exit_code == 1 and "BTN must be a question in quotes" in result.output
    assert result.output.count("\n") == 1
    missing = CliRunner().invoke(main, ["wechat", "--db", str(tmp_path / "missing.db")], env=env)
    assert missing.exit_code != 0 and "no knowledge base" in missing.output


def test_the_bundled_menu_file_is_valid():
    menu = says.load_menu(ROOT / "data" / "wechat_menu.toml")
    assert menu["SANGONG"] == "三公经费是多少" and all(menu.values())


# --- the words of replies.toml, the start-up log, one way of serving with web


def test_the_texts_around_the_answers_are_those_of_replies_toml(tmp_path):
    replies = tmp_path / "replies.toml"
    text = (DATA_DIR / "lexicon" / "replies.toml").read_text(encoding="utf-8")
    text = text.replace("您好，欢迎关注！", "欢迎来到测试号！")
    for name, said in [("welcome_default", "默认部门：{default}。\\n"), ("voice_unreadable", "（听不懂）"),
                       ("not_text", "（只收文字）"), ("sorry", "（出错了）"), ("too_long", "太长：{length}/{limit}")]:
        text = re.sub(rf"^{name} = .*$", lambda _, line=f'{name} = "{said}"': line, text, flags=re.M)
    replies.write_text(text.replace('"新对话"]', '"新对话", "从头来"]'), encoding="utf-8")
    engine = ScriptedEngine()
    engine.phrases = Phrases(replies, catalogue="", default_department=engine.default_department)
    image = {"PicUrl": "http://mmbiz.qpic.cn/x", "MediaId": "m1"}
    with serving(scripted_app(engine, tmp_path)) as url:
        wechat, user = WeChat(url), new_user()
        welcome = wechat.reply(wechat.post(event(user, "subscribe")), user)
        unheard = wechat.reply(wechat.post(voice(user, None)), user)
        picture = wechat.reply(wechat.post({**text_message_of(user, "image"), **image}), user)
        sorry, long, reset = (wechat.ask(user, q) for q in ("出错", "长" * 600, "从头来"))
    assert welcome.startswith("欢迎来到测试号！") and "\n默认部门：长沙市12345政务热线中心。\n" in welcome
    assert (unheard, picture, sorry, long) == ("（听不懂）", "（只收文字）", "（出错了）", "太长：600/200")
    assert reset == PHRASES("reset") and engine.calls == ["出错"]


def text_message_of(user: str, kind: str) -> dict:
    return {"ToUserName": ACCOUNT, "FromUserName": user, "CreateTime": int(time.time()), "MsgType": kind,
            "MsgId": next(MSG_IDS)}


def wechat_command(args: list[str], env: dict[str, str], tmp_path: Path, monkeypatch) -> dict:
    """`budgetbot wechat …` up to where uvicorn would start: what it would give uvicorn."""
    served = []
    for where in ("bot.frontends.serving.run_uvicorn", "bot.frontends.wechat.run_uvicorn"):
        monkeypatch.setattr(where, lambda app, **options: served.append({"app": app, **options}), raising=False)
    monkeypatch.setattr("os.umask", lambda mask: 0o022)
    menu = tmp_path / "menu.toml"
    menu.write_text("", encoding="utf-8")  # a menu without keys
    env = {"WECHAT_TOKEN": TOKEN, "WECHAT_APPID": "", "WECHAT_AES_KEY": "", "WECHAT_MENU": str(menu),
           "BUDGETBOT_WECHAT_STATE": str(tmp_path / "state.sqlite"),
           "BUDGETBOT_DB": "", "BUDGETBOT_STATE": "", **env}  # the last two set by the command: put back afterwards
    result = CliRunner().invoke(main, ["wechat", *args], env=env)
    assert result.exit_code == 0, result.output
    [options] = served
    return options


@pytest.mark.parametrize("aes, says_what", [
    ((APPID, AES_KEY), "明文, 兼容 and 安全模式 (WECHAT_APPID and WECHAT_AES_KEY set), each answered in its own mode"),
    (None, "明文模式, and 兼容模式 from the plain copy of each message, answered in the clear; not 安全模式, whose "
           "messages come encrypted only: set WECHAT_APPID and WECHAT_AES_KEY for it"),
])
def test_the_start_up_log_says_which_modes_are_answered_and_why(aes, says_what, tmp_path, monkeypatch, caplog):
    port = free_port()
    keys = {"WECHAT_APPID": aes[0], "WECHAT_AES_KEY": aes[1]} if aes else {}
    with caplog.at_level(logging.INFO, logger="budgetbot.wechat"):
        options = wechat_command(["--port", str(port)], keys, tmp_path, monkeypatch)
    assert f"messages at http://127.0.0.1:{port}/wechat: {says_what}; 0 menu keys" in caplog.text
    assert options["app"] == "bot.frontends.wechat:app_from_env"


def test_keep_alive_replies_are_not_held_back_by_nagle_with_several_workers(tmp_path, monkeypatch):
    # `budgetbot wechat --workers 2` serves on a socket uvicorn's supervisor made, which loses TCP_NODELAY
    # (uvicorn issue #3149): on the plain asyncio loop (uvloop sets it itself) every keep-alive reply
    # then waits ~40 ms for the client's delayed ACK, unless the command gives uvicorn NoDelayHTTP
    options = wechat_command(["--port", str(free_port()), "--workers", "2"], {}, tmp_path, monkeypatch)
    app = scripted_app(ScriptedEngine(), tmp_path, aes=None)
    with serving(app, loop="asyncio", http=options.get("http", "auto")) as url, httpx.Client() as client:
        wechat, user, times = WeChat(url), new_user(), []
        for _ in range(15):
            timestamp, nonce = str(int(time.time())), str(next(wechat.nonces))
            query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}
            body = to_xml(text(user, "三公经费是多少")).encode()
            started = time.perf_counter()
            assert client.post(wechat.url, params=query, content=body).text.startswith("<xml>")
            times.append(time.perf_counter() - started)
    assert options["workers"] == 2 and statistics.median(times) < 0.025


def test_a_text_message_whose_content_holds_elements_is_no_question(server):
    # a signed body with <Content><a>1</a></Content>: no traceback, no apology — nothing was asked
    url, log = server
    user = new_user()
    timestamp, nonce = str(int(time.time())), "4242"
    query = {"signature": sign(TOKEN, timestamp, nonce), "timestamp": timestamp, "nonce": nonce, "openid": user}
    body = (f"<xml><ToUserName>{ACCOUNT}</ToUserName><FromUserName>{user}</FromUserName>"
            f"<CreateTime>{timestamp}</CreateTime><MsgType>text</MsgType><Content><a>1</a></Content>"
            f"<MsgId>{next(MSG_IDS)}</MsgId></xml>")
    response = httpx.post(url + "/wechat", params=query, content=body.encode(), headers={"content-type": "text/xml"})
    assert response.status_code == 200
    assert PHRASES("sorry") not in response.text and "Traceback" not in log.read_text(encoding="utf-8")
