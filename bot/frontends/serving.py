"""What `budgetbot serve` and `budgetbot wechat` share: the checks and the environment before uvicorn
starts, uvicorn with SIGHUP meaning "reload the knowledge base" in every worker and Nagle's delay off,
`/healthz`, the app's lifespan, and the one thread every front end answers on (Telegram's too).

With one worker, the worker itself takes SIGHUP (see `reload.EngineReloader`). With several, uvicorn's
supervisor would restart every worker on SIGHUP, closing their keep-alive connections; here it passes
the signal on to them instead, and each swaps in the new knowledge base while it keeps serving.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import signal
import socket
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from uvicorn.protocols.http.auto import AutoHTTPProtocol
from uvicorn.supervisors.multiprocess import Multiprocess

from .. import settings
from .reload import EngineReloader
from .session import Session
from .startup import StartupError, check_knowledge_base, check_port, check_state_store
from .state import StateStore

log = logging.getLogger("uvicorn.error")
T = TypeVar("T")


class AnsweringThread:
    """The one thread a front end's engine and state store calls run on, so the event loop goes on
    reading requests meanwhile. One thread, not a pool: the Engine is used by one thread at a time,
    and it holds the GIL anyway, so many threads contending for it would leave some requests waiting
    for seconds under load (measured with benchmarks/web.py). `await answering(fn, *args)`."""

    def __init__(self, name: str = "answer") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def __call__(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def close(self) -> None:
        """Let the call under way finish, then stop the thread."""
        self._executor.shutdown(wait=True)


def health_route(session: Session, store: StateStore) -> Route:
    """`GET /healthz`: 200 either way, for a load balancer — without its state store a server still
    answers, only without follow-ups — with the documents of the engine answering now."""

    async def healthz(request: Request) -> Response:
        health = await asyncio.to_thread(store.health)  # never behind the answers waiting for their thread
        return JSONResponse({"status": "ok" if health == "ok" else "degraded",
                             "documents": session.engine.document_count(), "state": health})

    return Route("/healthz", healthz)


def lifespan(answering: AnsweringThread, store: StateStore,
             reloader: EngineReloader | None) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The app's lifespan: the knowledge base watched while it serves, then the thread and the store let go."""

    @asynccontextmanager
    async def span(app: Starlette) -> AsyncIterator[None]:
        if reloader:
            async with reloader.running():
                yield
        else:
            yield
        answering.close()
        store.close()

    return span


def prepare(*, host: str, port: int, db_path: str | Path, state_url: str | None, default_state: Path,
            state_setting: str, check: Callable[[], T]) -> T:
    """Check before the workers start what can be checked — the knowledge base, `check` (the settings
    the workers will read), the state store (`state_url`, else BUDGETBOT_STATE, else the SQLite file
    `default_state`, named by `state_setting`), the port — so a failure is one line (StartupError),
    not a worker's traceback; then leave the workers their environment. `check`'s result is returned."""
    path = check_knowledge_base(db_path)
    try:
        checked = check()
    except settings.SettingError as e:
        raise StartupError(str(e)) from None
    url = check_state_store(state_url or settings.state_url(default=default_state),
                            f"conversation state ({state_setting})")
    check_port(host, port)
    os.umask(0o077)  # anything the workers create is theirs alone
    os.environ["BUDGETBOT_DB"] = str(path)
    os.environ["BUDGETBOT_STATE"] = url
    return checked


def run_server(app: str, *, host: str, port: int, workers: int) -> None:
    """Serve the app factory `app` (module:function) under uvicorn, Nagle's delay off on every connection."""
    run_uvicorn(app, host=host, port=port, workers=workers, http=NoDelayHTTP, access_log=False,
                server_header=False)


class NoDelayHTTP(AutoHTTPProtocol):
    """uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

    With --workers N the listening socket uvicorn shares loses TCP_NODELAY (uvicorn issue #3149),
    and every keep-alive reply then waits about 40 ms for the client's delayed ACK.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


class ForwardingSupervisor(Multiprocess):
    """uvicorn's worker supervisor, with SIGHUP sent on to the workers rather than restarting them."""

    def handle_hup(self) -> None:
        log.info("Received SIGHUP, passing it on to the workers to reload the knowledge base.")
        for process in self.processes:
            if process.pid is not None and process.process.is_alive():
                os.kill(process.pid, signal.SIGHUP)


def run_uvicorn(app: str, *, host: str, port: int, workers: int, **options: Any) -> None:
    """`uvicorn.run(app, factory=True, …)`, but with the supervisor above when `workers` > 1."""
    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers, **options)
    if workers <= 1:
        server = uvicorn.Server(config)
        server.run()
        if not server.started:
            raise SystemExit(3)  # as uvicorn.run: the app or the socket failed at start
        return
    sock = config.bind_socket()
    if "target" in inspect.signature(Multiprocess.__init__).parameters:  # older uvicorn: the worker's target passed in
        supervisor = ForwardingSupervisor(config, target=uvicorn.Server(config).run, sockets=[sock])
    else:
        supervisor = ForwardingSupervisor(config, sockets=[sock])
    try:
        supervisor.run()
    finally:
        sock.close()
