"""`budgetbot wechat`: a WeChat 公众号's developer server (开发者服务器) at /wechat, on wechatpy and Starlette.

Every request must carry WeChat's signature (sha1 of the Token, timestamp and nonce); messages come as
XML in 明文, 兼容 or 安全模式 (AES, wechatpy's WeChatCrypto) and are answered by passive reply (被动回复)
in the same mode. The engine and the state store run on one worker thread, so the event loop never
waits on them; WeChat's retries of a message find its first reply in the store (the SQLite file all
workers share, or Redis for several machines).
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from wechatpy.crypto import WeChatCrypto
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply

from .. import settings
from . import wechat_replies as says
from .logs import RedactSecrets
from .logs import configure_logging as log_to_stderr
from .misses import MissLog
from .reload import EngineReloader, watched_session
from .request_body import HungUp, TooLarge, read_body
from .serving import AnsweringThread, health_route, lifespan, prepare, run_server
from .session import Session
from .state import StateStore, open_state
from .wechat_protocol import Refused, Unreadable, cdata, open_message, read_message, signed

log = logging.getLogger("budgetbot.wechat")

PATH = "/wechat"
MAX_BODY = 65_536  # a text message of 2,048 bytes is under 10 kB even encrypted
PATIENCE = 14.0  # WeChat waits 5 s for a reply and tries three times; later replies reach nobody
NO_REPLY = "success"  # WeChat shows nothing and does not retry


class Responder:
    """What to say to a message, with the answering session, the state store and the menu; its methods
    other than `reply` are blocking and run on the one answering thread (`call`)."""

    def __init__(self, session: Session, state: StateStore, menu: dict[str, str]) -> None:
        self.session = session
        self.state = state
        self.menu = menu
        self.call = AnsweringThread("wechat-engine")

    async def reply(self, message: BaseMessage, kind: str, key: str) -> str:
        """The reply's text ("" for none); a retry of a message (same `key`) gets the text its first
        delivery got, answered once."""
        mine, text = await self.call(self.state.claim, key)
        if mine:
            return await self.call(self._answer_and_remember, key, message, kind)
        deadline = time.monotonic() + PATIENCE
        while text is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)  # the first delivery is being answered by another worker
            text = await self.call(self.state.stored, key)
        return text or ""

    def _answer_and_remember(self, key: str, message: BaseMessage, kind: str) -> str:
        started = time.perf_counter()
        try:
            text = self.respond(message, kind)
        except Exception:
            log.exception("answering a %s message failed", kind)
            text = self.session.says("sorry")
        self.state.remember(key, text)  # with the store away, the answer still goes out; a retry is answered anew
        log.info("%s message answered in %.0f ms", kind, (time.perf_counter() - started) * 1000)
        return text

    def respond(self, message: BaseMessage, kind: str) -> str:
        if kind == "text":
            return self.ask(message.source, _text(message.content))
        if kind == "voice":
            heard = _text(message.recognition).strip()
            return self.ask(message.source, heard) if heard else self.session.says("voice_unreadable")
        if kind == "event":
            event = (getattr(message, "event", "") or "").lower()
            if event in ("subscribe", "subscribe_scan"):  # 关注, also by scanning a QR code
                return says.welcome(self.session)
            if event == "click":
                key = _text(message.key).strip()
                return self.ask(message.source, self.menu.get(key, key)) if key else ""
            return ""  # unsubscribe, VIEW, LOCATION reports, …: WeChat expects no reply
        return self.session.says("not_text")  # image, location, link, video, …

    def ask(self, openid: str, question: str) -> str:
        question = question.strip()
        if len(question) > says.MAX_QUESTION:
            return self.session.says("too_long", length=str(len(question)), limit=str(says.MAX_QUESTION))
        return says.message_text(self.session.ask(self.state.conversation(f"wechat:{openid}"), question))


def _text(value: object) -> str:
    """A field of WeChat's XML as text: a field holding elements (<Content><a/></Content>, a forged body)
    is no text at all."""
    return value if isinstance(value, str) else ""


def create_app(session: Session, *, token: str, aes: tuple[str, str] | None, state: StateStore | str | Path,
               menu: dict[str, str] | None = None, session_ttl: float = 1800.0,
               reloader: EngineReloader | None = None) -> Starlette:
    """The developer server; `aes` is (AppID, EncodingAESKey) for 兼容 and 安全模式, None for 明文 only;
    `state` a store or its URL; `reloader` keeps the session's engine on the current knowledge base."""
    crypto = WeChatCrypto(token, aes[1], aes[0]) if aes else None
    store = state if isinstance(state, StateStore) else open_state(state, check=False, session_ttl=session_ttl)
    responder = Responder(session, store, menu or {})

    async def check_url(request: Request) -> Response:
        """The URL check of 服务器配置: a signed GET whose echostr is sent back."""
        if not signed(token, request.query_params):
            return refused(request, "no valid signature")
        return PlainTextResponse(request.query_params.get("echostr", ""))

    async def message(request: Request) -> Response:
        query = request.query_params
        if not signed(token, query):
            return refused(request, "no valid signature")
        try:
            body = await read_body(request, MAX_BODY)
        except TooLarge:
            return PlainTextResponse("request too large", status_code=413)
        except HungUp:
            return Response(status_code=400)  # the sender has gone: nothing to answer
        encrypted = query.get("encrypt_type", "").lower() == "aes"
        try:
            xml, encrypted = open_message(body, query, token=token, crypto=crypto, encrypted=encrypted)
            if xml is None:
                return PlainTextResponse(NO_REPLY)
            incoming, kind, key = read_message(xml)
        except Refused as e:
            return refused(request, str(e))
        except Unreadable as e:
            log.warning("an unreadable message: %s", e)
            return PlainTextResponse("bad message", status_code=400)
        text = await responder.reply(incoming, kind, key)
        if not text:
            return PlainTextResponse(NO_REPLY)
        reply = TextReply(source=incoming.target, target=incoming.source, content=cdata(text)).render()
        if encrypted and crypto:
            reply = crypto.encrypt_message(reply, query["nonce"])
        return Response(reply, media_type="application/xml")

    routes = [Route(PATH, check_url, methods=["GET"]), Route(PATH, message, methods=["POST"]),
              health_route(session, store)]
    return Starlette(routes=routes, lifespan=lifespan(responder.call, store, reloader),
                     exception_handlers={Exception: _server_error})


