"""`budgetbot serve`: the HTTP API, the demo page and the embeddable chat widget (Starlette on uvicorn)."""

from __future__ import annotations

import json
import logging
import math
import re
import secrets
import time
from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import settings
from .misses import MissLog
from .reload import watched_session
from .request_body import HungUp, TooLarge, read_body
from .serving import AnsweringThread, health_route, lifespan, prepare, run_server
from .state import StateStore, open_state

log = logging.getLogger("budgetbot.web")

SESSION = re.compile(r"[A-Za-z0-9_-]{8,64}")
PAGES = {"/": "index.html", "/budget": "budget.html"}
ASSETS = {
    "/widget.js": ("widget.js", "text/javascript; charset=utf-8"),
    "/site.css": ("site.css", "text/css; charset=utf-8"),
    "/openapi.json": ("openapi.json", "application/json"),
}
# The demo pages load only their own script and styles; the widget itself must stay embeddable
# elsewhere, so frame and CSP rules go on the pages, not on widget.js or the API.
PAGE_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
}
COMMON_HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin"}
JSON_TYPE = "application/json"


def create_app(
    db_path: str | Path,
    *,
    state: StateStore | str | Path,
    cors_origins: tuple[str, ...] = (),
    rate_limit: int = 30,
    max_body: int = 16_384,
    max_question: int = settings.MAX_QUESTION_CHARS,
    session_ttl: float = 1800.0,
    misses: MissLog | None = None,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The web app over one knowledge base (picked up anew when the file changes) and one state store
    (a store, or its URL); `rate_limit` is questions per client in any 60 seconds (0: off)."""
    answering, reloader = watched_session(db_path, misses=misses)
    store = state if isinstance(state, StateStore) else open_state(state, check=False, session_ttl=session_ttl,
                                                                   clock=clock)
    # the state store (a lock wait on the SQLite file, a round trip to Redis) and the engine run on
    # one thread per worker, so the event loop goes on reading requests meanwhile
    call = AnsweringThread("answer")
    sorry = answering.says("sorry")

    def too_long(length: int) -> str:
        return answering.says("too_long", length=str(length), limit=str(max_question))

    async def ask(request: Request) -> Response:
        # JSON only: a form or text/plain POST is a "simple" request a foreign page could send without
        # a CORS preflight, spending the visitor's rate limit
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != JSON_TYPE:
            return _error(415, '请求须是JSON：Content-Type: application/json，{"question": "…"}')
        if rate_limit:
            client = request.client.host if request.client else "unknown"
            wait = await call(store.hit, client, rate_limit)
            if wait:
                return _error(429, "提问太频繁了，请稍后再试。", {"retry-after": str(math.ceil(wait))})
        asked = await _asked(request, max_body, max_question, too_long)
        if isinstance(asked, Response):
            return asked
        question, session, new = asked
        reply = await call(answering.ask, store.conversation(f"web:{session}", new=new), question)
        return JSONResponse({**reply.to_dict(), "session": session}, headers={"cache-control": "no-store"})

    routes = [
        *_static_routes(),
        health_route(answering, store),
        Route("/api/ask", ask, methods=["POST"]),
    ]
    middleware = [
        Middleware(security_headers, sorry=sorry),
        Middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["POST"],
                   allow_headers=["content-type"], max_age=600),
    ]
    handlers = {HTTPException: _http_error, Exception: _server_error(sorry)}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers,
                     lifespan=lifespan(call, store, reloader))


def _static_routes() -> list[Route]:
    """The demo pages (with their strict headers) and the assets (widget.js, embeddable anywhere)."""
    static = files("bot.frontends") / "static"
    names = {*PAGES.values(), *(name for name, _ in ASSETS.values())}
    blobs = {name: (static / name).read_bytes() for name in names}

    async def page(request: Request) -> Response:
        return Response(blobs[PAGES[request.url.path]], media_type="text/html; charset=utf-8",
                        headers=PAGE_HEADERS)

    async def asset(request: Request) -> Response:
        name, media_type = ASSETS[request.url.path]
        headers = {"cache-control": "public, max-age=300", "cross-origin-resource-policy": "cross-origin"}
        return Response(blobs[name], media_type=media_type, headers=headers)

    return [*(Route(path, page) for path in PAGES), *(Route(path, asset) for path in ASSETS)]


async def _asked(request: Request, max_body: int, max_question: int,
                 too_long: Callable[[int], str]) -> tuple[str, str, bool] | Response:
    """(question, session, whether the server made the session) from the JSON body, or the refusal
    in words for the visitor."""
    try:
        body = await read_body(request, max_body)
    except TooLarge:
        return _error(413, f"请求太大了：请求体不能超过{max_body}字节，问题请在{max_question}字以内。")
    except HungUp:
        return Response(status_code=400)  # nobody is there to read it
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        data = None
    if not isinstance(data, dict):
        return _error(400, '请求须是JSON对象：{"question": "…", "session": "…"}')
    question, session = data.get("question"), data.get("session")
    if not isinstance(question, str) or not question.strip():
        return _error(422, "请输入问题，例如：三公经费是多少")
    if len(question) > max_question:
        return _error(422, too_long(len(question)))  # the words every front end says (replies.toml)
    if session is None:
        return question, secrets.token_urlsafe(16), True
    if not isinstance(session, str) or not SESSION.fullmatch(session):
        return _error(422, "session须是8到64位的字母、数字、-或_。")
    return question, session, False


def app_from_env() -> Starlette:
    """The app as each uvicorn worker builds it, from the settings `run` left in the environment."""
    return create_app(settings.db_path(), state=settings.state_url(default=settings.web_state_path()),
                      cors_origins=settings.cors_origins(), rate_limit=settings.rate_limit(),
                      misses=MissLog(settings.misses_path()))


def run(*, host: str, port: int, workers: int, db_path: str | Path, state_url: str | None = None) -> None:
    """Serve with uvicorn; each of `workers` processes loads the knowledge base once, and opens the
    state store at `state_url` (default: BUDGETBOT_STATE, else the SQLite file BUDGETBOT_WEB_STATE).
    What can be checked before is checked here, so a failure is one line (StartupError), not a
    worker's traceback."""
    prepare(host=host, port=port, db_path=db_path, state_url=state_url, default_state=settings.web_state_path(),
            state_setting="BUDGETBOT_WEB_STATE", check=settings.rate_limit)
    run_server("bot.frontends.web:app_from_env", host=host, port=port, workers=workers)


def security_headers(app: ASGIApp, *, sorry: str) -> ASGIApp:
    """Add nosniff and a referrer policy to every response, errors included; a failure inside is logged
    once and answered 500 (`sorry`) here, so the connection stays open (Starlette's own handler re-raises it)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        except Exception:
            if started:
                raise
            log.exception("answering %s failed", scope.get("path"))
            await _error(500, sorry, {"cache-control": "no-store"})(scope, receive, send_with_headers)

    return wrapped


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, exc.detail, exc.headers)


def _server_error(sorry: str) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The handler of any failure Starlette catches: logged once, answered 500 with `sorry`."""

    async def handler(request: Request, exc: Exception) -> Response:
        log.exception("answering %s failed", request.url.path, exc_info=exc)
        return _error(500, sorry, {**COMMON_HEADERS, "cache-control": "no-store"})

    return handler
