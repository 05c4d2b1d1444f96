"""Running an app under uvicorn for `budgetbot serve` and `budgetbot wechat`, with SIGHUP meaning
"reload the knowledge base" in every worker.

With one worker, the worker itself takes SIGHUP (see `reload.EngineReloader`). With several, uvicorn's
supervisor would restart every worker on SIGHUP, closing their keep-alive connections; here it passes
the signal on to them instead, and each swaps in the new knowledge base while it keeps serving.
"""

from __future__ import annotations

import inspect
import logging
import os
import signal
from typing import Any

import uvicorn
from uvicorn.supervisors.multiprocess import Multiprocess

log = logging.getLogger("uvicorn.error")


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