def refused(request: Request, why: str) -> Response:
    log.info("refused a %s: %s", request.method, why)
    return PlainTextResponse("forbidden", status_code=403)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("handling %s %s failed", request.method, request.url.path, exc_info=exc)
    return PlainTextResponse("error", status_code=500)


def configure_logging(*secrets: str) -> None:
    """Log to stderr, as uvicorn does, with the secrets redacted from every handler's output."""
    log_to_stderr(RedactSecrets(*secrets), loggers=("", "uvicorn", "uvicorn.error", "uvicorn.access"))


def app_from_env() -> Starlette:
    """The app as each uvicorn worker builds it, from the environment `run` checked."""
    token, aes = settings.wechat_token(), settings.wechat_aes()
    configure_logging(token, aes[1] if aes else "")
    session, reloader = watched_session(settings.db_path(), misses=MissLog(settings.misses_path()))
    menu = says.load_menu(settings.wechat_menu_path())
    state = settings.state_url(default=settings.wechat_state_path())
    return create_app(session, token=token, aes=aes, state=state, menu=menu, reloader=reloader)


def run(*, host: str, port: int, workers: int, db_path: str | Path, state_url: str | None = None) -> None:
    """Serve with uvicorn; bad settings stop here with one line (StartupError), not in a worker. The
    state store is `state_url`, else BUDGETBOT_STATE, else BUDGETBOT_WECHAT_STATE."""

    def check() -> tuple[str, tuple[str, str] | None, dict[str, str]]:
        return settings.wechat_token(), settings.wechat_aes(), says.load_menu(settings.wechat_menu_path())

    token, aes, menu = prepare(host=host, port=port, db_path=db_path, state_url=state_url,
                               default_state=settings.wechat_state_path(), state_setting="BUDGETBOT_WECHAT_STATE",
                               check=check)
    configure_logging(token, aes[1] if aes else "")
    log.info("messages at http://%s:%d%s: %s; %d menu keys", host, port, PATH, accepted_modes(aes), len(menu))
    run_server("bot.frontends.wechat:app_from_env", host=host, port=port, workers=workers)


def accepted_modes(aes: tuple[str, str] | None) -> str:
    """Which of the 消息加解密方式 this server answers, and why, for the start-up log."""
    if aes:
        return "明文, 兼容 and 安全模式 (WECHAT_APPID and WECHAT_AES_KEY set), each answered in its own mode"
    return ("明文模式, and 兼容模式 from the plain copy of each message, answered in the clear; not 安全模式, "
            "whose messages come encrypted only: set WECHAT_APPID and WECHAT_AES_KEY for it")
