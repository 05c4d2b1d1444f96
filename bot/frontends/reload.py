"""A running server picks up a new knowledge base file without dropping a request.

`budgetbot ingest` (or a copy moved into place with `mv`) changes the file; the watcher sees its
inode, size or modification time change (it looks once a second, and waits until the file has held
still for one look, so a file still being written is not read), or is told by SIGHUP, loads a new
Engine on a thread, and swaps it into the answering Session in one assignment. A question already
being answered finishes on the engine it started with; the next one gets the new engine; the old
engine's knowledge base is closed a while later (RETIRE_AFTER), once its last question is answered.
A file that does not load is logged and the old engine keeps answering.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

from ..core.engine import Engine
from .misses import MissLog
from .session import Session

log = logging.getLogger("budgetbot.reload")
Signature = tuple[int, int, int, int]
RETIRE_AFTER = 30.0  # seconds an engine replaced stays open for questions already on their way to it


def signature(path: Path) -> Signature | None:
    """What changes when the file is written or replaced: device, inode, size, modification time."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def watched_session(path: str | Path, *, misses: MissLog | None = None) -> tuple[Session, EngineReloader]:
    """A Session over the knowledge base at `path`, and the reloader that keeps it current."""
    loaded = signature(Path(path))  # before loading: a change while it loads is seen afterwards
    session = Session(Engine(path), misses=misses)
    return session, EngineReloader(session, path, loaded=loaded)


class EngineReloader:
    """Keeps `session.engine` on the current contents of the knowledge base file at `path`; `loaded` is
    the signature of the file the session's engine was built from, taken before it was read."""

    def __init__(self, session: Session, path: str | Path, *, loaded: Signature | None, interval: float = 1.0,
                 load: Callable[[Path], Any] = Engine, retire_after: float = RETIRE_AFTER) -> None:
        self.session = session
        self.retire_after = retire_after
        self.path = Path(path)
        self.interval = interval
        self.load = load
        self.loaded = loaded
        self._seen = loaded
        self._lock = asyncio.Lock()

    async def check(self, *, force: bool = False) -> bool:
        """Load and swap in a new engine if the file changed and has held still since the last look
        (or at once with `force`); True if the engine was swapped."""
        now = signature(self.path)
        steady, self._seen = now == self._seen, now
        if now is None or (not force and (now == self.loaded or not steady)):
            return False
        async with self._lock:
            try:
                engine = await asyncio.to_thread(self.load, self.path)
            except Exception as e:
                self.loaded = now  # not again until the file changes again
                log.error("the knowledge base %s changed but does not load (%s: %s); still answering from "
                          "the one loaded before", self.path, type(e).__name__, e)
                return False
            old, self.session.engine = self.session.engine, engine
            self.loaded = now
        # a question whose thread took the old engine just before the swap (its conversation still being
        # loaded from the state store) may reach it later: it is closed after a while, and then only
        # once the questions it is answering are answered (Engine.close)
        asyncio.get_running_loop().call_later(self.retire_after, old.close)
        log.warning("knowledge base %s reloaded: %d documents", self.path, engine.document_count())
        return True

    async def watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:  # the watcher must outlive anything odd about the file
                log.exception("checking the knowledge base %s failed", self.path)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Watch the file and take SIGHUP (where the platform has it) while the server runs."""
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task] = set()

        def on_hup() -> None:
            log.warning("SIGHUP: reloading the knowledge base %s", self.path)
            task = loop.create_task(self.check(force=True))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        hup = getattr(signal, "SIGHUP", None)
        if hup is not None:
            with suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread: a test
                loop.add_signal_handler(hup, on_hup)
        watcher = loop.create_task(self.watch())
        try:
            yield
        finally:
            watcher.cancel()
            with suppress(asyncio.CancelledError):
                await watcher
            if hup is not None:
                with suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.remove_signal_handler(hup)

